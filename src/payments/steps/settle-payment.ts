import {
  CANCELLED_BY_GATEWAY,
  isFinal,
  resultForPartnerStatus,
  type PartnerStatus,
  type PaymentSession,
} from '../../domain/payment-session.js';
import type { ResultCode } from '../../domain/result-codes.js';
import type { SessionEvent, SessionEventRecord } from '../../ports/session-history.js';
import type { PaymentDeps } from '../deps.js';
import { changeToResult, type PartnerDetails } from './session-change.js';
import { updateSession } from './update-session.js';

export interface PartnerUpdate extends PartnerDetails {
  status: PartnerStatus;
  /** The status as the partner spelled it (kept when it is one we do not know). */
  rawStatus?: string | undefined;
  source?: SessionEvent['source'];
  /** Overrides the result the status maps to (e.g. 02012 for an amount that does not match). */
  result?: ResultCode | undefined;
  /** When the next poll is due if the session stays open. */
  nextPollAt?: Date | undefined;
}

/**
 * Applies what the partner says about a session's payment, in one write with its history entry.
 * Final results never change, so a repeated or late update is a no-op; an unknown status keeps
 * the state (recorded, polled again). Returns the session as it stands afterwards. `known`: the
 * session as this request read it.
 */
export async function settlePayment(
  deps: PaymentDeps,
  token: string,
  update: PartnerUpdate,
  known?: PaymentSession,
): Promise<PaymentSession | undefined> {
  const now = deps.clock.now();
  const mapped = update.result ?? resultForPartnerStatus(update.status);
  let proposed = mapped;
  if (!mapped)
    deps.log.warn({ token, partnerStatus: update.rawStatus ?? update.status }, 'unknown partner status: state kept');
  let before: PaymentSession | undefined;
  const after = await updateSession(
    deps,
    token,
    (s) => {
      before = s;
      // The partner's CANCELLED for a payment the gateway cancelled itself: the delay elapsed (an
      // expiry) or the merchant reset it. Decided afresh on each call: the store calls again after
      // a concurrent write.
      proposed =
        update.status === 'CANCELLED' && s.partnerCancelReason && !update.result
          ? CANCELLED_BY_GATEWAY[s.partnerCancelReason]
          : mapped;
      const event = {
        source: update.source ?? 'callback',
        partnerStatus: update.rawStatus ?? update.status,
        at: now,
      } satisfies SessionEventRecord;
      const partnerFields = {
        partnerStatus: update.rawStatus ?? update.status,
        ...(update.nextPollAt && { nextPollAt: update.nextPollAt }),
      };
      const change = proposed ? changeToResult(deps, { ...s, ...partnerFields }, proposed, now, update) : undefined;
      if (change) return { ...change, event };
      // No result change: still keep what the partner said (and when to ask again) unless the session is final.
      if (s.finalAt) return undefined;
      return { session: { ...s, ...partnerFields }, event };
    },
    known,
  );
  // A partner status that contradicts a final result changes nothing but is kept in the history.
  // A step before the end arriving late (AUTHORIZED after SUCCEEDED) is ordinary delivery order;
  // another final status is worth an operator's look.
  if (before?.finalAt && proposed && proposed !== before.resultCode) {
    const fields = { token, resultCode: before.resultCode, partnerStatus: update.rawStatus ?? update.status };
    if (isFinal(proposed)) deps.log.warn(fields, 'final partner status contradicting the final result: ignored');
    else deps.log.info(fields, 'late partner status after the final result: ignored');
    await deps.history.add(token, now, {
      source: update.source ?? 'callback',
      partnerStatus: update.rawStatus ?? update.status,
      resultCode: before.resultCode,
      detail: { ignored: 'final result' },
    });
  }
  if (after && before && after.resultCode !== before.resultCode) {
    deps.log.info(
      { token, from: before.resultCode, to: after.resultCode, partnerStatus: update.rawStatus ?? update.status },
      'web payment result changed',
    );
  }
  return after;
}
