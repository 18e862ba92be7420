import assert from 'node:assert/strict';
import { createMerchant } from '../../src/merchants/create-merchant.js';
import { restCall, validSessionBody } from './rest-client.js';
import {
  doWebPaymentEnvelope,
  getWebPaymentDetailsEnvelope,
  IMPL,
  postSoap,
  SOAP_ENV,
  type DoWebPaymentFields,
} from './soap-client.js';
import type { TestGateway } from './test-gateway.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** An `{operation}Request` envelope with these impl children, in the order given (null or undefined: left out). */
export function implEnvelope(operation: string, fields: Record<string, string | null | undefined>): string {
  const children = Object.entries(fields)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `<i:${k}>${esc(v!)}</i:${k}>`)
    .join('');
  return `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Body><i:${operation}Request xmlns:i="${IMPL}"><i:version>34</i:version>${children}</i:${operation}Request></s:Body></s:Envelope>`;
}

export const getTransactionDetails = (
  t: TestGateway,
  fields: Record<string, string | null | undefined>,
  headers: Record<string, string> = {},
) => postSoap(t, 'ExtendedAPI', implEnvelope('getTransactionDetails', fields), headers);

export const transactionsSearch = (
  t: TestGateway,
  fields: Record<string, string | null | undefined>,
  headers: Record<string, string> = {},
) => postSoap(t, 'ExtendedAPI', implEnvelope('transactionsSearch', fields), headers);

export interface MadePayment {
  token: string;
  transactionId: string;
}

/** The buyer opens the hosted page and presses MAKE A PAYMENT or ABORT (the real flow, through the simulator). */
export async function buyerPresses(t: TestGateway, token: string, button: 'pay' | 'abort'): Promise<string> {
  const page = await t.gateway.app.inject({ url: `/v2/?token=${token}` });
  assert.equal(page.statusCode, 200);
  const res = await t.gateway.app.inject({ method: 'POST', url: `/v2/simulator/${button}`, payload: { token } });
  assert.equal(res.statusCode, 303, res.body);
  const details = await postSoap(t, 'WebPaymentAPI', getWebPaymentDetailsEnvelope(token));
  const id = details.field('id');
  assert.match(id ?? '', /^\d{14}$/, details.body);
  return id!;
}

/** doWebPayment (SOAP) → hosted page → MAKE A PAYMENT / ABORT; returns the token and the transaction id. */
export async function soapPayment(
  t: TestGateway,
  fields: DoWebPaymentFields = {},
  button: 'pay' | 'abort' = 'pay',
): Promise<MadePayment> {
  const created = await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope(fields));
  assert.equal(created.field('code'), '00000', created.body);
  const token = created.field('token')!;
  return { token, transactionId: await buyerPresses(t, token, button) };
}

/** The same through REST `POST /v1/checkout/sessions` (lets the buyer carry an email). */
export async function restPayment(t: TestGateway, overrides: Record<string, unknown> = {}): Promise<MadePayment> {
  const created = await restCall(t, 'POST', '/v1/checkout/sessions', validSessionBody(overrides));
  assert.equal(created.status, 201, created.body);
  const token = created.json.sessionId as string;
  return { token, transactionId: await buyerPresses(t, token, 'pay') };
}

/** Basic credentials of a second merchant with its own key. */
export async function otherMerchantAuthorization(t: TestGateway): Promise<string> {
  const {
    merchant: other,
    key: { accessKey },
  } = await createMerchant(
    t.gateway.deps,
    { companyName: 'Other SA', tradeName: 'Other' },
    { accessKey: { label: 'k' } },
  );
  return `Basic ${Buffer.from(`${other.id}:${accessKey}`).toString('base64')}`;
}

/** `dd/MM/yyyy HH:mm` of a date, UTC (the gateway's clock). */
export function searchDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
