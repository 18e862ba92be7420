import type { PaymentSession } from '../domain/payment-session.js';
import type { PaymentDeps } from './deps.js';

/**
 * What the open hosted page polls for: its session as it stands, read only (the worker, callbacks
 * and the buyer's actions move it). Undefined for an unknown token or a direct payment's.
 */
export async function watchPaymentPage(
  deps: Pick<PaymentDeps, 'sessions'>,
  token: string,
): Promise<PaymentSession | undefined> {
  const session = await deps.sessions.get(token);
  return session?.channel === 'web' ? session : undefined;
}
