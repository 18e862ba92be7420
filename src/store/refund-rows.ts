/** Row ⇄ Refund mapping: a refund is a `transactions` row (type REFUND) plus its `refunds` row. */
import type { Refund, RefundStatus } from '../domain/refund.js';
import type { ResultCode } from '../domain/result-codes.js';
import type { Row } from './db.js';

const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const optDate = (v: unknown): Date | undefined => (v === null || v === undefined ? undefined : date(v));

/** Both rows of a refund, joined: `${REFUND_SELECT} WHERE …`. */
export const REFUND_SELECT = `
  SELECT r.*, t.contract_number, t.soft_descriptor, t.amount, t.currency, t.result_code, t.created_at
    FROM refunds r JOIN transactions t ON t.id = r.transaction_id`;

export const REFUND_COLUMNS = [
  'transaction_id',
  'original_transaction_id',
  'merchant_id',
  'status',
  'partner_payment_id',
  'partner_refund_id',
  'partner_status',
  'partner_code',
  'comment',
  'sequence_number',
  'idempotency_key',
  'fingerprint',
  'notification_url',
  'next_attempt_at',
  'attempts',
  'final_at',
] as const;

export const refundValues = (r: Refund): unknown[] => [
  r.id,
  r.originalTransactionId,
  r.merchantId,
  r.status,
  r.partnerPaymentId,
  r.partnerRefundId ?? null,
  r.partnerStatus ?? null,
  r.partnerCode ?? null,
  r.comment ?? null,
  r.sequenceNumber ?? null,
  r.idempotencyKey ?? null,
  r.fingerprint,
  r.notificationUrl ?? null,
  r.nextAttemptAt ?? null,
  r.attempts,
  r.finalAt ?? null,
];

/** `col = $2, …` for every column but the key ($1). */
export const REFUND_UPDATE = REFUND_COLUMNS.slice(1)
  .map((c, i) => `${c} = $${i + 2}`)
  .join(', ');

export const toRefund = (r: Row): Refund => ({
  id: String(r.transaction_id),
  merchantId: String(r.merchant_id),
  originalTransactionId: String(r.original_transaction_id),
  contractNumber: String(r.contract_number),
  softDescriptor: String(r.soft_descriptor),
  amount: Number(r.amount),
  currency: Number(r.currency),
  createdAt: date(r.created_at),
  resultCode: String(r.result_code) as ResultCode,
  partnerCode: opt<string>(r.partner_code),
  status: String(r.status) as RefundStatus,
  partnerPaymentId: String(r.partner_payment_id),
  partnerRefundId: opt<string>(r.partner_refund_id),
  partnerStatus: opt<string>(r.partner_status),
  comment: opt<string>(r.comment),
  sequenceNumber: opt<string>(r.sequence_number),
  idempotencyKey: opt<string>(r.idempotency_key),
  fingerprint: String(r.fingerprint),
  notificationUrl: opt<string>(r.notification_url),
  nextAttemptAt: optDate(r.next_attempt_at),
  attempts: Number(r.attempts ?? 0),
  finalAt: optDate(r.final_at),
});
