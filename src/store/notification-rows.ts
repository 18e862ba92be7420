import type {
  ClaimedNotification,
  NewNotification,
  NotificationAttempt,
  NotificationRecord,
} from '../ports/notification-outbox.js';
import type { LoggedAttempt } from '../ports/notification-log.js';
import type { Queryable, Row } from './db.js';
import type { Statement } from './one-statement.js';
import { toNotificationRecord as baseRecord, toPendingNotification } from './rows.js';

/**
 * The point of sale a notification concerns, found from what it names: the session of its token,
 * else the session of its transaction (a refund's: that of the payment refunded). Both exist
 * before the notification is queued, so the statement's snapshot sees them.
 */
const POINT_OF_SALE_OF = `(SELECT s.point_of_sale_id FROM web_sessions s WHERE s.token = COALESCE($4,
  (SELECT COALESCE(o.token, t.token) FROM transactions t LEFT JOIN transactions o ON o.id = t.original_transaction_id WHERE t.id = $5)))`;

/** The insert that queues a merchant notification (the outbox): due at once. */
export function notificationInsert(merchantId: string, n: NewNotification): Statement {
  return {
    sql: `INSERT INTO notifications (merchant_id, type, url, token, transaction_id, created_at, next_attempt_at, point_of_sale_id)
          VALUES ($1, $2, $3, $4::text, $5::text, $6, $6, ${POINT_OF_SALE_OF})`,
    params: [merchantId, n.type, n.url, n.token ?? null, n.transactionId ?? null, n.at],
  };
}

/** Queues a merchant notification (the outbox), inside the caller's transaction: due at once. */
export async function insertNotification(q: Queryable, merchantId: string, n: NewNotification): Promise<void> {
  const { sql, params } = notificationInsert(merchantId, n);
  await q.query(sql, params);
}

/**
 * Logs one attempt, as a data-modifying CTE to put before the outbox's update: the attempt and
 * the notification's new state are written together or not at all. Parameters from `$from`.
 */
export function attemptInsertCte(id: string, a: NotificationAttempt, delivered: boolean, from: number) {
  const p = (i: number) => `$${from + i}`;
  return {
    sql: `WITH logged AS (INSERT INTO notification_attempts
            (notification_id, merchant_id, point_of_sale_id, url, started_at, duration_ms, http_status, failure, body_excerpt, signed, delivered)
          SELECT id, merchant_id, point_of_sale_id, ${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}
            FROM notifications WHERE id = ${p(8)}) `,
    params: [
      a.url,
      a.startedAt,
      Math.round(a.durationMs),
      a.httpStatus ?? null,
      a.failure ?? null,
      a.bodyExcerpt ?? null,
      a.signed,
      delivered,
      id,
    ],
  };
}

const opt = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const optDate = (v: unknown): Date | undefined =>
  v === null || v === undefined ? undefined : v instanceof Date ? v : new Date(String(v));

export const toNotificationRecord = (r: Row): NotificationRecord => ({
  ...baseRecord(r),
  pointOfSaleId: opt(r.point_of_sale_id),
  requeuedAt: optDate(r.requeued_at),
});

/** A claimed row, with its point of sale's sealed secrets when it signs (joined in claimDue). */
export const toClaimedNotification = (r: Row): ClaimedNotification => {
  const current = opt(r.secret_sealed);
  return {
    ...toPendingNotification(r),
    pointOfSaleId: opt(r.point_of_sale_id),
    requeuedAt: optDate(r.requeued_at),
    signing: current
      ? { current, previous: opt(r.previous_sealed), previousUntil: optDate(r.previous_until) }
      : undefined,
  };
};

export const toLoggedAttempt = (r: Row): LoggedAttempt => ({
  id: String(r.id),
  notificationId: String(r.notification_id),
  pointOfSaleId: opt(r.point_of_sale_id),
  url: String(r.url),
  startedAt: optDate(r.started_at)!,
  durationMs: Number(r.duration_ms),
  httpStatus: r.http_status === null || r.http_status === undefined ? undefined : Number(r.http_status),
  failure: opt(r.failure),
  bodyExcerpt: opt(r.body_excerpt),
  signed: Boolean(r.signed),
  delivered: Boolean(r.delivered),
  type: String(r.type) as LoggedAttempt['type'],
  token: opt(r.token),
  transactionId: opt(r.transaction_id),
  notificationStatus: String(r.notification_status) as LoggedAttempt['notificationStatus'],
});
