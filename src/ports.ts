/**
 * The seams between use cases and the outside world. Use cases depend on these interfaces only;
 * src/store, src/http and src/worker provide the implementations.
 */
import type { AccessKeyInfo, Contract, Merchant, PointOfSale } from './domain/merchant.js';
import type { PendingNotification, NotificationType } from './domain/notification.js';
import type { Refund, RefundDecision, RefundTotals } from './domain/refund.js';
import type { RefundKey } from './domain/refund-request.js';
import type { Transaction } from './domain/transaction.js';
import type { TransactionCriteria } from './domain/transaction-criteria.js';
import type { PaymentSession } from './domain/payment-session.js';

/**
 * A write refused because a unique key is already taken (another process, or a retried request,
 * wrote it first). The stores raise it for any unique violation, so no use case reads a database
 * error code; `constraint` names the key (e.g. `transactions_pkey`).
 */
export class DuplicateKeyError extends Error {
  constructor(readonly constraint: string | undefined, options?: ErrorOptions) {
    super(`duplicate key${constraint ? ` (${constraint})` : ''}`, options);
    this.name = 'DuplicateKeyError';
  }
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface NewNotification {
  type: NotificationType;
  url: string;
  token?: string;
  transactionId?: string;
  /** When it was queued: its first attempt is due then. */
  at: Date;
}

/** An entry of a session's history (partner statuses, callbacks, polls, errors). */
export interface SessionEvent {
  source: 'page' | 'callback' | 'poll' | 'partner-create' | 'partner-cancel' | 'simulator' | 'expiry' | 'buyer' | 'merchant';
  partnerStatus?: string | undefined;
  resultCode?: string | undefined;
  detail?: Record<string, unknown> | undefined;
  /** When it happened (default: the session's final time, else now). */
  at?: Date | undefined;
}

export interface SessionEventRecord extends SessionEvent {
  at: Date;
}

/** What a use case decided to write for one session, applied atomically by the store. */
export interface PaymentSessionChange {
  session: PaymentSession;
  transaction?: Transaction;
  notification?: NewNotification;
  event?: SessionEvent & { at: Date };
}

/** A transaction as the reading operations show it. */
export interface TransactionRecord {
  transaction: Transaction;
  /** The web session of its payment (for a refund, of the payment it refunds). */
  session?: PaymentSession | undefined;
  /** The point of sale of that session. */
  pointOfSale?: { id: string; label: string } | undefined;
}

export interface ContractWithContext {
  contract: Contract;
  pointOfSale: PointOfSale;
  merchant: Merchant;
}

export interface Store {
  // merchant configuration
  createMerchant(m: Merchant): Promise<void>;
  getMerchant(id: string): Promise<Merchant | undefined>;
  findDemoMerchant(): Promise<Merchant | undefined>;
  listMerchants(): Promise<Merchant[]>;
  createPointOfSale(p: PointOfSale): Promise<void>;
  listPointsOfSale(merchantId: string): Promise<PointOfSale[]>;
  createContract(c: Contract): Promise<void>;
  listContracts(merchantId: string): Promise<Contract[]>;
  findContract(merchantId: string, contractNumber: string): Promise<ContractWithContext | undefined>;
  addAccessKey(key: AccessKeyInfo, keyHash: string): Promise<void>;
  listAccessKeys(merchantId: string): Promise<AccessKeyInfo[]>;
  revokeAccessKey(merchantId: string, keyId: string, at: Date): Promise<boolean>;
  /** Hashes of the merchant's keys that are not revoked. */
  activeKeyHashes(merchantId: string): Promise<string[]>;

  // web payments
  /** Stores a new session; with `transaction` (a direct payment's, pending) both or neither. */
  insertSession(s: PaymentSession, transaction?: Transaction): Promise<void>;
  getSession(token: string): Promise<PaymentSession | undefined>;
  getTransaction(id: string): Promise<Transaction | undefined>;
  /**
   * Reading (ExtendedAPI, REST): the merchant's transactions matching `criteria`, each with the web
   * session of its payment; oldest first, or newest first; at most `limit`.
   */
  findTransactions(merchantId: string, criteria: TransactionCriteria, opts: { limit: number; newestFirst?: boolean }): Promise<TransactionRecord[]>;
  /**
   * Locks the session, lets `decide` look at it and writes what it returns (session, transaction,
   * notification) in one database transaction. Returns the session as stored afterwards.
   */
  updateSession(token: string, decide: (s: PaymentSession) => PaymentSessionChange | undefined): Promise<PaymentSession | undefined>;
  /** Tokens of sessions still open whose payment delay is over. */
  findExpiredOpenSessions(now: Date, limit: number): Promise<string[]>;
  findSessionByPartnerPayment(partnerPaymentId: string): Promise<PaymentSession | undefined>;
  /** Marks that this caller creates the partner payment; false if another one is at it or it exists. */
  claimPartnerCreation(token: string, now: Date, staleBefore: Date): Promise<boolean>;
  /**
   * Tokens of open sessions whose next poll is due, oldest due first, each handed to one caller
   * (SKIP LOCKED) and leased: its next poll is moved `leaseMs` ahead until the poll sets its own.
   */
  claimDuePolls(now: Date, limit: number, leaseMs: number): Promise<string[]>;
  addSessionEvent(token: string, at: Date, event: SessionEvent): Promise<void>;
  listSessionEvents(token: string): Promise<SessionEventRecord[]>;
  /** Records a callback's jti; false when it was seen before (a replay). */
  recordCallbackJti(jti: string, partnerPaymentId: string, at: Date): Promise<boolean>;
  hasSeenCallback(jti: string): Promise<boolean>;

  // merchant notifications (outbox)
  claimDueNotifications(now: Date, limit: number, leaseMs: number): Promise<PendingNotification[]>;
  completeNotification(id: string, outcome: 'delivered' | 'skipped' | 'abandoned', now: Date, detail?: string): Promise<void>;
  retryNotificationAt(id: string, at: Date, now: Date, error: string): Promise<void>;
  listNotifications(filter: { token?: string; merchantId?: string }): Promise<NotificationRecord[]>;

  close(): Promise<void>;
}

export interface NotificationRecord extends PendingNotification {
  status: 'pending' | 'delivered' | 'skipped' | 'abandoned';
  nextAttemptAt?: Date | undefined;
  lastError?: string | undefined;
  deliveredAt?: Date | undefined;
}

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
  /** The refund already made with the request's key: same sequence number on this transaction, or same Idempotency-Key of this merchant. */
  sameKey?: Refund | undefined;
}

export interface RefundStore {
  /**
   * Locks the original transaction row (SELECT … FOR UPDATE), lets `decide` look at it with its
   * refunds, and inserts the refund it creates, in one database transaction: concurrent refunds of
   * one payment, from any number of gateway processes, are decided one after the other.
   * Undefined when the original transaction does not exist.
   */
  reserveRefund(originalId: string, merchantId: string, key: RefundKey | undefined, decide: (r: RefundReservation) => RefundDecision): Promise<RefundDecision | undefined>;
  getRefund(id: string): Promise<Refund | undefined>;
  listRefunds(originalTransactionId: string): Promise<Refund[]>;
  /** Locks the refund, lets `decide` look at it and writes what it returns (refund, notification) atomically. */
  updateRefund(id: string, decide: (r: Refund) => RefundChange | undefined): Promise<Refund | undefined>;
  /** Pending refunds whose next attempt is due, each handed to one caller (SKIP LOCKED) and leased for `leaseMs`. */
  claimDueRefunds(now: Date, limit: number, leaseMs: number): Promise<Refund[]>;
}

/** A private key kept in the database, sealed with the secret box (src/security/secret-box.ts). */
export interface StoredSigningKey {
  name: string;
  kid: string;
  privateKeySealed: string;
  publicJwk: Record<string, unknown>;
  createdAt: Date;
}

export interface SigningKeyStore {
  getSigningKey(name: string): Promise<StoredSigningKey | undefined>;
  /** Stores `key` unless a key of that name exists; returns the stored one (the first writer wins). */
  createSigningKey(key: StoredSigningKey): Promise<StoredSigningKey>;
}
