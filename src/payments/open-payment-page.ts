import type { PaymentSession } from '../domain/payment-session.js';
import type { PaymentSessionChange } from '../ports/payment-sessions.js';
import type { PaymentDeps } from './deps.js';
import { expireSessionIfDue } from './expire-session.js';
import { changeToResult } from './steps/session-change.js';
import { startPartnerPayment } from './steps/start-partner-payment.js';
import { syncPartnerPayment } from './sync-partner-payment.js';
import { updateSession } from './steps/update-session.js';

/**
 * The buyer opened the hosted page: 02533 becomes 02306 and the partner payment is created (the
 * arrival and the claim to create it are one write). An expired session is ended first, so a buyer
 * arriving after the payment delay sees it expired. Undefined for an unknown token, or one of a
 * direct payment (it has no page). `known`: the session as this request read it.
 */
export async function openPaymentPage(
  deps: PaymentDeps,
  token: string,
  known?: PaymentSession,
): Promise<PaymentSession | undefined> {
  const existing = known ?? (await deps.sessions.get(token));
  if (existing?.channel !== 'web') return undefined;
  let session = await expireSessionIfDue(deps, token, existing);
  if (!session) return undefined;
  const now = deps.clock.now();
  const arrival = (s: PaymentSession): PaymentSessionChange | undefined => {
    const change = s.resultCode === '02533' ? changeToResult(deps, s, '02306', now) : undefined;
    return (
      change && {
        session: { ...change.session, buyerArrivedAt: s.buyerArrivedAt ?? now },
        event: { source: 'page', at: now },
      }
    );
  };
  if (!session.partnerPaymentId || session.finalAt) return startPartnerPayment(deps, session, arrival);
  if (session.resultCode === '02533') session = (await updateSession(deps, token, arrival, session)) ?? session;
  // A buyer coming back (the partner's returnUrl, a reload) gets the partner's word now rather
  // than at the next poll: the callback may be late or lost.
  if (session.finalAt) return session;
  return (await syncPartnerPayment(deps, token, 'buyer', undefined, session)) ?? session;
}
