import type { Transaction } from '../domain/transaction.js';
import type { TransactionCriteria } from '../domain/transaction-criteria.js';
import type { TransactionRecord, Transactions } from '../ports/transactions.js';
import type { Queryable } from './db.js';
import { toTransaction } from './rows.js';
import { findTransactionsQuery, toTransactionRecord } from './transaction-queries.js';

/** The Transactions port over PostgreSQL SQL. */
export class SqlTransactions implements Transactions {
  constructor(private readonly db: Queryable) {}

  async get(id: string): Promise<Transaction | undefined> {
    const [row] = await this.db.query('SELECT * FROM transactions WHERE id = $1', [id]);
    return row && toTransaction(row);
  }

  async find(
    merchantId: string,
    criteria: TransactionCriteria,
    opts: { limit: number; newestFirst?: boolean },
  ): Promise<TransactionRecord[]> {
    const { sql, params } = findTransactionsQuery(merchantId, criteria, opts);
    return (await this.db.query(sql, params)).map(toTransactionRecord);
  }
}
