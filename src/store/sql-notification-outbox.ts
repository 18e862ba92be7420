import type {
  ClaimedNotification,
  NotificationAttempt,
  NotificationOutbox,
  NotificationRecord,
  RequeueOutcome,
} from '../ports/notification-outbox.js';
import type { Queryable } from './db.js';
import { attemptInsertCte, toClaimedNotification, toNotificationRecord } from './notification-rows.js';

/**
 * The NotificationOutbox port over PostgreSQL SQL (tables notifications and notification_attempts;
 * rows are queued by notification-rows.ts).
 */
export class SqlNotificationOutbox implements NotificationOutbox {
  constructor(private readonly db: Queryable) {}

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<ClaimedNotification[]> {
    // SKIP LOCKED: several gateway processes share the outbox without delivering a row twice at once.
    // The point of sale's signing secrets come with the row: no query more per notification.
    const rows = await this.db.query(
      `WITH claimed AS (
         UPDATE notifications SET next_attempt_at = $2, attempts = attempts + 1
          WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= $1
                        ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING *)
       SELECT c.*, w.secret_sealed, w.previous_sealed, w.previous_until
         FROM claimed c LEFT JOIN webhook_secrets w ON w.point_of_sale_id = c.point_of_sale_id
        ORDER BY c.next_attempt_at, c.id`,
      [now, new Date(now.getTime() + leaseMs), limit],
    );
    return rows.map(toClaimedNotification);
  }

  async complete(
    id: string,
    outcome: 'delivered' | 'skipped' | 'abandoned',
    now: Date,
    detail?: string,
    attempt?: NotificationAttempt,
  ): Promise<void> {
    const log = attempt ? attemptInsertCte(id, attempt, outcome === 'delivered', 5) : { sql: '', params: [] };
    await this.db.query(
      `${log.sql}UPDATE notifications SET status = $2, delivered_at = CASE WHEN $2 = 'delivered' THEN $3::timestamptz ELSE delivered_at END,
              last_error = COALESCE($4, last_error) WHERE id = $1 AND status = 'pending'`,
      [id, outcome, now, detail ?? null, ...log.params],
    );
  }

  async retryAt(id: string, at: Date, error: string, attempt?: NotificationAttempt): Promise<void> {
    const log = attempt ? attemptInsertCte(id, attempt, false, 4) : { sql: '', params: [] };
    await this.db.query(
      `${log.sql}UPDATE notifications SET next_attempt_at = $2, last_error = $3 WHERE id = $1 AND status = 'pending'`,
      [id, at, error, ...log.params],
    );
  }

  async requeue(merchantId: string, id: string, now: Date): Promise<RequeueOutcome> {
    if (!/^\d{1,18}$/.test(id)) return 'not-found';
    // Only one that is not pending: a pending one may be in flight (leased), and due twice it would be sent twice.
    const queued = await this.db.query(
      `UPDATE notifications SET status = 'pending', next_attempt_at = $3, requeued_at = $3
        WHERE id = $1 AND merchant_id = $2 AND status <> 'pending' RETURNING id`,
      [id, merchantId, now],
    );
    if (queued.length) return 'queued';
    const [row] = await this.db.query('SELECT status FROM notifications WHERE id = $1 AND merchant_id = $2', [
      id,
      merchantId,
    ]);
    return row ? 'already-pending' : 'not-found';
  }

  async list(filter: { token?: string; merchantId?: string }): Promise<NotificationRecord[]> {
    const rows = await this.db.query(
      `SELECT * FROM notifications WHERE ($1::text IS NULL OR token = $1) AND ($2::text IS NULL OR merchant_id = $2) ORDER BY id`,
      [filter.token ?? null, filter.merchantId ?? null],
    );
    return rows.map(toNotificationRecord);
  }
}
