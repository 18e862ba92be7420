import type { WebSession } from '../domain/web-session.js';
import type { Store, WebSessionChange } from '../ports.js';
import { retryTakenTransactionId } from './retry-taken-transaction-id.js';

/**
 * `store.updateWebSession`, decided again when the freshly drawn transaction id was taken
 * (the decision is recomputed, so a new id is drawn).
 */
export function updateSession(store: Store, token: string, decide: (s: WebSession) => WebSessionChange | undefined): Promise<WebSession | undefined> {
  return retryTakenTransactionId(() => store.updateWebSession(token, decide));
}
