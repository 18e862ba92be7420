import type { PendingNotification } from '../domain/notification.js';
import type { NotificationOutbox, NotificationRecord } from '../ports/notification-outbox.js';
import type { Queryable } from './db.js';
import { toNotificationRecord, toPendingNotification } from './rows.js';

/** The NotificationOutbox port over PostgreSQL SQL (table notifications; rows are queued by notification-rows.ts). */
export class SqlNotificationOutbox implements NotificationOutbox {
  constructor(private readonly db: Queryable) {}

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<PendingNotification[]> {
    // SKIP LOCKED: several gateway processes share the outbox without delivering a row twice at once.
    const rows = await this.db.query(
      `UPDATE notifications SET next_attempt_at = $2, attempts = attempts + 1
        WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= $1
                      ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [now, new Date(now.getTime() + leaseMs), limit],
    );
    return rows.map(toPendingNotification);
  }

  async complete(
    id: string,
    outcome: 'delivered' | 'skipped' | 'abandoned',
    now: Date,
    detail?: string,
  ): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET status = $2, delivered_at = CASE WHEN $2 = 'delivered' THEN $3::timestamptz ELSE delivered_at END,
              last_error = COALESCE($4, last_error) WHERE id = $1 AND status = 'pending'`,
      [id, outcome, now, detail ?? null],
    );
  }

  async retryAt(id: string, at: Date, error: string): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET next_attempt_at = $2, last_error = $3 WHERE id = $1 AND status = 'pending'`,
      [id, at, error],
    );
  }

  async list(filter: { token?: string; merchantId?: string }): Promise<NotificationRecord[]> {
    const rows = await this.db.query(
      `SELECT * FROM notifications WHERE ($1::text IS NULL OR token = $1) AND ($2::text IS NULL OR merchant_id = $2) ORDER BY id`,
      [filter.token ?? null, filter.merchantId ?? null],
    );
    return rows.map(toNotificationRecord);
  }
}
