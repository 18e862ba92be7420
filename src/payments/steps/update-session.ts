import type { PaymentSession } from '../../domain/payment-session.js';
import type { Store, PaymentSessionChange } from '../../ports.js';
import { retryTakenTransactionId } from './retry-taken-transaction-id.js';

/**
 * `store.updateSession`, decided again when the freshly drawn transaction id was taken
 * (the decision is recomputed, so a new id is drawn).
 */
export function updateSession(store: Store, token: string, decide: (s: PaymentSession) => PaymentSessionChange | undefined): Promise<PaymentSession | undefined> {
  return retryTakenTransactionId(() => store.updateSession(token, decide));
}
