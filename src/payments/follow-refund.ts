import { PartnerError } from '../connectors/partner-port.js';
import type { Refund, RefundOutcome } from '../domain/refund.js';
import type { PaymentDeps } from './deps.js';
import { submitRefund } from './steps/submit-refund.js';
import { partnerCodeOf, storeRefundOutcome } from './steps/refund-outcome.js';

/** Leased this long by the worker process that handles it (longer than any partner call). */
const LEASE_MS = 60_000;

/**
 * Asks the partner where an accepted refund stands (`GET …/refunds/{refundId}`) and stores it.
 * No refund callback exists (payconiq-api.md §5.2): polling is the only way to learn REFUNDED or
 * FAILED. A failed read changes nothing and is tried again later.
 */
export async function followRefund(deps: PaymentDeps, refund: Refund): Promise<Refund> {
  if (!refund.partnerRefundId || refund.status !== 'PENDING') return refund;
  const partner = await deps.partners.connect(refund.merchantId, refund.contractNumber);
  let outcome: RefundOutcome;
  try {
    if (!partner) throw new PartnerError('unreachable', 'the contract is no longer connected to the partner');
    const seen = await partner.getRefund(refund.partnerPaymentId, refund.partnerRefundId);
    outcome = {
      kind: 'accepted',
      partnerRefundId: seen.partnerRefundId,
      status: seen.status,
      rawStatus: seen.rawStatus,
    };
    if (seen.status === 'UNKNOWN')
      deps.log.warn(
        { refundId: refund.id, partnerStatus: seen.rawStatus },
        'unknown partner refund status: state kept',
      );
  } catch (err) {
    if (!(err instanceof PartnerError)) throw err;
    deps.log.warn(
      { refundId: refund.id, kind: err.kind, httpStatus: err.httpStatus },
      'refund status unavailable; asked again later',
    );
    outcome = { kind: 'unavailable', partnerCode: partnerCodeOf(err) };
  }
  return (await storeRefundOutcome(deps, refund.id, outcome, { notifyRejection: true })) ?? refund;
}

/**
 * Worker job: every pending refund whose next attempt is due is sent again (not accepted yet:
 * same Idempotency-Key) or asked about (accepted), each by one process. Returns how many.
 */
export async function processDueRefunds(deps: PaymentDeps, batch = 20): Promise<number> {
  const due = await deps.refunds.claimDueRefunds(deps.clock.now(), batch, LEASE_MS);
  await Promise.all(
    due.map((r) =>
      (r.partnerRefundId ? followRefund(deps, r) : submitRefund(deps, r, { notifyRejection: true })).catch(
        (err: unknown) => {
          deps.log.error({ err, refundId: r.id }, 'refund follow-up failed');
        },
      ),
    ),
  );
  return due.length;
}
