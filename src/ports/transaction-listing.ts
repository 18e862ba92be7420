import type { TransactionType } from '../domain/transaction.js';

/** A transaction as the back-office lists and exports it. */
export interface ListedTransaction {
  id: string;
  type: TransactionType;
  createdAt: Date;
  /** Minor units. */
  amount: number;
  currency: number;
  resultCode: string;
  contractNumber: string;
  /** Those of its session (a refund: of the payment it refunds). */
  pointOfSaleId?: string | undefined;
  orderRef?: string | undefined;
  token?: string | undefined;
  /** The buyer's first and last name as the merchant sent them. */
  buyerName?: string | undefined;
  /** The name of the payer the partner reports. */
  payerName?: string | undefined;
  /** A refund's payment. */
  originalTransactionId?: string | undefined;
}

/** Where a page ends: the next page starts strictly after (older than) it. */
export interface TransactionCursor {
  createdAt: Date;
  id: string;
}

export interface TransactionFilter {
  merchantId: string;
  /** Only these points of sale (a manager's); undefined: all of the merchant's. */
  pointsOfSale?: readonly string[] | undefined;
  pointOfSaleId?: string | undefined;
  from?: Date | undefined;
  /** Excluded. */
  to?: Date | undefined;
  resultCodes?: readonly string[] | undefined;
  /** Minor units, both included; with `currency`, the one they are in. */
  minAmount?: number | undefined;
  maxAmount?: number | undefined;
  currency?: number | undefined;
  orderRef?: string | undefined;
  /** The payment of this token, and its refunds. */
  token?: string | undefined;
  /** This transaction, and its refunds. */
  transactionId?: string | undefined;
  contractNumber?: string | undefined;
  /** Words each of which starts a word of the buyer's or payer's names (lower case). */
  buyerWords?: readonly string[] | undefined;
  after?: TransactionCursor | undefined;
  limit: number;
}

/** The merchant's transactions, newest first, by keyset (created_at, id). */
export interface TransactionListing {
  list(filter: TransactionFilter): Promise<ListedTransaction[]>;
}
