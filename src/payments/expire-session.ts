import { expiryResult, type WebSession } from '../domain/web-session.js';
import type { PaymentDeps } from './deps.js';
import { changeToResult } from './session-change.js';
import { updateSession } from './update-session.js';

/**
 * Applies the payment delay to one session: once it has elapsed without a final result the
 * session ends in 02324 (buyer came) or 02534 (buyer never came). Safe to call any number of times.
 * The row is locked only when the session read (or `known`) is due: reads stay reads.
 */
export async function expireSessionIfDue(deps: PaymentDeps, token: string, known?: WebSession): Promise<WebSession | undefined> {
  const now = deps.clock.now();
  const current = known ?? (await deps.store.getWebSession(token));
  if (!current || !expiryResult(current, now)) return current;
  return updateSession(deps.store, token, (s) => {
    const code = expiryResult(s, now);
    return code ? changeToResult(s, code, now) : undefined;
  });
}

/** Worker job: ends every session whose payment delay is over. Returns how many it ended. */
export async function expireDueSessions(deps: PaymentDeps, batch = 100): Promise<number> {
  const tokens = await deps.store.findExpiredOpenSessions(deps.clock.now(), batch);
  for (const token of tokens) {
    const s = await expireSessionIfDue(deps, token);
    if (s?.finalAt) deps.log.info({ token, resultCode: s.resultCode }, 'web payment expired');
  }
  return tokens.length;
}
