/**
 * The seams between use cases and the outside world. Use cases depend on these interfaces only;
 * src/store, src/http and src/worker provide the implementations.
 */
import type { AccessKeyInfo, Contract, Merchant, PointOfSale } from './domain/merchant.js';
import type { PendingNotification, NotificationType } from './domain/notification.js';
import type { Transaction } from './domain/transaction.js';
import type { WebSession } from './domain/web-session.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface NewNotification {
  type: NotificationType;
  url: string;
  token?: string;
  transactionId?: string;
}

/** An entry of a session's history (partner statuses, callbacks, polls, errors). */
export interface SessionEvent {
  source: 'page' | 'callback' | 'poll' | 'partner-create' | 'partner-cancel' | 'simulator' | 'expiry' | 'buyer';
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
export interface WebSessionChange {
  session: WebSession;
  transaction?: Transaction;
  notification?: NewNotification;
  event?: SessionEvent;
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
  insertWebSession(s: WebSession): Promise<void>;
  getWebSession(token: string): Promise<WebSession | undefined>;
  getTransaction(id: string): Promise<Transaction | undefined>;
  /**
   * Locks the session, lets `decide` look at it and writes what it returns (session, transaction,
   * notification) in one database transaction. Returns the session as stored afterwards.
   */
  updateWebSession(token: string, decide: (s: WebSession) => WebSessionChange | undefined): Promise<WebSession | undefined>;
  /** Tokens of sessions still open whose payment delay is over. */
  findExpiredOpenSessions(now: Date, limit: number): Promise<string[]>;
  findWebSessionByPartnerPayment(partnerPaymentId: string): Promise<WebSession | undefined>;
  /** Marks that this caller creates the partner payment; false if another one is at it or it exists. */
  claimPartnerCreation(token: string, now: Date, staleBefore: Date): Promise<boolean>;
  /** Tokens of open sessions with a partner payment whose next poll is due. */
  findSessionsDueForPoll(now: Date, limit: number): Promise<string[]>;
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
