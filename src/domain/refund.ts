/**
 * A refund of an accepted Payconiq payment. Each refund is its own transaction (type REFUND, own
 * 14-digit id) linked to the payment; the partner moves the money asynchronously, so a refund is
 * PENDING until the partner says REFUNDED or FAILED. The rules here are pure: the use cases feed
 * them the locked original transaction and its refunds (payments/request-refund.ts).
 */
import type { ResultCode } from './result-codes.js';
import { isSameCurrency, type RefundKey, type ValidRefundRequest } from './refund-request.js';
import type { Transaction } from './transaction.js';

/** Refunds are accepted for 365 days after the payment (Payconiq states no limit; see README). */
export const REFUND_WINDOW_MS = 365 * 86_400_000;

/** The partner's word on a refund, normalised; UNKNOWN for a status this gateway does not know. */
export type PartnerRefundStatus = 'PENDING' | 'REFUNDED' | 'FAILED' | 'UNKNOWN';

export type RefundStatus = 'PENDING' | 'REFUNDED' | 'FAILED';

export interface Refund {
  id: string;
  merchantId: string;
  originalTransactionId: string;
  contractNumber: string;
  softDescriptor: string;
  amount: number;
  currency: number;
  createdAt: Date;
  /**
   * 02000 while the partner has not accepted the request (not sent yet, or no answer: in doubt),
   * 00000 once it has (PENDING or REFUNDED there), the refusal code once FAILED.
   */
  resultCode: ResultCode;
  partnerCode?: string | undefined;
  status: RefundStatus;
  partnerPaymentId: string;
  /** Set once the partner accepted the request (201). */
  partnerRefundId?: string | undefined;
  partnerStatus?: string | undefined;
  comment?: string | undefined;
  sequenceNumber?: string | undefined;
  idempotencyKey?: string | undefined;
  /** What the request asked for, compared when a key is used again. */
  fingerprint: string;
  /** Where the TRS notification goes (the payment session's notification URL). */
  notificationUrl?: string | undefined;
  /** When the worker next sends the request again (not accepted yet) or asks for its status. */
  nextAttemptAt?: Date | undefined;
  attempts: number;
  finalAt?: Date | undefined;
}

/** What the refund's payment session says about it. */
export interface RefundedPayment {
  partnerPaymentId?: string | undefined;
  notificationUrl?: string | undefined;
}

export interface RefundContext {
  merchantId: string;
  request: ValidRefundRequest;
  /** The original transaction, locked by the caller. */
  original: Transaction;
  payment: RefundedPayment;
  /** Amounts of the original's refunds, summed by status. */
  refundTotals: RefundTotals;
  /** The refund already made with the request's key (sequence number or Idempotency-Key), if any. */
  sameKey?: Refund | undefined;
  now: Date;
  newId: string;
  /** When the worker takes over the submission if the request's own attempt does not finish. */
  submitLeaseMs: number;
}

export type RefundDecision =
  | { kind: 'create'; refund: Refund }
  | { kind: 'replay'; refund: Refund }
  | { kind: 'refuse'; code: ResultCode; detail?: string | undefined };

/** Amounts of a payment's refunds, summed by status (a status without refunds may be absent). */
export type RefundTotals = Partial<Record<RefundStatus, number>>;

/** Refunds that count against the payment: every one but the failed ones (pending ones are committed). */
export function refundedSoFar(totals: RefundTotals): number {
  return (totals.PENDING ?? 0) + (totals.REFUNDED ?? 0);
}

export function refundFingerprint(
  originalId: string,
  amount: number,
  currency: number,
  comment: string | undefined,
): string {
  return JSON.stringify([originalId, amount, currency, comment ?? null]);
}

const keyName = (key: RefundKey) => (key.scope === 'sequence' ? 'sequenceNumber' : 'Idempotency-Key');

/**
 * Create, replay or refuse. A known key is looked at first, so that a retried request gets its
 * refund back even once the rules would refuse a new one (nothing left, window over).
 */
export function decideRefund(ctx: RefundContext): RefundDecision {
  const { request, original, now } = ctx;
  if (original.merchantId !== ctx.merchantId) return { kind: 'refuse', code: '02604' };
  const fingerprint = refundFingerprint(original.id, request.amount, original.currency, request.comment);
  if (ctx.sameKey && request.key) {
    if (ctx.sameKey.fingerprint === fingerprint) return { kind: 'replay', refund: ctx.sameKey };
    return { kind: 'refuse', code: '02001', detail: `(${keyName(request.key)} already used with other parameters)` };
  }
  if (original.type !== 'AUTHOR+CAP' || original.resultCode !== '00000' || !ctx.payment.partnerPaymentId) {
    return { kind: 'refuse', code: '02314', detail: '(only an accepted payment can be refunded)' };
  }
  if (request.contractNumber !== undefined && request.contractNumber !== original.contractNumber)
    return { kind: 'refuse', code: '02303' };
  if (request.currency !== undefined && !isSameCurrency(request.currency, original.currency))
    return { kind: 'refuse', code: '02620' };
  if (now.getTime() - original.createdAt.getTime() > REFUND_WINDOW_MS) {
    return { kind: 'refuse', code: '02602', detail: '(refunds are possible for 365 days after the payment)' };
  }
  if (request.amount > original.amount - refundedSoFar(ctx.refundTotals)) return { kind: 'refuse', code: '02613' };
  return {
    kind: 'create',
    refund: {
      id: ctx.newId,
      merchantId: original.merchantId,
      originalTransactionId: original.id,
      contractNumber: original.contractNumber,
      softDescriptor: original.softDescriptor,
      amount: request.amount,
      currency: original.currency,
      createdAt: now,
      resultCode: '02000',
      status: 'PENDING',
      partnerPaymentId: ctx.payment.partnerPaymentId,
      comment: request.comment,
      sequenceNumber: request.key?.scope === 'sequence' ? request.key.value : undefined,
      idempotencyKey: request.key?.scope === 'idempotency' ? request.key.value : undefined,
      fingerprint,
      notificationUrl: ctx.payment.notificationUrl,
      nextAttemptAt: new Date(now.getTime() + ctx.submitLeaseMs),
      attempts: 0,
    },
  };
}

/** What one exchange with the partner about a refund gave. */
export type RefundOutcome =
  | { kind: 'accepted'; partnerRefundId: string; status: PartnerRefundStatus; rawStatus: string }
  /** The partner answered that it did not and will not process the request (4xx). */
  | { kind: 'rejected'; partnerCode: string }
  /** No usable answer (timeout, network, 5xx, 429): still in doubt, asked again later. */
  | { kind: 'unavailable'; partnerCode: string };

/**
 * The refund after `outcome`, or undefined when nothing changes (a final refund never changes).
 * `nextAttemptAt` is when to ask again if it stays PENDING.
 */
export function applyRefundOutcome(
  refund: Refund,
  outcome: RefundOutcome,
  now: Date,
  nextAttemptAt: Date,
): Refund | undefined {
  if (refund.status !== 'PENDING') return undefined;
  const pending = { ...refund, nextAttemptAt, attempts: refund.attempts + 1 };
  // Once accepted, a failed status read changes nothing the merchant sees.
  if (outcome.kind === 'unavailable')
    return refund.partnerRefundId ? pending : { ...pending, partnerCode: outcome.partnerCode };
  const failed = (resultCode: ResultCode, partnerCode: string): Refund => ({
    ...refund,
    status: 'FAILED',
    resultCode,
    partnerCode,
    finalAt: now,
    nextAttemptAt: undefined,
    attempts: refund.attempts + 1,
  });
  if (outcome.kind === 'rejected')
    return failed(outcome.partnerCode === 'INVALID_REFUND_AMOUNT' ? '02613' : '02020', outcome.partnerCode);

  const accepted = {
    ...pending,
    partnerRefundId: refund.partnerRefundId ?? outcome.partnerRefundId,
    partnerStatus: outcome.rawStatus,
    resultCode: '00000' as const,
    partnerCode: undefined,
  };
  if (outcome.status === 'REFUNDED') return { ...accepted, status: 'REFUNDED', finalAt: now, nextAttemptAt: undefined };
  if (outcome.status === 'FAILED')
    return {
      ...failed('02020', 'FAILED'),
      partnerRefundId: accepted.partnerRefundId,
      partnerStatus: outcome.rawStatus,
    };
  // PENDING, or a status we do not know: the partner has the refund; keep asking.
  return accepted;
}

export const isRefundFinal = (r: Refund): boolean => r.status !== 'PENDING';

/** The refund as a transaction (getTransactionDetails, transactionsSearch, the answers). */
export function refundTransaction(r: Refund): Transaction {
  return {
    id: r.id,
    merchantId: r.merchantId,
    contractNumber: r.contractNumber,
    type: 'REFUND',
    amount: r.amount,
    currency: r.currency,
    resultCode: r.resultCode,
    createdAt: r.createdAt,
    softDescriptor: r.softDescriptor,
    originalTransactionId: r.originalTransactionId,
    partnerAdditionalData: JSON.stringify({
      paymentId: r.partnerPaymentId,
      ...(r.partnerRefundId && { refundId: r.partnerRefundId }),
      status: r.status,
      ...(r.partnerCode && { partnerCode: r.partnerCode }),
    }),
  };
}
