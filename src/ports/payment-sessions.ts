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
   * Lets `decide` look at the session and writes what it returns (session, transaction, history entry,
   * notification) atomically, only if nobody changed the session meanwhile: otherwise `decide` is called
   * again on the session as it now stands (so it must be free of side effects beyond the last call). `known`,
   * a session this store returned in the same request, saves reading it again (a stale one only costs a retry).
   * Returns the session as stored afterwards.
   */
  update(
    token: string,
    decide: (s: PaymentSession) => PaymentSessionChange | undefined,
    known?: PaymentSession,
  ): Promise<PaymentSession | undefined>;
  /**
   * The session and its transaction, in one statement. A final result not fetched yet is marked fetched at
   * `now` on the way, if the session is `merchantId`'s web payment (what getWebPaymentDetails does).
   */
  readResult(
    token: string,
    merchantId: string,
    now: Date,
  ): Promise<{ session: PaymentSession; transaction?: Transaction | undefined } | undefined>;
  findByPartnerPayment(partnerPaymentId: string): Promise<PaymentSession | undefined>;
  /**
   * Tokens of open sessions whose next poll is due, oldest due first, each handed to one caller
   * (SKIP LOCKED) and leased: its next poll is moved `leaseMs` ahead until the poll sets its own.
   */
  claimDuePolls(now: Date, limit: number, leaseMs: number): Promise<string[]>;
  /** Tokens of sessions still open whose payment delay is over (and whose expiry is not being retried later). */
  findExpired(now: Date, limit: number): Promise<string[]>;
}
