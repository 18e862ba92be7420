/**
 * End-to-end harness for the Payconiq flow, everything over real HTTP on 127.0.0.1: the merchant
 * calls SOAP/REST, the buyer opens the hosted page, the gateway calls the embedded simulator,
 * the simulator calls the gateway back, the gateway notifies a real merchant endpoint.
 *
 * Besides the demo contract (connected to the embedded simulator by the partner directory), it
 * configures contracts with their own partner settings, as an operator would for a real partner,
 * that still reach the same embedded simulator but through a small "partner edge" server:
 *  - `/api/*` forwards to the simulator's Merchant API (optionally rewriting a payment's status,
 *    to produce statuses the simulator cannot), and
 *  - `/jwks/<name>` publishes the simulator's keys plus one test key of ours (so the tests can
 *    sign callbacks the gateway must trust, e.g. a status the simulator never sends), or answers
 *    503 for a name marked down (so the simulator's callbacks are not accepted: the poll-only path).
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createSecretBox } from '../../src/security/secret-box.js';
import { createContract, createPointOfSale } from '../../src/merchants/configure-contract.js';
import { createMerchant } from '../../src/merchants/create-merchant.js';
import type { PaymentSession } from '../../src/domain/payment-session.js';
import type { SessionEventRecord } from '../../src/ports/session-history.js';
import { defaultQuirks, type PayconiqSimulator } from '../../src/simulator/payconiq/simulator.js';
import { listenLocally, readBody } from './local-server.js';
import { startMerchantServer, type ReceivedNotification } from './merchant-server.js';
import {
  doWebPaymentEnvelope,
  getWebPaymentDetailsEnvelope,
  soapAnswer,
  type DoWebPaymentFields,
  type SoapAnswer,
} from './soap-client.js';
import { readOperationResponse } from './soap-response.js';
import { useSuiteFixture } from './suite-fixture.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';
import { payconiqContractOf } from './payconiq-contract.js';
import type { Wire } from './wire.js';

/** The test gateway's PASSERELLE_SECRET_KEY (test-gateway.ts), to seal partner API keys like the back-office does. */
const GATEWAY_SECRET_KEY = Buffer.alloc(32, 7);

export const CLAIMS = [
  'https://payconiq.com/iat',
  'https://payconiq.com/jti',
  'https://payconiq.com/path',
  'https://payconiq.com/iss',
  'https://payconiq.com/sub',
];

export type MerchantServer = Awaited<ReturnType<typeof startMerchantServer>>;

// ---------------------------------------------------------------------------------------------
// Signing keys and detached JWS, written out here (not imported from the simulator)
// ---------------------------------------------------------------------------------------------

export interface TestSigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

export function newSigningKey(kid: string): TestSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid, use: 'sig', alg: 'ES256' } };
}

/** `b64url(header)..b64url(sig)` over `b64url(header).b64url(body)`, ES256 (raw r‖s unless DER). */
export function signDetached(header: Record<string, unknown>, body: Buffer, key: KeyObject, der = false): string {
  const h = Buffer.from(JSON.stringify(header), 'utf8').toString('base64url');
  const signature = sign('sha256', Buffer.from(`${h}.${body.toString('base64url')}`, 'ascii'), {
    key,
    dsaEncoding: der ? 'der' : 'ieee-p1363',
  });
  return `${h}..${signature.toString('base64url')}`;
}

/** The protected header of a signature header value. */
export function decodeHeader(signature: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(signature.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// The partner edge: API pass-through and JWKS
// ---------------------------------------------------------------------------------------------

export interface PartnerEdge {
  url: string;
  /** JWKS names answering 503. */
  jwksDown: Set<string>;
  /** GET /v3/payments/{id} answers this status instead of the simulator's. */
  statusOverride: Map<string, string>;
  /** Requests that went through /api, as `METHOD /v3/...`. */
  apiCalls: string[];
  close(): Promise<void>;
}

async function startPartnerEdge(
  simulatorApi: () => string,
  simulatorKeys: () => Promise<{ keys: object[] }>,
  extraKeys: object[],
): Promise<PartnerEdge> {
  const jwksDown = new Set<string>();
  const statusOverride = new Map<string, string>();
  const apiCalls: string[] = [];
  const local = await listenLocally((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://edge');
      if (req.method === 'GET' && url.pathname.startsWith('/jwks/')) {
        const name = url.pathname.slice('/jwks/'.length).replace(/\/+$/, '');
        if (jwksDown.has(name)) {
          res.statusCode = 503;
          res.end();
          return;
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [...(await simulatorKeys()).keys, ...extraKeys] }));
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        const path = url.pathname.slice('/api'.length);
        apiCalls.push(`${req.method} ${path}`);
        const headers: Record<string, string> = {};
        for (const h of ['authorization', 'content-type', 'accept'])
          if (typeof req.headers[h] === 'string') headers[h] = req.headers[h] as string;
        const upstream = await fetch(`${simulatorApi()}${path}${url.search}`, {
          method: req.method ?? 'GET',
          headers,
          body: body.length > 0 ? new Uint8Array(body) : null,
        });
        let text = await upstream.text();
        const id = /^\/v3\/payments\/([0-9a-f]{24})$/.exec(path)?.[1];
        const override = id && req.method === 'GET' && upstream.status === 200 ? statusOverride.get(id) : undefined;
        if (override) text = JSON.stringify({ ...(JSON.parse(text) as object), status: override });
        res.statusCode = upstream.status;
        const type = upstream.headers.get('content-type');
        if (type) res.setHeader('content-type', type);
        res.end(text);
        return;
      }
      res.statusCode = 404;
      res.end();
    })().catch((err: unknown) => {
      res.statusCode = 502;
      res.end(String(err));
    });
  });
  return {
    url: local.url,
    jwksDown,
    statusOverride,
    apiCalls,
    close: local.close,
  };
}

// ---------------------------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------------------------

/** A contract with its own partner settings (profile registered at the embedded simulator). */
export interface OwnContract {
  merchantId: string;
  contractNumber: string;
  ppid: string;
  apiKey: string;
  /** Basic header of the contract's merchant. */
  authorization: string;
}

export interface E2e {
  t: TestGateway;
  sim: PayconiqSimulator;
  merchant: MerchantServer;
  edge: PartnerEdge;
  /** Published in the edge JWKS next to the simulator's keys: callbacks it signs are "the partner's". */
  partnerKey: TestSigningKey;
  /** Demo merchant, own settings, the edge JWKS "trusted" (always up). Simulator expiry 90 min. */
  trusted: OwnContract;
  /** Demo merchant, own settings, the edge JWKS "nocb" (down by default: callbacks answered 503). */
  nocb: OwnContract;
  callbackUrl: string;
  close(): Promise<void>;
}

export const DEMO_CONTRACT = 'PAYCONIQFP';

/** The gateway, its simulator and partner edge for a suite; after each test, its payments are driven to an end. */
export function usePayconiqE2e(): E2e {
  return useSuiteFixture(startE2e, (e) => e.close(), { afterEach: drain });
}

async function startE2e(): Promise<E2e> {
  const t = await startTestGateway();
  const sim = t.gateway.simulator!;
  const merchant = await startMerchantServer();
  const partnerKey = newSigningKey('es.signature.e2e.partner');
  const edge = await startPartnerEdge(
    () => `${t.baseUrl}/simulator/payconiq`,
    () => sim.jwks(),
    [partnerKey.publicJwk],
  );
  edge.jwksDown.add('nocb');
  const e: Omit<E2e, 'trusted' | 'nocb'> = {
    t,
    sim,
    merchant,
    edge,
    partnerKey,
    callbackUrl: `${t.baseUrl}/partners/payconiq/callback`,
    async close() {
      await t.close();
      await edge.close();
      await merchant.close();
    },
  };
  const [pos] = await t.gateway.deps.merchants.listPointsOfSale(t.merchantId);
  const trusted = await addOwnContract(e, {
    merchantId: t.merchantId,
    authorization: t.authorization,
    pointOfSaleId: pos!.id,
    contractNumber: 'PQTRUSTED',
    jwks: 'trusted',
  });
  const nocb = await addOwnContract(e, {
    merchantId: t.merchantId,
    authorization: t.authorization,
    pointOfSaleId: pos!.id,
    contractNumber: 'PQNOCB',
    jwks: 'nocb',
  });
  return { ...e, trusted, nocb };
}

export async function addOwnContract(
  e: Pick<E2e, 't' | 'sim' | 'edge'>,
  c: { merchantId: string; authorization: string; pointOfSaleId: string; contractNumber: string; jwks: string },
): Promise<OwnContract> {
  const ppid = randomBytes(12).toString('hex');
  const apiKey = `e2e-${randomBytes(16).toString('hex')}`;
  await e.sim.addProfile({
    apiKey,
    ppid,
    merchantId: c.contractNumber,
    name: `Shop ${c.contractNumber}`,
    iban: 'BE68539007547034',
    expiryMinutes: 90,
  });
  await createContract(e.t.gateway.deps, {
    cardCode: 'PAYCONIQ_MNXT',
    merchantId: c.merchantId,
    contractNumber: c.contractNumber,
    pointOfSaleId: c.pointOfSaleId,
    partnerContractId: c.contractNumber,
    tradeName: `Shop ${c.contractNumber}`,
    partnerSettings: {
      apiKey: createSecretBox(GATEWAY_SECRET_KEY).seal(apiKey),
      ppid,
      apiBaseUrl: `${e.edge.url}/api`,
      jwksUrl: `${e.edge.url}/jwks/${c.jwks}`,
    },
  });
  return { merchantId: c.merchantId, contractNumber: c.contractNumber, ppid, apiKey, authorization: c.authorization };
}

let noCallbackContracts = 0;

/**
 * A fresh contract whose JWKS is down: the simulator's callbacks for it are answered 503 until
 * `edge.jwksDown.delete(jwks)`. Fresh per test, because once the gateway has fetched a JWKS it
 * caches it for hours.
 */
export async function addNoCallbackContract(e: E2e): Promise<OwnContract & { jwks: string }> {
  const n = ++noCallbackContracts;
  const jwks = `nocb-${n}`;
  e.edge.jwksDown.add(jwks);
  const [pos] = await e.t.gateway.deps.merchants.listPointsOfSale(e.t.merchantId);
  const contract = await addOwnContract(e, {
    merchantId: e.t.merchantId,
    authorization: e.t.authorization,
    pointOfSaleId: pos!.id,
    contractNumber: `PQNOCB${n}`,
    jwks,
  });
  return { ...contract, jwks };
}

/** A second merchant ("B") with its own credentials, point of sale and contract (trusted JWKS). */
export async function addOtherMerchant(e: E2e, contractNumber: string): Promise<OwnContract> {
  const deps = e.t.gateway.deps;
  const {
    merchant: m,
    key: { accessKey },
  } = await createMerchant(
    deps,
    { companyName: 'Other shop', tradeName: 'Other shop' },
    { accessKey: { label: 'e2e' } },
  );
  const pos = await createPointOfSale(deps, { merchantId: m.id, label: 'OtherShop' });
  const authorization = `Basic ${Buffer.from(`${m.id}:${accessKey}`).toString('base64')}`;
  return addOwnContract(e, { merchantId: m.id, authorization, pointOfSaleId: pos.id, contractNumber, jwks: 'trusted' });
}

// ---------------------------------------------------------------------------------------------
// Merchant side: SOAP / REST over real HTTP
// ---------------------------------------------------------------------------------------------

export async function soap(e: E2e, envelope: string, authorization = e.t.authorization): Promise<SoapAnswer> {
  const res = await fetch(`${e.t.baseUrl}/V4/services/WebPaymentAPI`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '', authorization },
    body: envelope,
  });
  return soapAnswer(res.status, await res.text());
}

export async function rest(
  e: E2e,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  authorization = e.t.authorization,
) {
  const res = await fetch(`${e.t.baseUrl}${path}`, {
    method,
    headers: { authorization, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: Wire;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, body: text };
}

export interface NewPayment extends DoWebPaymentFields {
  /** Default true: notificationURL is the test merchant endpoint; false: none. */
  notify?: boolean;
  authorization?: string;
}

/** doWebPayment over SOAP; returns the token. */
export async function createPayment(e: E2e, fields: NewPayment = {}): Promise<string> {
  const { notify = true, authorization, ...rest } = fields;
  const amount = rest.amount ?? '1000';
  const created = await soap(
    e,
    doWebPaymentEnvelope({ orderAmount: amount, ...rest, notificationURL: notify ? e.merchant.url : '' }),
    authorization,
  );
  assert.equal(created.status, 200, created.body);
  assert.equal(created.field('code'), '00000', created.body);
  const token = created.field('token')!;
  assert.equal(created.field('redirectURL'), `${e.t.baseUrl}/v2/?token=${token}`);
  return token;
}

/** A getWebPaymentDetails answer: the raw fields, plus the result read strictly. */
export type DetailsAnswer = SoapAnswer & { result: { code: string; shortMessage: string; longMessage: string } };

export async function soapDetails(e: E2e, token: string, authorization?: string): Promise<DetailsAnswer> {
  const answer = await soap(e, getWebPaymentDetailsEnvelope(token), authorization);
  assert.equal(answer.status, 200, answer.body);
  // Read like a strict client: namespaces, one {op}Response, never a fault.
  const { result } = readOperationResponse(answer.body, 'getWebPaymentDetails');
  return Object.assign(answer, { result });
}

export const restDetails = (e: E2e, token: string, authorization?: string) =>
  rest(e, 'GET', `/v1/checkout/sessions/${token}`, undefined, authorization);

// ---------------------------------------------------------------------------------------------
// Buyer side: the hosted page over real HTTP
// ---------------------------------------------------------------------------------------------

export async function openPage(e: E2e, token: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${e.t.baseUrl}/v2/?token=${token}`);
  return { status: res.status, html: await res.text() };
}

/** POSTs one of the page's forms (`/v2/cancel`, `/v2/simulator/pay`, `/v2/simulator/abort`) like a browser. */
export async function pressButton(
  e: E2e,
  action: '/v2/cancel' | '/v2/simulator/pay' | '/v2/simulator/abort',
  token: string,
): Promise<{ status: number; location: string | null }> {
  const res = await fetch(`${e.t.baseUrl}${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  });
  await res.body?.cancel();
  return { status: res.status, location: res.headers.get('location') };
}

/** Opens the page and returns the partner payment id it created. */
export async function openAndGetPartnerId(e: E2e, token: string): Promise<string> {
  const page = await openPage(e, token);
  assert.equal(page.status, 200);
  const session = await getSession(e, token);
  assert.match(
    session.partnerPaymentId ?? '',
    /^[0-9a-f]{24}$/,
    `no partner payment for ${token} (result ${session.resultCode})`,
  );
  return session.partnerPaymentId!;
}

// ---------------------------------------------------------------------------------------------
// Partner side
// ---------------------------------------------------------------------------------------------

/** Payer actions on the simulator's "phone", then waits for every callback they trigger. */
export async function payerDoes(
  e: E2e,
  partnerId: string,
  ...actions: ('scan' | 'pay' | 'decline' | 'cancel' | 'expire' | 'fail')[]
): Promise<void> {
  for (const action of actions) await e.sim.act(partnerId, action);
  await e.sim.idle();
}

/** The payment as the partner API shows it (GET with the contract's own key). */
export async function partnerPayment(e: E2e, token: string): Promise<Record<string, Wire>> {
  const session = await getSession(e, token);
  const config = await payconiqContractOf(e.t, session.merchantId, session.contractNumber);
  const res = await fetch(`${e.t.baseUrl}/simulator/payconiq/v3/payments/${session.partnerPaymentId}`, {
    headers: { authorization: `Bearer ${config!.apiKey}` },
  });
  assert.equal(res.status, 200);
  return (await res.json()) as Record<string, Wire>;
}

export async function postCallback(
  e: E2e,
  body: Buffer | string,
  signature: string | undefined,
): Promise<{ status: number; json: Wire }> {
  const res = await fetch(e.callbackUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Payconiq Payments/v3',
      ...(signature !== undefined && { signature }),
    },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

export interface CraftedCallback {
  body: Buffer;
  signature: string;
  header: Record<string, unknown>;
}

/**
 * A callback as the partner would send it for `session`'s payment, signed with the partner test
 * key (trusted by contracts on the edge JWKS). Every part can be overridden to forge one.
 */
export function craftCallback(
  e: E2e,
  session: PaymentSession,
  opts: {
    status: string;
    ppid: string;
    amount?: number;
    body?: Record<string, unknown>;
    header?: Record<string, unknown>;
    key?: KeyObject;
    der?: boolean;
  },
): CraftedCallback {
  const now = e.t.clock.now();
  const body = Buffer.from(
    JSON.stringify({
      paymentId: session.partnerPaymentId,
      amount: opts.amount ?? session.amount,
      currency: 'EUR',
      reference: session.orderRef,
      createdAt: session.createdAt.toISOString(),
      expireAt: new Date(session.createdAt.getTime() + 90 * 60_000).toISOString(),
      status: opts.status,
      ...(opts.status === 'SUCCEEDED' && { succeededAt: now.toISOString() }),
      ...(opts.status !== 'PENDING' &&
        opts.status !== 'EXPIRED' && { debtor: { name: 'Ivan', iban: '***********42901' } }),
      ...opts.body,
    }),
    'utf8',
  );
  const header: Record<string, unknown> = {
    typ: 'JOSE+JSON',
    kid: e.partnerKey.kid,
    alg: 'ES256',
    'https://payconiq.com/iat': now.toISOString(),
    'https://payconiq.com/jti': randomBytes(8).toString('hex').slice(0, 15),
    'https://payconiq.com/path': e.callbackUrl,
    'https://payconiq.com/iss': 'Payconiq',
    'https://payconiq.com/sub': opts.ppid,
    crit: CLAIMS,
  };
  for (const [k, v] of Object.entries(opts.header ?? {})) {
    if (v === undefined) delete header[k];
    else header[k] = v;
  }
  return { body, header, signature: signDetached(header, body, opts.key ?? e.partnerKey.privateKey, opts.der) };
}

// ---------------------------------------------------------------------------------------------
// Gateway state
// ---------------------------------------------------------------------------------------------

export async function getSession(e: E2e, token: string): Promise<PaymentSession> {
  const s = await e.t.gateway.deps.sessions.get(token);
  assert.ok(s, `no session ${token}`);
  return s;
}

export const events = (e: E2e, token: string): Promise<SessionEventRecord[]> => e.t.gateway.deps.history.list(token);

export async function transactionsOf(e: E2e, token: string): Promise<{ id: string; result_code: string }[]> {
  return e.t.gateway.db.query<{ id: string; result_code: string }>(
    'SELECT id, result_code FROM transactions WHERE token = $1',
    [token],
  );
}

export const notificationsReceived = (e: E2e, token: string): ReceivedNotification[] =>
  e.merchant.received.filter((r) => r.token === token);

/** Everything a callback could change; compared before and after a rejected one. */
export async function snapshot(e: E2e, token: string) {
  const s = await getSession(e, token);
  return {
    resultCode: s.resultCode,
    partnerStatus: s.partnerStatus,
    partnerCode: s.partnerCode,
    finalAt: s.finalAt?.toISOString(),
    transactionId: s.transactionId,
    transactions: (await transactionsOf(e, token)).length,
    notifications: (await e.t.gateway.deps.outbox.list({ token })).length,
    received: notificationsReceived(e, token).length,
    // Statuses arriving after a final result are kept in the history marked `ignored`; they are not changes.
    events: (await events(e, token))
      .filter((ev) => !ev.detail?.ignored)
      .map((ev) => `${ev.source}:${ev.partnerStatus ?? ''}:${ev.resultCode ?? ''}`),
  };
}

/** Lets the simulator finish sending, then one worker pass (expiry, polling, notifications). */
export async function settle(e: E2e): Promise<void> {
  await e.sim.idle();
  await e.t.gateway.worker.runOnce();
}

/**
 * A final result as the merchant sees it: exactly one WEBTRS notification for the token, one
 * transaction (none for 02534) carrying the code, and getWebPaymentDetails answering it.
 */
export async function expectFinal(
  e: E2e,
  token: string,
  expected: { code: string; shortMessage: string; partnerCode?: string; authorization?: string },
): Promise<DetailsAnswer> {
  await settle(e);
  const received = notificationsReceived(e, token);
  assert.deepEqual(
    received.map((r) => r.notificationType),
    ['WEBTRS'],
    `one WEBTRS notification for ${token}`,
  );
  const records = await e.t.gateway.deps.outbox.list({ token });
  assert.deepEqual(
    records.map((r) => r.status),
    ['delivered'],
  );

  const details = await soapDetails(e, token, expected.authorization);
  assert.equal(details.result.code, expected.code, details.body);
  assert.equal(details.result.shortMessage, expected.shortMessage);
  if (expected.partnerCode !== undefined) assert.equal(details.field('partnerCode'), expected.partnerCode);

  const txs = await transactionsOf(e, token);
  if (expected.code === '02534') {
    assert.equal(txs.length, 0, 'the buyer never came: no transaction');
    assert.equal(details.field('id'), undefined);
  } else {
    assert.equal(txs.length, 1, 'one transaction');
    assert.equal(txs[0]!.result_code, expected.code);
    assert.equal(details.field('id'), txs[0]!.id);
    assert.match(txs[0]!.id, /^\d{14}$/);
  }
  return details;
}

/** Not final yet: the code, no transaction, no notification. */
export async function expectOpen(
  e: E2e,
  token: string,
  expected: { code: string; shortMessage: string; partnerCode?: string },
): Promise<DetailsAnswer> {
  await settle(e);
  const details = await soapDetails(e, token);
  assert.equal(details.result.code, expected.code, details.body);
  assert.equal(details.result.shortMessage, expected.shortMessage);
  if (expected.partnerCode !== undefined) assert.equal(details.field('partnerCode'), expected.partnerCode);
  assert.equal(details.field('id'), undefined, 'no transaction before a final result');
  assert.equal((await transactionsOf(e, token)).length, 0);
  assert.deepEqual(notificationsReceived(e, token), []);
  return details;
}

/**
 * Between tests: quirks off, then every session still open is ended (payment delay) and its
 * notification sent, so the next test's worker passes and partner failures only concern its own.
 */
export async function drain(e: E2e): Promise<void> {
  await e.sim.setQuirks(defaultQuirks());
  e.edge.statusOverride.clear();
  e.t.clock.advanceMinutes(62);
  await e.sim.tick();
  await e.t.gateway.worker.runOnce();
  await e.sim.idle();
  await e.t.gateway.worker.runOnce();
  const open = await e.t.gateway.db.query('SELECT token FROM web_sessions WHERE final_at IS NULL');
  assert.deepEqual(open, [], 'every session ended between tests');
}
