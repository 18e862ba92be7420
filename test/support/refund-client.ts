import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  doWebPaymentEnvelope,
  getWebPaymentDetailsEnvelope,
  IMPL,
  OBJ,
  postSoap,
  SOAP_ENV,
  type SoapAnswer,
} from './soap-client.js';
import { restCall } from './rest-client.js';
import type { TestGateway } from './test-gateway.js';

/** A web payment paid on the homologation page (MAKE A PAYMENT): its token and 14-digit transaction id. */
export async function paidPayment(
  t: TestGateway,
  opts: { amount?: number; notificationURL?: string; contractNumber?: string; authorization?: string } = {},
): Promise<{ token: string; transactionId: string }> {
  const amount = String(opts.amount ?? 1000);
  const headers: Record<string, string> = opts.authorization ? { authorization: opts.authorization } : {};
  const created = await postSoap(
    t,
    'WebPaymentAPI',
    doWebPaymentEnvelope({
      amount,
      orderAmount: amount,
      notificationURL: opts.notificationURL ?? '',
      contractNumber: opts.contractNumber ?? 'PAYCONIQFP',
    }),
    headers,
  );
  const token = created.field('token');
  assert.ok(token, created.body);
  await t.gateway.app.inject({ url: `/v2/?token=${token}` });
  await t.gateway.app.inject({ method: 'POST', url: '/v2/simulator/pay', payload: { token } });
  const details = await postSoap(t, 'WebPaymentAPI', getWebPaymentDetailsEnvelope(token), headers);
  assert.equal(details.field('code'), '00000', details.body);
  const transactionId = details.field('id')!;
  assert.match(transactionId, /^\d{14}$/);
  // The simulator's callbacks for this payment are still in flight; their handling calls the partner
  // (refund IBAN) and would consume a fault a test injects next.
  await t.gateway.simulator?.idle();
  return { token, transactionId };
}

export interface DoRefundFields {
  transactionID?: string | null;
  amount?: string | null;
  currency?: string | null;
  contractNumber?: string | null;
  comment?: string | null;
  sequenceNumber?: string | null;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const el = (prefix: string, name: string, v: string | null | undefined) =>
  v === null || v === undefined ? '' : `<${prefix}:${name}>${esc(v)}</${prefix}:${name}>`;

/** A doRefund envelope like the PHP SDK sends (action 421, mode CPT). `null` / undefined omits a field. */
export function doRefundEnvelope(f: DoRefundFields): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENV}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}"><SOAP-ENV:Body><impl:doRefundRequest>
<impl:version>34</impl:version>${el('impl', 'transactionID', f.transactionID)}
<impl:payment>${el('obj', 'amount', f.amount)}${el('obj', 'currency', f.currency === undefined ? '978' : f.currency)}<obj:action>421</obj:action><obj:mode>CPT</obj:mode>${el('obj', 'contractNumber', f.contractNumber === undefined ? 'PAYCONIQFP' : f.contractNumber)}</impl:payment>
${el('impl', 'comment', f.comment)}${el('impl', 'sequenceNumber', f.sequenceNumber)}
</impl:doRefundRequest></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
}

export function soapRefund(
  t: TestGateway,
  fields: DoRefundFields,
  headers: Record<string, string> = {},
): Promise<SoapAnswer> {
  return postSoap(t, 'DirectPaymentAPI', doRefundEnvelope(fields), headers);
}

export function restRefund(
  t: TestGateway,
  transactionId: string,
  body: unknown,
  opts: { key?: string; authorization?: string } = {},
) {
  return restCall(t, 'POST', `/v1/checkout/transactions/${transactionId}/refunds`, body, {
    ...(opts.authorization && { authorization: opts.authorization }),
    ...(opts.key !== undefined && { 'idempotency-key': opts.key }),
  });
}

/**
 * The partner settles its pending refunds (simulator tick), then, once the next poll is due
 * (at most 5 minutes away), one worker pass reads them and sends the notifications it queues.
 */
export async function settleRefunds(t: TestGateway): Promise<void> {
  await t.gateway.simulator!.tick();
  t.clock.advanceMinutes(6);
  await t.gateway.worker.runOnce();
  await t.gateway.worker.runOnce();
}

export async function refundRows(t: TestGateway, originalId: string) {
  return t.gateway.db.query<{
    id: string;
    amount: number;
    result_code: string;
    status: string;
    type: string;
    partner_refund_id: string | null;
  }>(
    `SELECT t.id, t.amount, t.result_code, t.type, r.status, r.partner_refund_id FROM transactions t JOIN refunds r ON r.transaction_id = t.id
      WHERE t.original_transaction_id = $1 ORDER BY t.created_at, t.id`,
    [originalId],
  );
}

/** The harness's PASSERELLE_SECRET_KEY (test-gateway.ts), to seal partner API keys like the CLI does. */
const GATEWAY_SECRET_KEY = Buffer.alloc(32, 7);

export interface OwnContract {
  contractNumber: string;
  partnerContractId: string;
  ppid: string;
  apiKey: string;
}

/**
 * A contract of the demo merchant with its own partner settings, as an operator configures a real
 * one, reaching the embedded simulator of `host` (default `t`) directly or through `apiBaseUrl`.
 */
export async function addOwnContract(
  t: TestGateway,
  opts: {
    contractNumber: string;
    apiBaseUrl?: string;
    refundsEnabled?: boolean;
    host?: TestGateway;
    merchantJwksUrl?: string;
  },
): Promise<OwnContract> {
  const { createContract } = await import('../../src/merchants/configure-contract.js');
  const { createSecretBox } = await import('../../src/security/secret-box.js');
  const host = opts.host ?? t;
  const ppid = randomBytes(12).toString('hex');
  const apiKey = `refund-test-${randomBytes(12).toString('hex')}`;
  const partnerContractId = `MID-${opts.contractNumber}`;
  await host.gateway.simulator!.addProfile({
    apiKey,
    ppid,
    merchantId: partnerContractId,
    name: `Shop ${opts.contractNumber}`,
    iban: 'BE68539007547034',
    refundsEnabled: opts.refundsEnabled ?? true,
    ...(opts.merchantJwksUrl && { merchantJwksUrl: opts.merchantJwksUrl }),
  });
  const [pos] = await t.gateway.deps.merchants.listPointsOfSale(t.merchantId);
  await createContract(t.gateway.deps, {
    cardCode: 'PAYCONIQ_MNXT',
    merchantId: t.merchantId,
    contractNumber: opts.contractNumber,
    pointOfSaleId: pos!.id,
    partnerContractId,
    partnerSettings: {
      apiKey: createSecretBox(GATEWAY_SECRET_KEY).seal(apiKey),
      ppid,
      apiBaseUrl: opts.apiBaseUrl ?? `${host.baseUrl}/simulator/payconiq`,
      jwksUrl: `${host.baseUrl}/simulator/payconiq/jwks/`,
    },
  });
  return { contractNumber: opts.contractNumber, partnerContractId, ppid, apiKey };
}

/**
 * A refund asked of the payment's partner directly, through the gateway's connector (so signed like
 * the gateway's own requests): 'created', or the partner's refusal code.
 */
export async function partnerRefundProbe(t: TestGateway, token: string, amount: number, key: string): Promise<string> {
  const session = (await t.gateway.deps.sessions.get(token))!;
  const partner = (await t.gateway.deps.partners.connect(session.merchantId, session.contractNumber))!;
  const answer = await partner.createRefund({
    partnerPaymentId: session.partnerPaymentId!,
    idempotencyKey: key,
    amount,
    currency: 'EUR',
  });
  return answer.outcome === 'created' ? 'created' : answer.partnerCode;
}

/** Another merchant with its own key, point of sale and contract (connected to the embedded simulator). */
export async function otherMerchant(
  t: TestGateway,
): Promise<{ merchantId: string; authorization: string; contractNumber: string }> {
  const { createContract, createPointOfSale } = await import('../../src/merchants/configure-contract.js');
  const { createMerchant } = await import('../../src/merchants/create-merchant.js');
  const deps = t.gateway.deps;
  const {
    merchant: m,
    key: { accessKey },
  } = await createMerchant(deps, { companyName: 'Other SA', tradeName: 'Other' }, { accessKey: { label: 'k' } });
  const pos = await createPointOfSale(deps, { merchantId: m.id, label: 'OtherShop' });
  const contractNumber = `PQ${m.id.slice(-6)}`;
  await createContract(deps, {
    cardCode: 'PAYCONIQ_MNXT',
    merchantId: m.id,
    contractNumber,
    pointOfSaleId: pos.id,
    partnerContractId: `OTHER${m.id}`,
  });
  return {
    merchantId: m.id,
    authorization: `Basic ${Buffer.from(`${m.id}:${accessKey}`).toString('base64')}`,
    contractNumber,
  };
}
