import type { WebSession } from '../domain/web-session.js';
import type { PaymentDeps } from './deps.js';
import { expireSessionIfDue } from './expire-session.js';
import { changeToResult } from './session-change.js';
import { updateSession } from './update-session.js';

/**
 * The buyer opened the hosted page: 02533 becomes 02306. An expired session is ended first, so a
 * buyer arriving after the payment delay sees it expired. Undefined for an unknown token.
 */
export async function openPaymentPage(deps: PaymentDeps, token: string): Promise<WebSession | undefined> {
  const session = await expireSessionIfDue(deps, token);
  if (!session || session.resultCode !== '02533') return session;
  const now = deps.clock.now();
  return updateSession(deps.store, token, (s) => {
    const change = changeToResult(s, '02306', now);
    return change && { session: { ...change.session, buyerArrivedAt: s.buyerArrivedAt ?? now } };
  });
}
