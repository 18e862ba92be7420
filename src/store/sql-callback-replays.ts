import type { CallbackReplays } from '../ports/callback-replays.js';
import type { Queryable } from './db.js';

/** The CallbackReplays port over PostgreSQL SQL (table partner_callbacks_seen). */
export class SqlCallbackReplays implements CallbackReplays {
  constructor(private readonly db: Queryable) {}

  async record(jti: string, partnerPaymentId: string, at: Date): Promise<boolean> {
    const rows = await this.db.query(
      'INSERT INTO partner_callbacks_seen (jti, partner_payment_id, received_at) VALUES ($1, $2, $3) ON CONFLICT (jti) DO NOTHING RETURNING jti',
      [jti, partnerPaymentId, at],
    );
    return rows.length === 1;
  }

  async hasSeen(jti: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM partner_callbacks_seen WHERE jti = $1', [jti])).length === 1;
  }
}
