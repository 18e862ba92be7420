import type { NotificationType, PendingNotification } from '../domain/notification.js';

export interface NewNotification {
  type: NotificationType;
  url: string;
  token?: string;
  transactionId?: string;
  /** When it was queued: its first attempt is due then. */
  at: Date;
}

export type NotificationStatus = 'pending' | 'delivered' | 'skipped' | 'abandoned';

export interface NotificationRecord extends PendingNotification {
  status: NotificationStatus;
  nextAttemptAt?: Date | undefined;
  lastError?: string | undefined;
  deliveredAt?: Date | undefined;
}

/** The point of sale's signing secrets as stored (sealed), carried with the claimed notification. */
export interface SealedSigningSecrets {
  current: string;
  /** The one before a rotation, still signing until `previousUntil`. */
  previous?: string | undefined;
  previousUntil?: Date | undefined;
}

/** A notification handed to a sender, with what it needs to sign it when its point of sale signs. */
export interface ClaimedNotification extends PendingNotification {
  signing?: SealedSigningSecrets | undefined;
}

/** One attempt as the delivery log keeps it. */
export interface NotificationAttempt {
  /** The URL called, query included. */
  url: string;
  startedAt: Date;
  durationMs: number;
  httpStatus?: number | undefined;
  /** Why there was no answer (timeout, refused connection…). */
  failure?: string | undefined;
  /** The start of the merchant's answer (ANSWER_EXCERPT_CHARS at most). */
  bodyExcerpt?: string | undefined;
  signed: boolean;
}

/** What a request to send a notification again did. */
export type RequeueOutcome = 'queued' | 'already-pending' | 'not-found';

/**
 * The merchant notifications still to send. They are queued in the same database transaction as
 * the result they announce (PaymentSessions.update, RefundStore.updateRefund); this port hands
 * them to the senders and keeps the log of their attempts.
 */
export interface NotificationOutbox {
  /**
   * Pending notifications whose attempt is due, oldest due first, each handed to one caller (SKIP
   * LOCKED) and leased: not due again for `leaseMs`, unless completed or rescheduled before.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<ClaimedNotification[]>;
  /** Ends it; `attempt`, when it follows one, is logged in the same statement. */
  complete(
    id: string,
    outcome: 'delivered' | 'skipped' | 'abandoned',
    now: Date,
    detail?: string,
    attempt?: NotificationAttempt,
  ): Promise<void>;
  /** Schedules the next attempt; `attempt`, the one that failed, is logged in the same statement. */
  retryAt(id: string, at: Date, error: string, attempt?: NotificationAttempt): Promise<void>;
  /**
   * Makes the merchant's notification pending and due `now`, whatever became of it; one already
   * pending is left as it is (a second click queues nothing more).
   */
  requeue(merchantId: string, id: string, now: Date): Promise<RequeueOutcome>;
  list(filter: { token?: string; merchantId?: string }): Promise<NotificationRecord[]>;
}
