/**
 * Merchant notification schedule (payline-api.md §8): a GET retried every minute for two hours
 * until the merchant answers HTTP 200, or until it has fetched the result by itself.
 */
export const NOTIFICATION_RETRY_INTERVAL_MS = 60_000;
export const NOTIFICATION_GIVE_UP_AFTER_MS = 2 * 60 * 60_000;

export type NotificationType = 'WEBTRS' | 'TRS';

export interface PendingNotification {
  id: string;
  merchantId: string;
  type: NotificationType;
  url: string;
  token?: string | undefined;
  transactionId?: string | undefined;
  /** Of the payment it announces (undefined for a notification queued before migration 12 could tell). */
  pointOfSaleId?: string | undefined;
  attempts: number;
  createdAt: Date;
  /** When a back-office user asked for it to be sent again: its two hours of retries start then. */
  requeuedAt?: Date | undefined;
}

/** The bound of the merchant's answer kept with each attempt (enough to read an error page's gist). */
export const ANSWER_EXCERPT_CHARS = 500;

export function notificationUrl(n: Pick<PendingNotification, 'url' | 'type' | 'token' | 'transactionId'>): string {
  const target = new URL(n.url);
  target.searchParams.set('notificationType', n.type);
  if (n.token) target.searchParams.set('token', n.token);
  if (n.transactionId) target.searchParams.set('transactionId', n.transactionId);
  return target.toString();
}

/**
 * When to try again after a failed attempt, or undefined once the two hours are over; `from` is
 * when it was queued (or queued again from the back-office: retryWindowStart).
 */
export function nextAttemptAt(from: Date, now: Date): Date | undefined {
  const next = new Date(now.getTime() + NOTIFICATION_RETRY_INTERVAL_MS);
  return next.getTime() - from.getTime() > NOTIFICATION_GIVE_UP_AFTER_MS ? undefined : next;
}

export const retryWindowStart = (n: Pick<PendingNotification, 'createdAt' | 'requeuedAt'>): Date =>
  n.requeuedAt ?? n.createdAt;
