/**
 * Request bodies, taken from the test suite's builders so that the bench always sends what the
 * tests prove valid (a payload the gateway rejects would make the bench measure errors).
 */
import { validSessionBody } from '../test/support/rest-client.js';
import { doAuthorizationEnvelope } from '../test/support/direct-payment.js';
import { doRefundEnvelope } from '../test/support/refund-client.js';
import { doWebPaymentEnvelope, getWebPaymentDetailsEnvelope } from '../test/support/soap-client.js';

/** autocannon's unique-id placeholder (replaced per request when idReplacement is on). */
export const UNIQUE_ID = '[<id>]';
/** Placeholder substituted with one of the pre-created tokens per request. */
export const TOKEN_PLACEHOLDER = '__BENCH_TOKEN__';
/** Placeholder substituted with one of the pre-paid payments' transaction ids per request. */
export const TRANSACTION_PLACEHOLDER = '__BENCH_TRANSACTION__';
/** Placeholder substituted with a fresh order reference per payment (full-flow scenario). */
export const ORDER_REF_PLACEHOLDER = '__BENCH_ORDER_REF__';
/** The returnURL of the bench sessions: where the buyer lands after paying. */
export const RETURN_URL = String(validSessionBody().returnURL);

/** REST `POST /v1/checkout/sessions` body with the given order reference (and amount, in cents). */
export function restSessionBody(orderRef: string, amount?: number): string {
  const base = validSessionBody();
  const order = {
    ...(base.order as Record<string, unknown>),
    reference: orderRef,
    ...(amount !== undefined && { amount }),
  };
  const payment = { ...(base.payment as Record<string, unknown>), ...(amount !== undefined && { amount }) };
  return JSON.stringify({ ...base, order, payment });
}

/** SOAP doWebPayment envelope with the given order reference (`[<id>]` survives XML escaping). */
export function soapDoWebPaymentBody(orderRef: string): string {
  const marker = 'BENCHUNIQUEIDMARKER';
  return doWebPaymentEnvelope({ orderRef: orderRef.replaceAll(UNIQUE_ID, marker) }).replaceAll(marker, UNIQUE_ID);
}

/** SOAP doAuthorization envelope (demo contract) with the given order reference. */
export function soapDoAuthorizationBody(orderRef: string): string {
  const marker = 'BENCHUNIQUEIDMARKER';
  return doAuthorizationEnvelope({
    contractNumber: 'PAYCONIQFP',
    orderRef: orderRef.replaceAll(UNIQUE_ID, marker),
  }).replaceAll(marker, UNIQUE_ID);
}

/** SOAP doRefund of `amount` cents of the payment `transactionId` (no sequenceNumber: each one a new refund). */
export function soapDoRefundBody(transactionId: string, amount: number): string {
  return doRefundEnvelope({ transactionID: transactionId, amount: String(amount) });
}

/** SOAP getWebPaymentDetails envelope for `token`. */
export function soapWebPaymentDetailsBody(token: string): string {
  return getWebPaymentDetailsEnvelope(token);
}

/** Bare INSERT baseline body: a comparable small JSON document. */
export function bareInsertBody(orderRef: string): string {
  return JSON.stringify({ orderRef, amount: 1000, currency: 978 });
}
