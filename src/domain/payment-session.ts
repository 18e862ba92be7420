import type { ResultCode } from './result-codes.js';
import type { WebPaymentRequest } from './web-payment-request.js';

/** Result codes of a web payment session that can still change. */
const PENDING_CODES = new Set<ResultCode>(['02533', '02306', '02000']);

export function isFinal(code: ResultCode): boolean {
  return !PENDING_CODES.has(code);
}

/**
 * What the partner (or the homologation simulator) says about the payment, in the gateway's own
 * vocabulary: each connector maps its partner's statuses onto it.
 */
export type PartnerStatus =
  | 'PENDING'
  | 'IDENTIFIED'
  | 'AUTHORIZED'
  | 'SUCCEEDED'
  | 'CANCELLED'
  | 'AUTHORIZATION_FAILED'
  | 'FAILED'
  | 'EXPIRED'
  | 'UNKNOWN';

/** Partner status → Payline result (DESIGN.md §3). One table; everything not in it is "unknown". */
const PARTNER_STATUS_RESULT: Record<PartnerStatus, ResultCode | undefined> = {
  PENDING: '02306',
  IDENTIFIED: '02000',
  AUTHORIZED: '02000',
  SUCCEEDED: '00000',
  CANCELLED: '02008',
  AUTHORIZATION_FAILED: '02020',
  FAILED: '02020',
  EXPIRED: '02324',
  UNKNOWN: undefined,
};

export function resultForPartnerStatus(status: PartnerStatus): ResultCode | undefined {
  return PARTNER_STATUS_RESULT[status];
}

/** Until when the buyer can pay: the payment delay, or the partner payment's own expiry if earlier. */
export function payableUntil(session: { expiresAt: Date; partnerExpiresAt?: Date | undefined }): Date {
  const partner = session.partnerExpiresAt;
  return partner && partner < session.expiresAt ? partner : session.expiresAt;
}

export interface SessionTimes {
  resultCode: ResultCode;
  expiresAt: Date;
  buyerArrivedAt?: Date | undefined;
}

/**
 * The result the session must move to at `now`, or undefined when nothing changes.
 * The payment delay elapsing turns an open session into 02324 (buyer came) or 02534 (never came).
 */
export function expiryResult(session: SessionTimes, now: Date): ResultCode | undefined {
  if (isFinal(session.resultCode) || now < session.expiresAt) return undefined;
  return session.buyerArrivedAt ? '02324' : '02534';
}

/**
 * Next result when a new result is proposed for the session, or undefined if it must be ignored:
 * final results never change, and a pending result never moves a session backwards
 * (a late PENDING after IDENTIFIED keeps ONHOLD_PARTNER).
 */
export function nextResult(current: ResultCode, proposed: ResultCode): ResultCode | undefined {
  if (isFinal(current) || current === proposed) return undefined;
  if (isFinal(proposed)) return proposed;
  const order: ResultCode[] = ['02533', '02306', '02000'];
  return order.indexOf(proposed) > order.indexOf(current) ? proposed : undefined;
}

/**
 * How the payment was asked for: 'web' is doWebPayment (the buyer pays on the hosted page);
 * 'direct' is DirectPaymentAPI doAuthorization (no page: the merchant shows the partner's QR code
 * itself, its transaction exists from the start and the result comes by getTransactionDetails).
 */
export type PaymentChannel = 'web' | 'direct';

export type PartnerCancelReason = 'expiry' | 'merchant';

/** The result of the partner's CANCELLED for a payment the gateway cancelled itself. */
export const CANCELLED_BY_GATEWAY: Record<PartnerCancelReason, ResultCode> = { expiry: '02324', merchant: '02014' };

/** A payment session, identified by its token: a hosted-page payment, or a direct one. */
export interface PaymentSession {
  token: string;
  channel: PaymentChannel;
  merchantId: string;
  pointOfSaleId: string;
  contractNumber: string;
  /** The contract's payment method (Payline's card code). */
  cardCode: string;
  resultCode: ResultCode;
  amount: number;
  currency: number;
  orderRef: string;
  softDescriptor: string;
  returnUrl: string;
  cancelUrl: string;
  notificationUrl?: string | undefined;
  languageCode?: string | undefined;
  /** The merchant's payment/order/buyer/privateDataList as sent, echoed back by getWebPaymentDetails. */
  request: WebPaymentRequest;
  createdAt: Date;
  expiresAt: Date;
  buyerArrivedAt?: Date | undefined;
  finalAt?: Date | undefined;
  transactionId?: string | undefined;
  /** Set when the merchant read the final result; pending notifications are then dropped. */
  resultFetchedAt?: Date | undefined;
  /** Last partner code seen (kept in result.partnerCode). */
  partnerCode?: string | undefined;
  /** The partner's payment, created when the buyer opens the page. */
  partnerPaymentId?: string | undefined;
  /** QR code payload / app deep link of the partner payment. */
  partnerPaymentLink?: string | undefined;
  /** The partner's image of that QR code (`_links.qrcode`), for a merchant showing it itself. */
  partnerQrCodeLink?: string | undefined;
  /** When the partner expires its payment (e.g. 20 minutes online), often before `expiresAt`. */
  partnerExpiresAt?: Date | undefined;
  /** Last status the partner reported, as sent (may be one this gateway does not know). */
  partnerStatus?: string | undefined;
  /** The callback URL the partner payment was created with: the signature's `path` must match it. */
  partnerCallbackUrl?: string | undefined;
  /** Set by the process creating the partner payment, so that two tabs do not create two. */
  partnerCreationStartedAt?: Date | undefined;
  /** When the worker asks the partner again if no callback came. */
  nextPollAt?: Date | undefined;
  pollAttempts: number;
  /** The partner could not be reached to end the payment: when to try again (the session stays open until then). */
  expiryRetryAt?: Date | undefined;
  /**
   * Why the gateway asked the partner to cancel: its CANCELLED then means expired (02324) or cancelled by the merchant
   * (02014), not by the buyer.
   */
  partnerCancelReason?: PartnerCancelReason | undefined;
}
