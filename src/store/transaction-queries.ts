import type { TransactionCriteria } from '../domain/transaction-criteria.js';
import type { TransactionRecord } from '../ports/transactions.js';
import type { Row } from './db.js';
import { toTransaction, toPaymentSession } from './rows.js';

/** A refund's payment (migration 3; indexed). */
const ORIGINAL_ID = 't.original_transaction_id';

/**
 * SELECT for Transactions.find. A refund has no session of its own: it is joined to its
 * payment's, so that order reference, token, buyer and point of sale select and describe it too.
 * Every filter is a bound parameter; the merchant filter is always there.
 */
export function findTransactionsQuery(
  merchantId: string,
  c: TransactionCriteria,
  opts: { limit: number; newestFirst?: boolean },
): { sql: string; params: unknown[] } {
  const params: unknown[] = [merchantId];
  const where = ['t.merchant_id = $1'];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const lowerEquals = (expr: string, value: string) => `lower(${expr}) = lower(${bind(value)})`;

  if (c.transactionId !== undefined) where.push(`t.id = ${bind(c.transactionId)}`);
  if (c.familyOf !== undefined) {
    const p = bind(c.familyOf);
    where.push(`(t.id = ${p} OR ${ORIGINAL_ID} = ${p})`);
  }
  // The transactions of these sessions: their payments (by token) and the refunds of those. The
  // ids are gathered first (indexes: web_sessions by order ref, transactions by token and by
  // original) and looked up by primary key, so an order reference costs the same in a big table.
  const ofSessions = (sessions: string) =>
    `t.id = ANY (ARRAY(SELECT x.id FROM transactions x WHERE x.merchant_id = $1 AND x.token IN (${sessions})
       UNION ALL SELECT r.id FROM transactions x JOIN transactions r ON r.original_transaction_id = x.id WHERE x.merchant_id = $1 AND x.token IN (${sessions})))`;
  if (c.orderRef !== undefined)
    where.push(ofSessions(`SELECT token FROM web_sessions WHERE merchant_id = $1 AND order_ref = ${bind(c.orderRef)}`));
  if (c.from !== undefined) where.push(`t.created_at >= ${bind(c.from)}`);
  if (c.to !== undefined) where.push(`t.created_at <= ${bind(c.to)}`);
  if (c.contractNumber !== undefined) where.push(`t.contract_number = ${bind(c.contractNumber)}`);
  if (c.resultCode !== undefined) where.push(`t.result_code = ${bind(c.resultCode)}`);
  if (c.minAmount !== undefined) where.push(`t.amount >= ${bind(c.minAmount)}`);
  if (c.maxAmount !== undefined) where.push(`t.amount <= ${bind(c.maxAmount)}`);
  if (c.currency !== undefined) where.push(`t.currency = ${bind(c.currency)}`);
  if (c.token !== undefined) where.push(ofSessions(`SELECT ${bind(c.token)}::text`));
  if (c.pointOfSaleId !== undefined) where.push(`s.point_of_sale_id = ${bind(c.pointOfSaleId)}`);
  if (c.cardCode !== undefined) where.push(`s.card_code = ${bind(c.cardCode)}`);
  if (c.email !== undefined) where.push(lowerEquals(`s.request -> 'buyer' ->> 'email'`, c.email));
  if (c.lastName !== undefined) where.push(lowerEquals(`s.request -> 'buyer' ->> 'lastName'`, c.lastName));
  if (c.firstName !== undefined) {
    const p = bind(c.firstName);
    where.push(
      `(lower(s.request -> 'buyer' ->> 'firstName') = lower(${p}) OR lower(COALESCE(t.payer_name, o.payer_name)) = lower(${p}))`,
    );
  }
  const direction = opts.newestFirst ? 'DESC' : 'ASC';
  const sql = `
    SELECT to_jsonb(t) AS tx, to_jsonb(s) AS session, p.id AS pos_id, p.label AS pos_label
      FROM transactions t
      LEFT JOIN transactions o ON o.merchant_id = t.merchant_id AND o.id = ${ORIGINAL_ID}
      LEFT JOIN web_sessions s ON s.token = COALESCE(t.token, o.token)
      LEFT JOIN points_of_sale p ON p.id = s.point_of_sale_id
     WHERE ${where.join(' AND ')}
     ORDER BY t.created_at ${direction}, t.id ${direction}
     LIMIT ${bind(opts.limit)}`;
  return { sql, params };
}

const json = (v: unknown): Row | undefined =>
  v === null || v === undefined ? undefined : ((typeof v === 'string' ? JSON.parse(v) : v) as Row);

export function toTransactionRecord(row: Row): TransactionRecord {
  const tx = json(row.tx)!;
  const session = json(row.session);
  return {
    transaction: toTransaction(tx),
    session: session && toPaymentSession(session),
    pointOfSale: row.pos_id ? { id: String(row.pos_id), label: String(row.pos_label) } : undefined,
  };
}
