import type { NotificationType, PendingNotification } from '../domain/notification.js';

export interface NewNotification {
  type: NotificationType;
  url: string;
  token?: string;
  transactionId?: string;
  /** When it was queued: its first attempt is due then. */
  at: Date;
}

export interface NotificationRecord extends PendingNotification {
  status: 'pending' | 'delivered' | 'skipped' | 'abandoned';
  nextAttemptAt?: Date | undefined;
  lastError?: string | undefined;
  deliveredAt?: Date | undefined;
}

/**
 * The merchant notifications still to send. They are queued in the same database transaction as
 * the result they announce (PaymentSessions.update, RefundStore.updateRefund); this port hands
 * them to the senders.
 */
export interface NotificationOutbox {
  /**
   * Pending notifications whose attempt is due, oldest due first, each handed to one caller (SKIP
   * LOCKED) and leased: not due again for `leaseMs`, unless completed or rescheduled before.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<PendingNotification[]>;
  complete(id: string, outcome: 'delivered' | 'skipped' | 'abandoned', now: Date, detail?: string): Promise<void>;
  retryAt(id: string, at: Date, error: string): Promise<void>;
  list(filter: { token?: string; merchantId?: string }): Promise<NotificationRecord[]>;
}
