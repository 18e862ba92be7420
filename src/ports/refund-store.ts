import type { Refund, RefundDecision, RefundTotals } from '../domain/refund.js';
import type { RefundKey } from '../domain/refund-request.js';
import type { Transaction } from '../domain/transaction.js';
import type { NewNotification } from './notification-outbox.js';

/** What a use case decided to write for one refund, applied atomically by the refund store. */
export interface RefundChange {
  refund: Refund;
  notification?: NewNotification;
}

/** What `reserveRefund` hands to the decision, read under the original transaction's lock. */
export interface RefundReservation {
  original: Transaction;
  /** Amounts of the original's refunds, summed by status. */
  refundTotals: RefundTotals;
  /**
   * The refund already made with the request's key: same sequence number on this transaction, or same Idempotency-Key
   * of this merchant.
   */
  sameKey?: Refund | undefined;
}

/** The refunds (each with its own REFUND transaction). */
export interface RefundStore {
  /**
   * Locks the original transaction row (SELECT … FOR UPDATE), lets `decide` look at it with its
   * refunds, and inserts the refund it creates, in one database transaction: concurrent refunds of
   * one payment, from any number of gateway processes, are decided one after the other.
   * Undefined when the original transaction does not exist.
   */
  reserveRefund(
    originalId: string,
    merchantId: string,
    key: RefundKey | undefined,
    decide: (r: RefundReservation) => RefundDecision,
  ): Promise<RefundDecision | undefined>;
  getRefund(id: string): Promise<Refund | undefined>;
  listRefunds(originalTransactionId: string): Promise<Refund[]>;
  /** Locks the refund, lets `decide` look at it and writes what it returns (refund, notification) atomically. */
  updateRefund(id: string, decide: (r: Refund) => RefundChange | undefined): Promise<Refund | undefined>;
  /** Pending refunds whose next attempt is due, each handed to one caller (SKIP LOCKED) and leased for `leaseMs`. */
  claimDueRefunds(now: Date, limit: number, leaseMs: number): Promise<Refund[]>;
}
