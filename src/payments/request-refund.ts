import { GatewayError } from '../domain/gateway-error.js';
import { decideRefund, type Refund, type RefundDecision, type RefundedPayment } from '../domain/refund.js';
import { validateRefundRequest, type RefundRequest, type ValidRefundRequest } from '../domain/refund-request.js';
import type { Result } from '../domain/result-codes.js';
import { DuplicateKeyError } from '../ports/duplicate-key-error.js';
import type { PaymentDeps } from './deps.js';
import { refundResult } from './steps/refund-outcome.js';
import { retryTakenTransactionId } from './steps/retry-taken-transaction-id.js';
import { submitRefund } from './steps/submit-refund.js';

export interface RefundAnswer {
  result: Result;
  /** The refund transaction: the new one, or the one a retried request already made. */
  refund: Refund;
  /** True when the request repeated an earlier one (same sequenceNumber / Idempotency-Key). */
  replayed: boolean;
}

/** The worker takes over a submission that has not finished after this long (crashed process). */
const SUBMIT_LEASE_MS = 30_000;

/**
 * doRefund / POST …/refunds: refunds part or all of an accepted payment. The refund is decided
 * and stored (PENDING) under the payment's row lock, then sent to the partner with no database
 * transaction open. A refused request throws a GatewayError and stores nothing.
 */
export async function requestRefund(deps: PaymentDeps, merchantId: string, req: RefundRequest): Promise<RefundAnswer> {
  const valid = validateRefundRequest(req);
  const original = await deps.transactions.get(valid.transactionId);
  // Another merchant's transaction is reported exactly like an unknown one.
  if (!original || original.merchantId !== merchantId) throw new GatewayError('02604');
  // Read before the lock: the partner payment id is stored before anyone can pay it, so a payment
  // the lock then finds accepted already had it when read.
  const session = original.token ? await deps.sessions.get(original.token) : undefined;
  const payment: RefundedPayment = {
    partnerPaymentId: session?.partnerPaymentId,
    notificationUrl: session?.notificationUrl,
  };

  const decision = await reserve(deps, merchantId, valid, payment);
  if (decision.kind === 'refuse') throw new GatewayError(decision.code, decision.detail);
  if (decision.kind === 'replay') {
    let refund = decision.refund;
    // Still not accepted by the partner (in doubt): the retry is a good moment to send it again.
    if (refund.status === 'PENDING' && !refund.partnerRefundId)
      refund = await submitRefund(deps, refund, { notifyRejection: true });
    deps.log.info(
      { refundId: refund.id, transactionId: original.id, resultCode: refund.resultCode },
      'refund request replayed',
    );
    return { result: refundResult(refund), refund, replayed: true };
  }
  deps.log.info(
    { refundId: decision.refund.id, transactionId: original.id, merchantId, amount: valid.amount },
    'refund created',
  );
  const refund = await submitRefund(deps, decision.refund, { notifyRejection: false });
  return { result: refundResult(refund), refund, replayed: false };
}

async function reserve(
  deps: PaymentDeps,
  merchantId: string,
  request: ValidRefundRequest,
  payment: RefundedPayment,
): Promise<RefundDecision> {
  // A 14-digit id that was taken, or the same Idempotency-Key sent at once for two payments:
  // decided again, the second sees the first.
  const decision = await retryTakenTransactionId(
    deps.ids,
    () => {
      const now = deps.clock.now();
      return deps.refunds.reserveRefund(request.transactionId, merchantId, request.key, (ctx) =>
        decideRefund({
          ...ctx,
          merchantId,
          request,
          payment,
          now,
          newId: deps.ids.transactionId(now),
          submitLeaseMs: SUBMIT_LEASE_MS,
        }),
      );
    },
    isUniqueViolation,
  );
  if (!decision) throw new GatewayError('02604');
  return decision;
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof DuplicateKeyError;
}
