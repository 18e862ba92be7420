/** Row ⇄ record mapping of the embedded simulator's tables (migration 6). */
import { callbackHeaders, type CallbackDelivery } from '../simulator/payconiq/callback-delivery.js';
import type { PaymentStatus } from '../simulator/payconiq/lifecycle.js';
import type { SimPayment } from '../simulator/payconiq/payment.js';
import { quirksFrom } from '../simulator/payconiq/quirks.js';
import type { SimRefund } from '../simulator/payconiq/refund.js';
import type { SimulatorSettings } from '../simulator/payconiq/simulator-store.js';
import type { Row } from './db.js';

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const present = (v: unknown): boolean => v !== null && v !== undefined;

export function toSimPayment(r: Row): SimPayment {
  return {
    paymentId: String(r.payment_id),
    ppid: String(r.ppid),
    creditor: json<SimPayment['creditor']>(r.creditor),
    status: String(r.status) as PaymentStatus,
    amount: Number(r.amount),
    currency: 'EUR',
    ...(present(r.description) ? { description: String(r.description) } : {}),
    ...(present(r.reference) ? { reference: String(r.reference) } : {}),
    ...(present(r.bulk_id) ? { bulkId: String(r.bulk_id) } : {}),
    ...(present(r.callback_url) ? { callbackUrl: String(r.callback_url) } : {}),
    ...(present(r.identify_callback_url) ? { identifyCallbackUrl: String(r.identify_callback_url) } : {}),
    ...(present(r.return_url) ? { returnUrl: String(r.return_url) } : {}),
    createdAt: date(r.created_at),
    expireAt: date(r.expire_at),
    ...(present(r.succeeded_at) ? { succeededAt: date(r.succeeded_at) } : {}),
    ...(present(r.debtor) ? { debtor: json<NonNullable<SimPayment['debtor']>>(r.debtor) } : {}),
    seq: Number(r.seq),
    version: Number(r.version),
  };
}

/** Also reads rows that went through row_to_json (timestamps as text). */
export function toSimRefund(r: Row): SimRefund {
  return {
    refundId: String(r.refund_id),
    paymentId: String(r.payment_id),
    idempotencyKey: String(r.idempotency_key),
    amount: Number(r.amount),
    currency: 'EUR',
    ...(present(r.description) ? { description: String(r.description) } : {}),
    status: String(r.status) as SimRefund['status'],
    creationDate: date(r.created_at),
    fingerprint: String(r.fingerprint),
  };
}

/** Also reads rows that went through json_agg (timestamps as text). */
export function toDelivery(r: Row): CallbackDelivery {
  return {
    id: Number(r.id),
    paymentId: String(r.payment_id),
    status: String(r.status) as PaymentStatus,
    url: String(r.url),
    body: String(r.body),
    headers: callbackHeaders(String(r.signature)),
    createdAt: date(r.created_at),
    nextAttemptAt: date(r.next_attempt_at),
    attempts: Number(r.attempts),
    state: String(r.state) as CallbackDelivery['state'],
    ...(present(r.last_result) ? { lastResult: String(r.last_result) } : {}),
  };
}

export function toSettings(r: Row | undefined): SimulatorSettings {
  if (!r) throw new Error('simulator_settings has no row: run the migrations');
  return { quirks: quirksFrom(json<Record<string, unknown>>(r.quirks)), clockOffsetMs: Number(r.clock_offset_ms) };
}
