/**
 * The measured scenarios, as load specifications. Three baselines (bare JSON, bare INSERT, bare SELECT), gateway
 * operations (doWebPayment over REST and SOAP, getWebPaymentDetails over SOAP, doAuthorization over
 * SOAP — which creates the payment at the embedded Payconiq simulator during the call — and
 * doRefund over SOAP, spread over many payments or all on one) and one complete payment through
 * the simulator (flow-driver.ts).
 */
import { randomBytes } from 'node:crypto';
import { BARE_INSERT_PATH, BARE_JSON_PATH, BARE_READ_ROWS, BARE_SELECT_PATH } from './baselines.js';
import { bodyFor, type FlowSpec, type LoadSpec } from './load-spec.js';
import {
  bareInsertBody,
  ORDER_REF_PLACEHOLDER,
  restSessionBody,
  RETURN_URL,
  soapDoAuthorizationBody,
  soapDoRefundBody,
  soapDoWebPaymentBody,
  soapWebPaymentDetailsBody,
  TOKEN_PLACEHOLDER,
  TRANSACTION_PLACEHOLDER,
  UNIQUE_ID,
} from './payloads.js';

export type ScenarioId =
  | 'bare-json'
  | 'bare-insert'
  | 'bare-select'
  | 'rest-doWebPayment'
  | 'soap-doWebPayment'
  | 'soap-getWebPaymentDetails'
  | 'soap-doAuthorization'
  | 'soap-doRefund-spread'
  | 'soap-doRefund-one-payment'
  | 'full-payment';

export interface Scenario {
  id: ScenarioId;
  title: string;
  role: 'baseline' | 'gateway';
  /** A read of stored data: compared with the bare SELECT too. */
  read?: boolean;
  /** The throughput issue 13 asks of it, as a share of the bare INSERT's on the same database. */
  targetVsBareInsert?: number;
}

export const SCENARIOS: Record<ScenarioId, Scenario> = {
  'bare-json': { id: 'bare-json', title: 'baseline: bare Fastify JSON', role: 'baseline' },
  'bare-insert': { id: 'bare-insert', title: 'baseline: bare Fastify INSERT…RETURNING', role: 'baseline' },
  'bare-select': { id: 'bare-select', title: 'baseline: bare Fastify SELECT by primary key', role: 'baseline' },
  'rest-doWebPayment': {
    id: 'rest-doWebPayment',
    title: 'REST POST /v1/checkout/sessions',
    role: 'gateway',
    targetVsBareInsert: 0.8,
  },
  'soap-doWebPayment': {
    id: 'soap-doWebPayment',
    title: 'SOAP doWebPayment',
    role: 'gateway',
    targetVsBareInsert: 0.7,
  },
  'soap-getWebPaymentDetails': {
    id: 'soap-getWebPaymentDetails',
    title: 'SOAP getWebPaymentDetails',
    role: 'gateway',
    read: true,
  },
  'soap-doAuthorization': {
    id: 'soap-doAuthorization',
    title: 'SOAP doAuthorization (partner payment created in the call)',
    role: 'gateway',
  },
  'soap-doRefund-spread': {
    id: 'soap-doRefund-spread',
    title: 'SOAP doRefund, 1 cent, spread over many payments',
    role: 'gateway',
  },
  'soap-doRefund-one-payment': {
    id: 'soap-doRefund-one-payment',
    title: 'SOAP doRefund, 1 cent, all on one payment',
    role: 'gateway',
  },
  'full-payment': { id: 'full-payment', title: 'complete payment via the Payconiq simulator', role: 'gateway' },
};

export interface LoadShape {
  connections: number;
  durationS: number;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const XML_TYPE = { 'content-type': 'text/xml; charset=utf-8' };
const SOAP_PATH = '/V4/services/WebPaymentAPI';

export function bareJsonSpec(baseUrl: string, shape: LoadShape): LoadSpec {
  return {
    ...shape,
    baseUrl,
    method: 'GET',
    path: BARE_JSON_PATH,
    headers: {},
    expect: { status: 200, bodyIncludes: '"00000"' },
  };
}

export function bareInsertSpec(baseUrl: string, shape: LoadShape): LoadSpec {
  return {
    ...shape,
    baseUrl,
    method: 'POST',
    path: BARE_INSERT_PATH,
    headers: JSON_TYPE,
    body: bareInsertBody(`B-${UNIQUE_ID}`),
    uniqueIds: true,
    expect: { status: 201, bodyIncludes: '"id"' },
  };
}

const ROW_PLACEHOLDER = '"__BENCH_ROW__"';

/** One row by primary key, cycling through the seeded rows (as getWebPaymentDetails cycles through tokens). */
export function bareSelectSpec(baseUrl: string, shape: LoadShape): LoadSpec {
  return {
    ...shape,
    baseUrl,
    method: 'POST',
    path: BARE_SELECT_PATH,
    headers: JSON_TYPE,
    body: `{"id":${ROW_PLACEHOLDER}}`,
    cycle: { placeholder: ROW_PLACEHOLDER, values: Array.from({ length: BARE_READ_ROWS }, (_, i) => String(i + 1)) },
    expect: { status: 200, bodyIncludes: '"resultCode":"02533"' },
  };
}

/** doWebPayment over REST; every request has its own order reference. */
export function restDoWebPaymentSpec(baseUrl: string, authorization: string, shape: LoadShape): LoadSpec {
  return {
    ...shape,
    baseUrl,
    method: 'POST',
    path: '/v1/checkout/sessions',
    headers: { ...JSON_TYPE, authorization },
    body: restSessionBody(`B-${UNIQUE_ID}`),
    uniqueIds: true,
    expect: { status: 201, bodyIncludes: '"code":"00000"' },
  };
}

/** doWebPayment over SOAP; every request has its own order reference. */
export function soapDoWebPaymentSpec(baseUrl: string, authorization: string, shape: LoadShape): LoadSpec {
  return {
    ...shape,
    baseUrl,
    method: 'POST',
    path: SOAP_PATH,
    headers: { ...XML_TYPE, authorization },
    body: soapDoWebPaymentBody(`B-${UNIQUE_ID}`),
    uniqueIds: true,
    expect: { status: 200, bodyIncludes: '>00000</' },
  };
}

/** doAuthorization over SOAP: each request stores a payment and creates it at the embedded simulator (02000). */
export function soapDoAuthorizationSpec(baseUrl: string, authorization: string, shape: LoadShape): LoadSpec {
  return {
    ...shape,
    baseUrl,
    method: 'POST',
    path: '/V4/services/DirectPaymentAPI',
    headers: { ...XML_TYPE, authorization },
    body: soapDoAuthorizationBody(`B-${UNIQUE_ID}`),
    uniqueIds: true,
    expect: { status: 200, bodyIncludes: '>02000</' },
  };
}

/**
 * doRefund over SOAP of 1 cent, cycling through accepted payments: each request reserves the
 * amount under the payment's row lock, stores the refund and sends it to the simulator's Refund API
 * (signed request). With one payment, every request waits for that one lock.
 */
export function soapDoRefundSpec(
  baseUrl: string,
  authorization: string,
  transactionIds: string[],
  shape: LoadShape,
): LoadSpec {
  return {
    ...shape,
    baseUrl,
    method: 'POST',
    path: '/V4/services/DirectPaymentAPI',
    headers: { ...XML_TYPE, authorization },
    body: soapDoRefundBody(TRANSACTION_PLACEHOLDER, 1),
    cycle: { placeholder: TRANSACTION_PLACEHOLDER, values: transactionIds },
    expect: { status: 200, bodyIncludes: '>00000</' },
  };
}

/**
 * getWebPaymentDetails over SOAP on sessions opened before the measurement, cycling through them.
 * They are open (buyer not redirected yet), so the expected result is 02533.
 */
export function soapWebPaymentDetailsSpec(
  baseUrl: string,
  authorization: string,
  tokens: string[],
  shape: LoadShape,
): LoadSpec {
  return {
    ...shape,
    baseUrl,
    method: 'POST',
    path: SOAP_PATH,
    headers: { ...XML_TYPE, authorization },
    body: soapWebPaymentDetailsBody(TOKEN_PLACEHOLDER),
    cycle: { placeholder: TOKEN_PLACEHOLDER, values: tokens },
    expect: { status: 200, bodyIncludes: '>02533</' },
  };
}

/** Per HTTP step of a full payment: an unanswered step fails its payment (and bounds the run's tail). */
const FLOW_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Complete payments: REST doWebPayment → hosted page (partner payment created at the simulator) →
 * MAKE A PAYMENT (simulator scan + pay, settle, 303 to returnURL) → SOAP getWebPaymentDetails 00000.
 */
export function fullPaymentSpec(baseUrl: string, authorization: string, buyers: number, durationS: number): FlowSpec {
  return {
    baseUrl,
    authorization,
    buyers,
    durationS,
    sessionBody: restSessionBody(ORDER_REF_PLACEHOLDER),
    orderRefPlaceholder: ORDER_REF_PLACEHOLDER,
    detailsBody: soapWebPaymentDetailsBody(TOKEN_PLACEHOLDER),
    tokenPlaceholder: TOKEN_PLACEHOLDER,
    returnUrl: RETURN_URL,
    requestTimeoutMs: FLOW_REQUEST_TIMEOUT_MS,
  };
}

/**
 * Sends one request of `spec` (as the load generator would build it) and checks the answer, so that
 * a misconfigured scenario fails before it is measured.
 */
export async function preflight(spec: LoadSpec, index = 0): Promise<void> {
  let body = bodyFor(spec, index);
  if (body !== undefined && spec.uniqueIds) body = body.replaceAll(UNIQUE_ID, randomBytes(16).toString('base64url'));
  const res = await fetch(new URL(spec.path, spec.baseUrl), {
    method: spec.method,
    headers: spec.headers,
    ...(body !== undefined && { body }),
  });
  const text = await res.text();
  if (res.status !== spec.expect.status || !text.includes(spec.expect.bodyIncludes)) {
    throw new Error(
      `pre-flight ${spec.method} ${spec.path}: expected HTTP ${spec.expect.status} with "${spec.expect.bodyIncludes}", got HTTP ${res.status}: ${text.slice(0, 500)}`,
    );
  }
}
