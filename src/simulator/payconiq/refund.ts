import { SimulatorError } from './errors.js';
import { newObjectId } from './ids.js';
import type { SimPayment } from './payment.js';

export type RefundStatus = 'PENDING' | 'REFUNDED' | 'FAILED';

export interface SimRefund {
  refundId: string;
  paymentId: string;
  idempotencyKey: string;
  amount: number;
  currency: 'EUR';
  description?: string;
  status: RefundStatus;
  creationDate: Date;
  /** The request as received, compared on a replay of the same Idempotency-Key. */
  fingerprint: string;
}

export interface RefundRequest {
  amount: number;
  currency: 'EUR';
  description?: string;
}

const refundError = (status: number, code: string, message: string) =>
  new SimulatorError(status, code, message, 'refund');
const MAX_AMOUNT = 999_999_999_999;

/** Refund API body (`amount`, `currency` required); its validation errors are VALIDATION_ERROR (doc §5.2). */
export function parseRefundRequest(body: unknown, idempotencyKey: string | undefined): RefundRequest {
  if (!idempotencyKey || idempotencyKey.length > 64)
    throw refundError(400, 'VALIDATION_ERROR', 'Header Idempotency-Key is required (max 64 characters)');
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw refundError(400, 'VALIDATION_ERROR', 'Request body is missing');
  const b = body as Record<string, unknown>;
  if (!Number.isInteger(b.amount) || (b.amount as number) < 1 || (b.amount as number) > MAX_AMOUNT)
    throw refundError(400, 'VALIDATION_ERROR', 'Field amount is invalid');
  if (b.currency !== 'EUR') throw refundError(400, 'VALIDATION_ERROR', 'Field currency is invalid');
  if (b.description !== undefined && (typeof b.description !== 'string' || b.description.length > 140))
    throw refundError(400, 'VALIDATION_ERROR', 'Field description is invalid');
  return {
    amount: b.amount as number,
    currency: 'EUR',
    ...(b.description !== undefined ? { description: b.description as string } : {}),
  };
}

/** The refund API must be activated by support for the profile (doc §5.2); checked before the body. */
export function assertRefundsEnabled(refundsEnabled: boolean | undefined): void {
  if (refundsEnabled === false)
    throw refundError(422, 'REFUND_NOT_ALLOWED', 'Refunds are not enabled for this payment profile');
}

/** What a refund request is decided on, read under the payment's lock. */
export interface RefundContext {
  payment: SimPayment;
  /** The refund created earlier with the same Idempotency-Key, if any. */
  previous: SimRefund | undefined;
  /** Sum of the payment's refunds that are not FAILED: pending ones are already committed. */
  committed: number;
}

export interface RefundDecision {
  refund: SimRefund;
  replayed: boolean;
}

/**
 * Creates a refund or replays the one created with the same Idempotency-Key. The key is checked
 * before the business rules so a retried request gets its refund back even once nothing is left
 * to refund.
 */
export function decideRefund(
  { payment, previous, committed }: RefundContext,
  key: string,
  request: RefundRequest,
  now: Date,
): RefundDecision {
  const fingerprint = JSON.stringify([request.amount, request.currency, request.description ?? null]);
  if (previous) {
    if (previous.fingerprint !== fingerprint)
      throw refundError(422, 'REFUND_REQUEST_CONFLICT', 'Idempotency-Key already used with different parameters');
    return { refund: previous, replayed: true };
  }
  if (payment.status !== 'SUCCEEDED')
    throw refundError(422, 'REFUND_NOT_POSSIBLE', 'Payment is not in a refundable state');
  if (request.amount > payment.amount - committed)
    throw refundError(422, 'INVALID_REFUND_AMOUNT', 'Refund amount exceeds the remaining refundable amount');
  const refund: SimRefund = {
    refundId: newObjectId(),
    paymentId: payment.paymentId,
    idempotencyKey: key,
    amount: request.amount,
    currency: 'EUR',
    ...(request.description !== undefined ? { description: request.description } : {}),
    status: 'PENDING',
    creationDate: now,
    fingerprint,
  };
  return { refund, replayed: false };
}

/** RefundModel as returned by create (always PENDING then) and GET. */
export function refundView(refund: SimRefund): Record<string, unknown> {
  return {
    refundId: refund.refundId,
    paymentId: refund.paymentId,
    status: refund.status,
    amount: refund.amount,
    currency: refund.currency,
    ...(refund.description !== undefined ? { description: refund.description } : {}),
    creationDate: refund.creationDate.toISOString(),
  };
}
