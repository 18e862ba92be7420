import { nextAttemptAt, notificationUrl, type PendingNotification } from '../domain/notification.js';
import type { PaymentDeps } from './deps.js';

const ATTEMPT_TIMEOUT_MS = 10_000;
const LEASE_MS = 30_000;

export type NotificationDeps = Pick<PaymentDeps, 'outbox' | 'sessions' | 'notifier' | 'clock' | 'log'>;

/**
 * Worker job, one pass over the notification outbox: each due notification is sent once (HTTP
 * 200 = delivered), retried a minute later otherwise, abandoned after two hours, and dropped when
 * the merchant has already fetched the result. Returns how many were attempted. Once `signal`
 * aborts (the worker stops) the attempts under way are abandoned without a trace: the lease runs
 * out and they are sent again, by this process or another.
 */
export async function deliverDueNotifications(
  deps: NotificationDeps,
  { batch = 20, signal }: { batch?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const due = await deps.outbox.claimDue(deps.clock.now(), batch, LEASE_MS);
  await Promise.all(due.map((n) => deliverOne(deps, n, signal)));
  return due.length;
}

async function deliverOne(
  deps: NotificationDeps,
  n: PendingNotification,
  signal: AbortSignal | undefined,
): Promise<void> {
  const { sessions, outbox, notifier, clock, log } = deps;
  if (n.token) {
    const session = await sessions.get(n.token);
    if (session?.resultFetchedAt) {
      await outbox.complete(n.id, 'skipped', clock.now(), 'result already fetched by the merchant');
      return;
    }
  }
  const answer = await notifier.send(notificationUrl(n), { timeoutMs: ATTEMPT_TIMEOUT_MS, signal });
  if (answer.kind === 'answered' && answer.status === 200) {
    await outbox.complete(n.id, 'delivered', clock.now());
    log.info({ notificationId: n.id, type: n.type, token: n.token, attempts: n.attempts }, 'merchant notified');
    return;
  }
  if (answer.kind === 'failed' && signal?.aborted) return;
  const error = answer.kind === 'answered' ? `HTTP ${answer.status}` : answer.reason;
  const now = clock.now();
  const next = nextAttemptAt(n.createdAt, now);
  if (next) await outbox.retryAt(n.id, next, error);
  else await outbox.complete(n.id, 'abandoned', now, error);
  log.warn(
    { notificationId: n.id, type: n.type, token: n.token, attempts: n.attempts, error, gaveUp: !next },
    'merchant notification failed',
  );
}
