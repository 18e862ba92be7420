import type { NewNotification } from '../ports/notification-outbox.js';
import type { Queryable } from './db.js';

/** Queues a merchant notification (the outbox), inside the caller's transaction: due at once. */
export async function insertNotification(q: Queryable, merchantId: string, n: NewNotification): Promise<void> {
  await q.query(
    'INSERT INTO notifications (merchant_id, type, url, token, transaction_id, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $6)',
    [merchantId, n.type, n.url, n.token ?? null, n.transactionId ?? null, n.at],
  );
}
