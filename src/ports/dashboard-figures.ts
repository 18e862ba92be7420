import type { NotificationType } from '../domain/notification.js';
import type { ResultCode } from '../domain/result-codes.js';

/**
 * How the dashboard sorts a payment session by its result (docs/back-office.md, "Dashboard").
 * Accepted: the buyer paid. Abandoned: the buyer left without paying — cancelled on the page or
 * in the app (02008), or the payment delay ran out, after the page was opened (02324) or before
 * (02534). A merchant's cancel (02014), a partner's refusal (02020) and errors are neither.
 */
export const ACCEPTED_RESULTS: readonly ResultCode[] = ['00000'];
export const ABANDONED_RESULTS: readonly ResultCode[] = ['02008', '02324', '02534'];
/** Still open: the buyer may yet pay (the complement of domain/payment-session.ts's isFinal). */
export const OPEN_RESULTS: readonly ResultCode[] = ['02533', '02306', '02000'];
/** The partner could not be used (02106) or answered what the gateway cannot take (02012). */
export const PARTNER_ERROR_RESULTS: readonly ResultCode[] = ['02106', '02012'];

/** What the figures are about: one merchant, perhaps only some of its points of sale, one period. */
export interface FiguresScope {
  merchantId: string;
  /** Only these points of sale (a manager's); undefined = the whole merchant. */
  pointOfSaleIds?: readonly string[] | undefined;
  /** Sessions created from `from` (included) to `to` (excluded). */
  from: Date;
  to: Date;
}

/** The sessions created on one UTC day in one currency. */
export interface DayFigures {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  /** ISO 4217 numeric. */
  currency: number;
  payments: number;
  /** Those with a final result (accepted, abandoned, refused, error…). */
  finished: number;
  accepted: number;
  /** Sum of the accepted sessions' amounts, in minor units. */
  acceptedAmount: number;
  abandoned: number;
  partnerErrors: number;
}

/** A notification not delivered: still being retried, or given up. */
export interface UndeliveredNotification {
  id: string;
  type: NotificationType;
  status: 'pending' | 'abandoned';
  url: string;
  token?: string | undefined;
  transactionId?: string | undefined;
  attempts: number;
  createdAt: Date;
  lastError?: string | undefined;
}

export interface NotificationFigures {
  /** Waiting for their first or next attempt (any age). */
  pending: number;
  /** Of those, the ones whose last attempt failed. */
  retrying: number;
  /** Given up within the period. */
  abandoned: number;
  /** The newest failed ones (retrying or given up in the period), newest first. */
  latest: UndeliveredNotification[];
}

/** A partner call that failed, as the session's history recorded it. */
export interface PartnerErrorEvent {
  at: Date;
  token: string;
  orderRef: string;
  /** The step that called the partner: partner-create, poll, partner-cancel. */
  source: string;
  /** network, timeout, http, auth… */
  error: string;
  httpStatus?: number | undefined;
  partnerCode?: string | undefined;
}

export interface PartnerErrorFigures {
  /** Failed partner calls in the period. */
  events: number;
  /** Sessions they concern. */
  sessions: number;
  latest: PartnerErrorEvent[];
}

/** Read-only aggregates for the back-office dashboard, over index ranges of one merchant. */
export interface DashboardFigures {
  /** One row per day and currency that has sessions (days without any are absent). */
  paymentsByDay(scope: FiguresScope): Promise<DayFigures[]>;
  notifications(scope: FiguresScope, latest: number): Promise<NotificationFigures>;
  partnerErrors(scope: FiguresScope, latest: number): Promise<PartnerErrorFigures>;
}
