/** Row ⇄ entity mapping for the SQL stores. */
import type { AccessKeyInfo, Contract, Merchant, PointOfSale } from '../domain/merchant.js';
import type { PendingNotification } from '../domain/notification.js';
import type { ResultCode } from '../domain/result-codes.js';
import type { Transaction } from '../domain/transaction.js';
import type { PaymentSession } from '../domain/payment-session.js';
import type { NotificationRecord } from '../ports/notification-outbox.js';
import type { Queryable, Row } from './db.js';
import type { Statement } from './one-statement.js';

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const optDate = (v: unknown): Date | undefined => (v === null || v === undefined ? undefined : date(v));
const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

export const toMerchant = (r: Row): Merchant => ({
  id: String(r.id),
  companyName: String(r.company_name),
  tradeName: String(r.trade_name),
  demo: Boolean(r.demo),
  createdAt: date(r.created_at),
});

export const toPointOfSale = (r: Row): PointOfSale => ({
  id: String(r.id),
  merchantId: String(r.merchant_id),
  label: String(r.label),
  paymentDelayMinutes: Number(r.payment_delay_minutes),
  notificationUrl: opt<string>(r.notification_url),
});

export const toContract = (r: Row): Contract => ({
  merchantId: String(r.merchant_id),
  contractNumber: String(r.contract_number),
  cardCode: String(r.card_code),
  currency: Number(r.currency),
  pointOfSaleId: String(r.point_of_sale_id),
  active: Boolean(r.active),
  label: String(r.label),
  partnerContractId: String(r.partner_contract_id),
  tradeName: opt<string>(r.trade_name),
  description: opt<string>(r.description),
  partnerSettings: r.partner_settings
    ? ((typeof r.partner_settings === 'string' ? JSON.parse(r.partner_settings) : r.partner_settings) as Record<
        string,
        unknown
      >)
    : undefined,
});

export const toAccessKey = (r: Row): AccessKeyInfo => ({
  id: String(r.id),
  merchantId: String(r.merchant_id),
  label: String(r.label),
  createdAt: date(r.created_at),
  revokedAt: optDate(r.revoked_at),
});

export const WEB_SESSION_COLUMNS = [
  'token',
  'merchant_id',
  'point_of_sale_id',
  'contract_number',
  'result_code',
  'amount',
  'currency',
  'order_ref',
  'soft_descriptor',
  'return_url',
  'cancel_url',
  'notification_url',
  'language_code',
  'request',
  'created_at',
  'expires_at',
  'buyer_arrived_at',
  'final_at',
  'transaction_id',
  'result_fetched_at',
  'partner_code',
  'partner_payment_id',
  'partner_payment_link',
  'partner_status',
  'partner_callback_url',
  'partner_creation_started_at',
  'next_poll_at',
  'poll_attempts',
  'expiry_retry_at',
  'partner_cancel_reason',
  'channel',
  'partner_qr_code_link',
  'partner_expires_at',
  'card_code',
] as const;

export const sessionValues = (s: PaymentSession): unknown[] => [
  s.token,
  s.merchantId,
  s.pointOfSaleId,
  s.contractNumber,
  s.resultCode,
  s.amount,
  s.currency,
  s.orderRef,
  s.softDescriptor,
  s.returnUrl,
  s.cancelUrl,
  s.notificationUrl ?? null,
  s.languageCode ?? null,
  JSON.stringify(s.request),
  s.createdAt,
  s.expiresAt,
  s.buyerArrivedAt ?? null,
  s.finalAt ?? null,
  s.transactionId ?? null,
  s.resultFetchedAt ?? null,
  s.partnerCode ?? null,
  s.partnerPaymentId ?? null,
  s.partnerPaymentLink ?? null,
  s.partnerStatus ?? null,
  s.partnerCallbackUrl ?? null,
  s.partnerCreationStartedAt ?? null,
  s.nextPollAt ?? null,
  s.pollAttempts,
  s.expiryRetryAt ?? null,
  s.partnerCancelReason ?? null,
  s.channel,
  s.partnerQrCodeLink ?? null,
  s.partnerExpiresAt ?? null,
  s.cardCode,
];

export const toPaymentSession = (r: Row): PaymentSession => ({
  token: String(r.token),
  merchantId: String(r.merchant_id),
  pointOfSaleId: String(r.point_of_sale_id),
  contractNumber: String(r.contract_number),
  resultCode: String(r.result_code) as ResultCode,
  amount: Number(r.amount),
  currency: Number(r.currency),
  orderRef: String(r.order_ref),
  softDescriptor: String(r.soft_descriptor),
  returnUrl: String(r.return_url),
  cancelUrl: String(r.cancel_url),
  notificationUrl: opt<string>(r.notification_url),
  languageCode: opt<string>(r.language_code),
  request: (typeof r.request === 'string' ? JSON.parse(r.request) : r.request) as PaymentSession['request'],
  createdAt: date(r.created_at),
  expiresAt: date(r.expires_at),
  buyerArrivedAt: optDate(r.buyer_arrived_at),
  finalAt: optDate(r.final_at),
  transactionId: opt<string>(r.transaction_id),
  resultFetchedAt: optDate(r.result_fetched_at),
  partnerCode: opt<string>(r.partner_code),
  partnerPaymentId: opt<string>(r.partner_payment_id),
  partnerPaymentLink: opt<string>(r.partner_payment_link),
  partnerStatus: opt<string>(r.partner_status),
  partnerCallbackUrl: opt<string>(r.partner_callback_url),
  partnerCreationStartedAt: optDate(r.partner_creation_started_at),
  nextPollAt: optDate(r.next_poll_at),
  pollAttempts: Number(r.poll_attempts ?? 0),
  expiryRetryAt: optDate(r.expiry_retry_at),
  partnerCancelReason:
    r.partner_cancel_reason === 'expiry' || r.partner_cancel_reason === 'merchant'
      ? r.partner_cancel_reason
      : undefined,
  channel: r.channel === 'direct' ? 'direct' : 'web',
  partnerQrCodeLink: opt<string>(r.partner_qr_code_link),
  partnerExpiresAt: optDate(r.partner_expires_at),
  cardCode: String(r.card_code),
});

export const TRANSACTION_COLUMNS = [
  'id',
  'merchant_id',
  'token',
  'contract_number',
  'type',
  'amount',
  'currency',
  'result_code',
  'created_at',
  'soft_descriptor',
  'partner_additional_data',
  'bank_account',
  'payer_name',
  'original_transaction_id',
] as const;

export const transactionValues = (t: Transaction): unknown[] => [
  t.id,
  t.merchantId,
  t.token ?? null,
  t.contractNumber,
  t.type,
  t.amount,
  t.currency,
  t.resultCode,
  t.createdAt,
  t.softDescriptor,
  t.partnerAdditionalData ?? null,
  t.bankAccount ? JSON.stringify(t.bankAccount) : null,
  t.payerName ?? null,
  t.originalTransactionId ?? null,
];

/** The insert of a transaction row. */
export function transactionInsert(t: Transaction): Statement {
  return {
    sql: `INSERT INTO transactions (${TRANSACTION_COLUMNS.join(', ')}) VALUES (${placeholders(TRANSACTION_COLUMNS.length)})`,
    params: transactionValues(t),
  };
}

/** Inserts a transaction row, inside the caller's transaction. */
export async function insertTransaction(q: Queryable, t: Transaction): Promise<void> {
  const { sql, params } = transactionInsert(t);
  await q.query(sql, params);
}

export const toTransaction = (r: Row): Transaction => ({
  id: String(r.id),
  merchantId: String(r.merchant_id),
  token: opt<string>(r.token),
  contractNumber: String(r.contract_number),
  type: r.type === 'REFUND' ? 'REFUND' : 'AUTHOR+CAP',
  amount: Number(r.amount),
  currency: Number(r.currency),
  resultCode: String(r.result_code) as ResultCode,
  createdAt: date(r.created_at),
  softDescriptor: String(r.soft_descriptor),
  partnerAdditionalData: opt<string>(r.partner_additional_data),
  bankAccount: opt<Transaction['bankAccount']>(
    typeof r.bank_account === 'string' ? JSON.parse(r.bank_account) : r.bank_account,
  ),
  payerName: opt<string>(r.payer_name),
  originalTransactionId: opt<string>(r.original_transaction_id),
});

export const toPendingNotification = (r: Row): PendingNotification => ({
  id: String(r.id),
  merchantId: String(r.merchant_id),
  type: String(r.type) as PendingNotification['type'],
  url: String(r.url),
  token: opt<string>(r.token),
  transactionId: opt<string>(r.transaction_id),
  attempts: Number(r.attempts),
  createdAt: date(r.created_at),
});

export const toNotificationRecord = (r: Row): NotificationRecord => ({
  ...toPendingNotification(r),
  status: String(r.status) as NotificationRecord['status'],
  nextAttemptAt: optDate(r.next_attempt_at),
  lastError: opt<string>(r.last_error),
  deliveredAt: optDate(r.delivered_at),
});

/** `$1, $2, …` for n values starting at `from`. */
export const placeholders = (n: number, from = 1): string =>
  Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');
