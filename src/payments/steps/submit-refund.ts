import { PartnerError } from '../../connectors/partner-port.js';
import type { Refund, RefundOutcome } from '../../domain/refund.js';
import type { PaymentDeps } from '../deps.js';
import { partnerCodeOf, storeRefundOutcome } from './refund-outcome.js';

/**
 * Sends a refund to the partner: `POST …/refunds` with the refund's own transaction id as the
 * `Idempotency-Key`, so that every retry of this refund — by the request, a replay or the worker,
 * from any process — is the same request to the partner and refunds at most once. No database
 * transaction is held during the call. A partner that does not answer leaves the refund pending
 * (in doubt); the worker sends it again until the partner accepts or refuses it. So does any other
 * failure once the refund is reserved (a secret that does not open, the database): the refund is
 * then answered as it stands — pending, in doubt — never as an error the merchant would retry
 * with a new key, refunding twice.
 */
export async function submitRefund(
  deps: PaymentDeps,
  refund: Refund,
  opts: { notifyRejection: boolean },
): Promise<Refund> {
  try {
    return await sendAndStore(deps, refund, opts);
  } catch (err) {
    deps.log.error({ err, refundId: refund.id }, 'refund submission failed; the worker sends it again');
    return refund;
  }
}

async function sendAndStore(deps: PaymentDeps, refund: Refund, opts: { notifyRejection: boolean }): Promise<Refund> {
  const partner = await deps.partners.connect(refund.merchantId, refund.contractNumber);
  let outcome: RefundOutcome;
  if (!partner) {
    // Nothing was sent: the contract is no longer connected to the partner.
    outcome = { kind: 'rejected', partnerCode: 'CONTRACT_NOT_CONNECTED' };
  } else {
    try {
      const answer = await partner.createRefund({
        partnerPaymentId: refund.partnerPaymentId,
        idempotencyKey: refund.id,
        amount: refund.amount,
        currency: 'EUR',
        description: refund.comment,
      });
      outcome =
        answer.outcome === 'created'
          ? {
              kind: 'accepted',
              partnerRefundId: answer.refund.partnerRefundId,
              status: answer.refund.status,
              rawStatus: answer.refund.rawStatus,
            }
          : { kind: 'rejected', partnerCode: answer.partnerCode };
    } catch (err) {
      if (!(err instanceof PartnerError)) throw err;
      deps.log.warn(
        { refundId: refund.id, kind: err.kind, httpStatus: err.httpStatus, partnerCode: err.partnerCode },
        'refund not confirmed by the partner; sent again later',
      );
      outcome = { kind: 'unavailable', partnerCode: partnerCodeOf(err) };
    }
  }
  return (await storeRefundOutcome(deps, refund.id, outcome, opts)) ?? refund;
}
