import type { PaymentSession } from '../domain/payment-session.js';
import type { Transaction } from '../domain/transaction.js';
import type { TransactionCriteria } from '../domain/transaction-criteria.js';

/** The key a DuplicateKeyError names when a transaction id is taken. */
export const TRANSACTION_ID_KEY = 'transactions_pkey';

/** A transaction as the reading operations show it. */
export interface TransactionRecord {
  transaction: Transaction;
  /** The web session of its payment (for a refund, of the payment it refunds). */
  session?: PaymentSession | undefined;
  /** The point of sale of that session. */
  pointOfSale?: { id: string; label: string } | undefined;
}

/** Reading the transactions; they are written with their session (PaymentSessions) or refund (RefundStore). */
export interface Transactions {
  get(id: string): Promise<Transaction | undefined>;
  /**
   * Reading (ExtendedAPI, REST): the merchant's transactions matching `criteria`, each with the web
   * session of its payment; oldest first, or newest first; at most `limit`.
   */
  find(
    merchantId: string,
    criteria: TransactionCriteria,
    opts: { limit: number; newestFirst?: boolean },
  ): Promise<TransactionRecord[]>;
}
