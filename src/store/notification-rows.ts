import type { NewNotification } from '../ports/notification-outbox.js';
import type { Queryable } from './db.js';
import type { Statement } from './one-statement.js';

/** The insert that queues a merchant notification (the outbox): due at once. */
export function notificationInsert(merchantId: string, n: NewNotification): Statement {
  return {
    sql: 'INSERT INTO notifications (merchant_id, type, url, token, transaction_id, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $6)',
    params: [merchantId, n.type, n.url, n.token ?? null, n.transactionId ?? null, n.at],
  };
}

/** Queues a merchant notification (the outbox), inside the caller's transaction: due at once. */
export async function insertNotification(q: Queryable, merchantId: string, n: NewNotification): Promise<void> {
  const { sql, params } = notificationInsert(merchantId, n);
  await q.query(sql, params);
}
