import type { PaymentSession } from '../../domain/payment-session.js';
import type { PaymentSessionChange } from '../../ports/payment-sessions.js';
import type { PaymentDeps } from '../deps.js';
import { retryTakenTransactionId } from './retry-taken-transaction-id.js';

/**
 * `PaymentSessions.update`, decided again when the freshly drawn transaction id was taken
 * (the decision is recomputed, so a new id is drawn). `known`: the session as this request read it.
 */
export function updateSession(
  { sessions, ids }: Pick<PaymentDeps, 'sessions' | 'ids'>,
  token: string,
  decide: (s: PaymentSession) => PaymentSessionChange | undefined,
  known?: PaymentSession,
): Promise<PaymentSession | undefined> {
  return retryTakenTransactionId(ids, () => sessions.update(token, decide, known));
}
