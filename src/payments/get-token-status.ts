import { isFinal, payableUntil } from '../domain/payment-session.js';
import type { PaymentDeps } from './deps.js';
import { watchPaymentPage } from './watch-payment-page.js';

/** What the widget's `getTokenStatus` answers: can this token still be paid? */
export type TokenStatus = 'ALIVE' | 'EXPIRED' | 'UNKNOWN';

/**
 * ALIVE while the buyer can still pay; EXPIRED once the session has a final result or its
 * payable time is over (even before the worker has ended it); UNKNOWN for a token the gateway
 * never gave out, or one of a direct payment (it has no page).
 */
export async function getTokenStatus(deps: PaymentDeps, token: string): Promise<TokenStatus> {
  const session = await watchPaymentPage(deps, token);
  if (!session) return 'UNKNOWN';
  return isFinal(session.resultCode) || payableUntil(session) <= deps.clock.now() ? 'EXPIRED' : 'ALIVE';
}
