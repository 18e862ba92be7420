import { resultForPartnerStatus, type PartnerStatus, type WebSession } from '../domain/web-session.js';
import type { PaymentDeps } from './deps.js';
import { expireSessionIfDue } from './expire-session.js';
import { changeToResult, type PartnerDetails } from './session-change.js';
import { updateSession } from './update-session.js';

export interface PartnerUpdate extends PartnerDetails {
  status: PartnerStatus;
}

/**
 * Applies what the partner says about a session's payment. Final results never change, so a
 * repeated or late update is a no-op; an unknown status keeps the state and is logged.
 * Returns the session as it stands afterwards.
 */
export async function settleWebPayment(deps: PaymentDeps, token: string, update: PartnerUpdate): Promise<WebSession | undefined> {
  const before = await expireSessionIfDue(deps, token);
  if (!before) return undefined;
  const proposed = resultForPartnerStatus(update.status);
  if (!proposed) {
    deps.log.warn({ token, partnerStatus: update.status, partnerCode: update.partnerCode }, 'unknown partner status ignored');
    return before;
  }
  const now = deps.clock.now();
  const after = await updateSession(deps.store, token, (s) => changeToResult(s, proposed, now, update));
  if (after && after.resultCode !== before.resultCode) {
    deps.log.info({ token, from: before.resultCode, to: after.resultCode, partnerStatus: update.status }, 'web payment result changed');
  }
  return after;
}
