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
  attempts: number;
  createdAt: Date;
}

export function notificationUrl(n: Pick<PendingNotification, 'url' | 'type' | 'token' | 'transactionId'>): string {
  const target = new URL(n.url);
  target.searchParams.set('notificationType', n.type);
  if (n.token) target.searchParams.set('token', n.token);
  if (n.transactionId) target.searchParams.set('transactionId', n.transactionId);
  return target.toString();
}

/** When to try again after a failed attempt, or undefined once the two hours are over. */
export function nextAttemptAt(createdAt: Date, now: Date): Date | undefined {
  const next = new Date(now.getTime() + NOTIFICATION_RETRY_INTERVAL_MS);
  return next.getTime() - createdAt.getTime() > NOTIFICATION_GIVE_UP_AFTER_MS ? undefined : next;
}
