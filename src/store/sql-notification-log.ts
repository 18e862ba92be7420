import type { AttemptFilter, LoggedAttempt, NotificationLog } from '../ports/notification-log.js';
import type { NotificationRecord } from '../ports/notification-outbox.js';
import type { Queryable } from './db.js';
import { toLoggedAttempt, toNotificationRecord } from './notification-rows.js';

const NOTIFICATION_ID = /^\d{1,18}$/;

/** The NotificationLog port over PostgreSQL SQL: attempts newest first, by keyset (started_at, id). */
export class SqlNotificationLog implements NotificationLog {
  constructor(private readonly db: Queryable) {}

  async listAttempts(f: AttemptFilter): Promise<LoggedAttempt[]> {
    if (f.notificationId !== undefined && !NOTIFICATION_ID.test(f.notificationId)) return [];
    if (f.after && !NOTIFICATION_ID.test(f.after.id)) return [];
    const rows = await this.db.query(
      `SELECT a.*, n.type, n.token, n.transaction_id, n.status AS notification_status
         FROM notification_attempts a JOIN notifications n ON n.id = a.notification_id
        WHERE a.merchant_id = $1
          AND ($2::text[] IS NULL OR a.point_of_sale_id = ANY($2::text[]))
          AND ($3::text IS NULL OR a.point_of_sale_id = $3)
          AND ($4::timestamptz IS NULL OR a.started_at >= $4)
          AND ($5::timestamptz IS NULL OR a.started_at < $5)
          AND ($6::text IS NULL OR n.type = $6)
          AND (CASE $7::text WHEN 'delivered' THEN a.delivered WHEN 'failed' THEN NOT a.delivered
                             WHEN 'pending' THEN n.status = 'pending' ELSE true END)
          AND ($8::integer IS NULL OR a.http_status = $8)
          AND ($9::text IS NULL OR n.token = $9 OR n.transaction_id = $9)
          AND ($10::bigint IS NULL OR a.notification_id = $10)
          AND ($11::timestamptz IS NULL OR (a.started_at, a.id) < ($11, $12::bigint))
        ORDER BY a.started_at DESC, a.id DESC
        LIMIT $13`,
      [
        f.merchantId,
        f.pointsOfSale ? [...f.pointsOfSale] : null,
        f.pointOfSaleId ?? null,
        f.from ?? null,
        f.to ?? null,
        f.type ?? null,
        f.outcome ?? null,
        f.httpStatus ?? null,
        f.reference ?? null,
        f.notificationId ?? null,
        f.after?.startedAt ?? null,
        f.after?.id ?? null,
        f.limit,
      ],
    );
    return rows.map(toLoggedAttempt);
  }

  async getNotification(merchantId: string, id: string): Promise<NotificationRecord | undefined> {
    if (!NOTIFICATION_ID.test(id)) return undefined;
    const [row] = await this.db.query('SELECT * FROM notifications WHERE id = $1 AND merchant_id = $2', [
      id,
      merchantId,
    ]);
    return row && toNotificationRecord(row);
  }

  async notificationsAbout(merchantId: string, reference: string): Promise<NotificationRecord[]> {
    const rows = await this.db.query(
      'SELECT * FROM notifications WHERE merchant_id = $1 AND (token = $2 OR transaction_id = $2) ORDER BY id',
      [merchantId, reference],
    );
    return rows.map(toNotificationRecord);
  }
}
