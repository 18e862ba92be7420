import { PartnerError } from '../../connectors/partner-port.js';
import { applyRefundOutcome, isRefundFinal, type Refund, type RefundOutcome } from '../../domain/refund.js';
import { resultOf, type Result } from '../../domain/result-codes.js';
import type { PaymentDeps } from '../deps.js';
import { nextPollAt } from './poll-schedule.js';

/**
 * Stores what one exchange with the partner said about a refund, under the refund's row lock.
 * A final state (REFUNDED, FAILED) queues a TRS notification — except a refusal that is itself
 * the answer to the merchant's request (`notifyRejection: false`): the merchant has it already.
 */
export async function storeRefundOutcome(
  deps: PaymentDeps,
  id: string,
  outcome: RefundOutcome,
  opts: { notifyRejection: boolean },
): Promise<Refund | undefined> {
  const now = deps.clock.now();
  let before: Refund | undefined;
  const after = await deps.refunds.updateRefund(id, (r) => {
    before = r;
    const next = applyRefundOutcome(r, outcome, now, nextPollAt(r.attempts, now));
    if (!next) return undefined;
    const notify = isRefundFinal(next) && next.notificationUrl && (outcome.kind !== 'rejected' || opts.notifyRejection);
    return {
      refund: next,
      ...(notify && {
        notification: { type: 'TRS' as const, url: next.notificationUrl!, transactionId: next.id, at: now },
      }),
    };
  });
  if (after && before && (after.status !== before.status || after.resultCode !== before.resultCode)) {
    deps.log.info(
      {
        refundId: id,
        from: `${before.status}/${before.resultCode}`,
        to: `${after.status}/${after.resultCode}`,
        partnerCode: after.partnerCode,
      },
      'refund state changed',
    );
  }
  return after;
}

/** The partner code kept for a partner that could not be used (as for payments: 02106's partnerCode). */
export function partnerCodeOf(err: PartnerError): string {
  return err.partnerCode ?? (err.httpStatus ? `HTTP_${err.httpStatus}` : err.kind.toUpperCase());
}

/** The refund's result as the merchant reads it. */
export function refundResult(refund: Refund): Result {
  const result = resultOf(refund.resultCode);
  if (refund.partnerCode) result.partnerCode = refund.partnerCode;
  return result;
}
