import type { WebSession } from '../domain/web-session.js';
import type { Store, WebSessionChange } from '../ports.js';
import { isTransactionIdCollision } from './session-change.js';

/**
 * `store.updateWebSession`, retried when the freshly drawn transaction id collides with an
 * existing one (the decision is recomputed, so a new id is drawn).
 */
export async function updateSession(store: Store, token: string, decide: (s: WebSession) => WebSessionChange | undefined): Promise<WebSession | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.updateWebSession(token, decide);
    } catch (err) {
      if (attempt >= 5 || !isTransactionIdCollision(err)) throw err;
    }
  }
}
