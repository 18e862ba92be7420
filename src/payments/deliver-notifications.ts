import { ANSWER_EXCERPT_CHARS, nextAttemptAt, notificationUrl, retryWindowStart } from '../domain/notification.js';
import type { ClaimedNotification, NotificationAttempt, SealedSigningSecrets } from '../ports/notification-outbox.js';
import { signedPayload, webhookHeaders } from '../security/webhook-signature.js';
import type { PaymentDeps } from './deps.js';

const ATTEMPT_TIMEOUT_MS = 10_000;
const LEASE_MS = 30_000;

export type NotificationDeps = Pick<PaymentDeps, 'outbox' | 'sessions' | 'notifier' | 'clock' | 'log' | 'secrets'>;

/**
 * Worker job, one pass over the notification outbox: each due notification is sent once (HTTP
 * 200 = delivered), retried a minute later otherwise, abandoned after two hours, and dropped when
 * the merchant has already fetched the result (unless a back-office user asked for it again).
 * Every attempt is logged with the outcome it leads to. Returns how many were attempted. Once
 * `signal` aborts (the worker stops) the attempts under way are abandoned without a trace: the
 * lease runs out and they are sent again, by this process or another.
 */
export async function deliverDueNotifications(
  deps: NotificationDeps,
  {
    batch = 20,
    signal,
    timeoutMs = ATTEMPT_TIMEOUT_MS,
  }: { batch?: number; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<number> {
  const due = await deps.outbox.claimDue(deps.clock.now(), batch, LEASE_MS);
  await Promise.all(due.map((n) => deliverOne(deps, n, signal, timeoutMs)));
  return due.length;
}

/** The secrets to sign with now: the current one, and the previous one during the day after a rotation. */
function signingSecrets(deps: NotificationDeps, sealed: SealedSigningSecrets | undefined, now: Date): string[] {
  if (!sealed) return [];
  const previous = sealed.previous && sealed.previousUntil && sealed.previousUntil > now ? [sealed.previous] : [];
  return [sealed.current, ...previous].map((s) => deps.secrets.open(s));
}

async function deliverOne(
  deps: NotificationDeps,
  n: ClaimedNotification,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<void> {
  const { sessions, outbox, notifier, clock, log } = deps;
  if (n.token && !n.requeuedAt) {
    const session = await sessions.get(n.token);
    if (session?.resultFetchedAt) {
      await outbox.complete(n.id, 'skipped', clock.now(), 'result already fetched by the merchant');
      return;
    }
  }
  const url = notificationUrl(n);
  const startedAt = clock.now();
  const secrets = signingSecrets(deps, n.signing, startedAt);
  const headers = secrets.length
    ? webhookHeaders(`msg_${n.id}`, Math.floor(startedAt.getTime() / 1000), signedPayload(url), secrets)
    : undefined;
  const answer = await notifier.send(url, {
    timeoutMs,
    signal,
    headers,
    excerptChars: ANSWER_EXCERPT_CHARS,
  });
  if (answer.kind === 'failed' && signal?.aborted) return;
  const attempt: NotificationAttempt = {
    url,
    startedAt,
    durationMs: answer.durationMs,
    signed: headers !== undefined,
    ...(answer.kind === 'answered'
      ? { httpStatus: answer.status, bodyExcerpt: answer.bodyExcerpt }
      : { failure: answer.reason }),
  };
  if (answer.kind === 'answered' && answer.status === 200) {
    await outbox.complete(n.id, 'delivered', clock.now(), undefined, attempt);
    log.info({ notificationId: n.id, type: n.type, token: n.token, attempts: n.attempts }, 'merchant notified');
    return;
  }
  const error = answer.kind === 'answered' ? `HTTP ${answer.status}` : answer.reason;
  const now = clock.now();
  const next = nextAttemptAt(retryWindowStart(n), now);
  if (next) await outbox.retryAt(n.id, next, error, attempt);
  else await outbox.complete(n.id, 'abandoned', now, error, attempt);
  log.warn(
    { notificationId: n.id, type: n.type, token: n.token, attempts: n.attempts, error, gaveUp: !next },
    'merchant notification failed',
  );
}
