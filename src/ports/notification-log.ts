import type { NotificationType } from '../domain/notification.js';
import type { NotificationAttempt, NotificationRecord, NotificationStatus } from './notification-outbox.js';

/** An attempt as the back-office lists it: with its notification's type, references and status now. */
export interface LoggedAttempt extends NotificationAttempt {
  id: string;
  notificationId: string;
  pointOfSaleId?: string | undefined;
  delivered: boolean;
  type: NotificationType;
  token?: string | undefined;
  transactionId?: string | undefined;
  notificationStatus: NotificationStatus;
}

/** Where a page of attempts ends: the next page starts strictly after (older than) it. */
export interface AttemptCursor {
  startedAt: Date;
  id: string;
}

export interface AttemptFilter {
  merchantId: string;
  /** Only these points of sale (a manager's); undefined: all of the merchant's. */
  pointsOfSale?: readonly string[] | undefined;
  pointOfSaleId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  type?: NotificationType | undefined;
  /** delivered/failed: the attempt's own outcome; pending: its notification is still to be sent. */
  outcome?: 'delivered' | 'failed' | 'pending' | undefined;
  httpStatus?: number | undefined;
  /** A token or a transaction id. */
  reference?: string | undefined;
  notificationId?: string | undefined;
  after?: AttemptCursor | undefined;
  limit: number;
}

/** The delivery log, read (NotificationOutbox writes it). Newest first. */
export interface NotificationLog {
  listAttempts(filter: AttemptFilter): Promise<LoggedAttempt[]>;
  /** The merchant's notification, with the point of sale it concerns. */
  getNotification(merchantId: string, id: string): Promise<NotificationRecord | undefined>;
  /** The merchant's notifications about this token or transaction id, oldest first. */
  notificationsAbout(merchantId: string, reference: string): Promise<NotificationRecord[]>;
}
