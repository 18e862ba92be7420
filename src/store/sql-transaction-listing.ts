import type { ListedTransaction, TransactionFilter, TransactionListing } from '../ports/transaction-listing.js';
import type { Queryable, Row } from './db.js';

const opt = (v: unknown): string | undefined => (v === null || v === undefined || v === '' ? undefined : String(v));

/**
 * The listing's statement. Only the filters given are in it, each a bound parameter, so the
 * planner picks the index of the most selective one (migration 14): the keyset order alone walks
 * transactions_by_merchant_date backwards; order reference, point of sale, result code and
 * contract have an index in the same order; a narrow amount range, (merchant_id, currency, amount);
 * token and transaction id go through primary keys; buyer words through the names' text search index.
 */
export function listingQuery(f: TransactionFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [f.merchantId];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const where = ['t.merchant_id = $1'];
  if (f.pointsOfSale) where.push(`t.point_of_sale_id = ANY(${bind([...f.pointsOfSale])}::text[])`);
  if (f.pointOfSaleId !== undefined) where.push(`t.point_of_sale_id = ${bind(f.pointOfSaleId)}`);
  if (f.from) where.push(`t.created_at >= ${bind(f.from)}`);
  if (f.to) where.push(`t.created_at < ${bind(f.to)}`);
  if (f.resultCodes) {
    const [one, ...more] = f.resultCodes;
    where.push(
      more.length === 0 ? `t.result_code = ${bind(one)}` : `t.result_code = ANY(${bind([...f.resultCodes])}::text[])`,
    );
  }
  if (f.currency !== undefined) where.push(`t.currency = ${bind(f.currency)}`);
  if (f.minAmount !== undefined) where.push(`t.amount >= ${bind(f.minAmount)}`);
  if (f.maxAmount !== undefined) where.push(`t.amount <= ${bind(f.maxAmount)}`);
  if (f.orderRef !== undefined) where.push(`t.order_ref = ${bind(f.orderRef)}`);
  if (f.token !== undefined) {
    const p = bind(f.token);
    where.push(`t.id = ANY(ARRAY(SELECT x.id FROM transactions x WHERE x.token = ${p}
      UNION ALL SELECT r.id FROM transactions x JOIN transactions r ON r.original_transaction_id = x.id WHERE x.token = ${p}))`);
  }
  if (f.transactionId !== undefined) {
    const p = bind(f.transactionId);
    where.push(`(t.id = ${p} OR t.original_transaction_id = ${p})`);
  }
  if (f.contractNumber !== undefined) where.push(`t.contract_number = ${bind(f.contractNumber)}`);
  if (f.buyerWords && f.buyerWords.length > 0)
    where.push(
      `to_tsvector('simple', t.buyer_names) @@ to_tsquery('simple', ${bind(f.buyerWords.map((w) => `${w}:*`).join(' & '))})`,
    );
  if (f.after) where.push(`(t.created_at, t.id) < (${bind(f.after.createdAt)}, ${bind(f.after.id)})`);
  const sql = `
    SELECT t.id, t.type, t.created_at, t.amount, t.currency, t.result_code, t.contract_number, t.point_of_sale_id,
           t.order_ref, t.payer_name, t.original_transaction_id, s.token,
           concat_ws(' ', s.request -> 'buyer' ->> 'firstName', s.request -> 'buyer' ->> 'lastName') AS buyer_name
      FROM transactions t
      LEFT JOIN transactions o ON o.id = t.original_transaction_id
      LEFT JOIN web_sessions s ON s.token = COALESCE(t.token, o.token)
     WHERE ${where.join(' AND ')}
     ORDER BY t.created_at DESC, t.id DESC
     LIMIT ${bind(f.limit)}`;
  return { sql, params };
}

const toListed = (r: Row): ListedTransaction => ({
  id: String(r.id),
  type: r.type === 'REFUND' ? 'REFUND' : 'AUTHOR+CAP',
  createdAt: r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at)),
  amount: Number(r.amount),
  currency: Number(r.currency),
  resultCode: String(r.result_code),
  contractNumber: String(r.contract_number),
  pointOfSaleId: opt(r.point_of_sale_id),
  orderRef: opt(r.order_ref),
  token: opt(r.token),
  buyerName: opt(r.buyer_name),
  payerName: opt(r.payer_name),
  originalTransactionId: opt(r.original_transaction_id),
});

/** The TransactionListing port over PostgreSQL SQL. */
export class SqlTransactionListing implements TransactionListing {
  constructor(private readonly db: Queryable) {}

  async list(filter: TransactionFilter): Promise<ListedTransaction[]> {
    const { sql, params } = listingQuery(filter);
    return (await this.db.query(sql, params)).map(toListed);
  }
}
