import { refundTransaction, type Refund, type RefundStatus } from '../domain/refund.js';
import type { RefundKey } from '../domain/refund-request.js';
import type { RefundChange, RefundStore, RefundReservation } from '../ports/refund-store.js';
import type { RefundDecision } from '../domain/refund.js';
import type { Db, Queryable } from './db.js';
import { notificationInsert } from './notification-rows.js';
import { oneStatement } from './one-statement.js';
import { REFUND_COLUMNS, REFUND_SELECT, REFUND_UPDATE, refundValues, toRefund } from './refund-rows.js';
import { placeholders, toTransaction, transactionInsert } from './rows.js';

/** The RefundStore port over PostgreSQL SQL (PGlite and node-postgres alike). */
export class SqlRefundStore implements RefundStore {
  constructor(private readonly db: Db) {}

  reserveRefund(
    originalId: string,
    merchantId: string,
    key: RefundKey | undefined,
    decide: (r: RefundReservation) => RefundDecision,
  ): Promise<RefundDecision | undefined> {
    return this.db.transaction(async (q) => {
      // The lock that serialises every refund of this payment, whichever process takes it: the
      // remaining amount is computed and the new refund inserted before anyone else may look.
      const [row] = await q.query('SELECT * FROM transactions WHERE id = $1 FOR UPDATE', [originalId]);
      if (!row) return undefined;
      // Sums, not rows: a payment refunded a thousand times costs one index range, not a thousand objects.
      const totals = await q.query<{ status: RefundStatus; amount: string | number }>(
        `SELECT r.status, sum(t.amount) AS amount FROM refunds r JOIN transactions t ON t.id = r.transaction_id
          WHERE r.original_transaction_id = $1 GROUP BY r.status`,
        [originalId],
      );
      const refundTotals = Object.fromEntries(totals.map((t) => [t.status, Number(t.amount)]));
      const sameKey = !key
        ? undefined
        : key.scope === 'sequence'
          ? await findOne(q, 'r.original_transaction_id = $1 AND r.sequence_number = $2', [originalId, key.value])
          : await findOne(q, 'r.merchant_id = $1 AND r.idempotency_key = $2', [merchantId, key.value]);
      const decision = decide({ original: toTransaction(row), refundTotals, sameKey });
      if (decision.kind === 'create') {
        const { sql, params } = oneStatement([
          transactionInsert(refundTransaction(decision.refund)),
          {
            sql: `INSERT INTO refunds (${REFUND_COLUMNS.join(', ')}) VALUES (${placeholders(REFUND_COLUMNS.length)})`,
            params: refundValues(decision.refund),
          },
        ]);
        await q.query(sql, params);
      }
      return decision;
    });
  }

  getRefund(id: string): Promise<Refund | undefined> {
    return findOne(this.db, 'r.transaction_id = $1', [id]);
  }

  async listRefunds(originalTransactionId: string): Promise<Refund[]> {
    return (
      await this.db.query(
        `${REFUND_SELECT} WHERE r.original_transaction_id = $1 ORDER BY t.created_at, r.transaction_id`,
        [originalTransactionId],
      )
    ).map(toRefund);
  }

  updateRefund(id: string, decide: (r: Refund) => RefundChange | undefined): Promise<Refund | undefined> {
    return this.db.transaction(async (q) => {
      const [row] = await q.query(`${REFUND_SELECT} WHERE r.transaction_id = $1 FOR UPDATE OF r`, [id]);
      if (!row) return undefined;
      const current = toRefund(row);
      const change = decide(current);
      if (!change) return current;
      const r = change.refund;
      const { sql, params } = oneStatement([
        { sql: `UPDATE refunds SET ${REFUND_UPDATE} WHERE transaction_id = $1`, params: refundValues(r) },
        {
          sql: 'UPDATE transactions SET result_code = $2, partner_additional_data = $3 WHERE id = $1',
          params: [r.id, r.resultCode, refundTransaction(r).partnerAdditionalData ?? null],
        },
        ...(change.notification ? [notificationInsert(r.merchantId, change.notification)] : []),
      ]);
      await q.query(sql, params);
      return r;
    });
  }

  async claimDueRefunds(now: Date, limit: number, leaseMs: number): Promise<Refund[]> {
    // SKIP LOCKED: several gateway processes share the work without handling one refund twice at once.
    const claimed = await this.db.query<{ transaction_id: string }>(
      `UPDATE refunds SET next_attempt_at = $2
        WHERE transaction_id IN (SELECT transaction_id FROM refunds WHERE status = 'PENDING' AND next_attempt_at <= $1
                                  ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING transaction_id`,
      [now, new Date(now.getTime() + leaseMs), limit],
    );
    if (claimed.length === 0) return [];
    const ids = claimed.map((c) => c.transaction_id);
    const rows = await this.db.query(
      `${REFUND_SELECT} WHERE r.transaction_id IN (${placeholders(ids.length)}) ORDER BY r.next_attempt_at`,
      ids,
    );
    return rows.map(toRefund);
  }
}

async function findOne(q: Queryable, where: string, params: unknown[]): Promise<Refund | undefined> {
  const [row] = await q.query(`${REFUND_SELECT} WHERE ${where}`, params);
  return row && toRefund(row);
}
