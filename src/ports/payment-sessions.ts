import type { PaymentSession } from '../domain/payment-session.js';
import type { Transaction } from '../domain/transaction.js';
import type { NewNotification } from './notification-outbox.js';
import type { SessionEventRecord } from './session-history.js';

/** What a use case decided to write for one session, applied atomically by the store. */
export interface PaymentSessionChange {
  session: PaymentSession;
  transaction?: Transaction;
  notification?: NewNotification;
  event?: SessionEventRecord;
}

/** The payment sessions (web payments and direct payments), by token. */
export interface PaymentSessions {
  /** Stores a new session; with `transaction` (a direct payment's, pending) both or neither. */
  insert(s: PaymentSession, transaction?: Transaction): Promise<void>;
  get(token: string): Promise<PaymentSession | undefined>;
  /**
   * Locks the session, lets `decide` look at it and writes what it returns (session, transaction,
   * history entry, notification) in one database transaction. Returns the session as stored afterwards.
   */
  update(
    token: string,
    decide: (s: PaymentSession) => PaymentSessionChange | undefined,
  ): Promise<PaymentSession | undefined>;
  findByPartnerPayment(partnerPaymentId: string): Promise<PaymentSession | undefined>;
  /** Marks that this caller creates the partner payment; false if another one is at it or it exists. */
  claimPartnerCreation(token: string, now: Date, staleBefore: Date): Promise<boolean>;
  /**
   * Tokens of open sessions whose next poll is due, oldest due first, each handed to one caller
   * (SKIP LOCKED) and leased: its next poll is moved `leaseMs` ahead until the poll sets its own.
   */
  claimDuePolls(now: Date, limit: number, leaseMs: number): Promise<string[]>;
  /** Tokens of sessions still open whose payment delay is over (and whose expiry is not being retried later). */
  findExpired(now: Date, limit: number): Promise<string[]>;
}
