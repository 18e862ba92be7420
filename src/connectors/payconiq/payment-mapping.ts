/**
 * Payconiq payment JSON (create, get and callback bodies) → PayconiqPayment.
 *
 * A tolerant reader: the partner's shapes drift (expiresAt vs expireAt, removed legacy amount
 * fields, new statuses, no debtor on EXPIRED), so only `paymentId` is mandatory. Anything we do
 * not understand is kept in `raw` and `rawStatus`, never guessed.
 */
import type { PartnerStatus } from '../../domain/payment-session.js';
import { PartnerError, type PartnerPayment } from '../partner-port.js';
import { parseIsoInstant } from './iso-instant.js';

/**
 * Payconiq status → PartnerStatus. VOIDED (VOID products only) and any status added later map to
 * 'UNKNOWN': the use case keeps the previous state and polls again.
 */
const STATUSES: ReadonlyMap<string, PartnerStatus> = new Map<string, PartnerStatus>([
  ['PENDING', 'PENDING'],
  ['IDENTIFIED', 'IDENTIFIED'],
  ['AUTHORIZED', 'AUTHORIZED'],
  ['SUCCEEDED', 'SUCCEEDED'],
  ['CANCELLED', 'CANCELLED'],
  ['AUTHORIZATION_FAILED', 'AUTHORIZATION_FAILED'],
  ['FAILED', 'FAILED'],
  ['EXPIRED', 'EXPIRED'],
  // VOID mode: the payer confirmed and the funds wait for the merchant's acknowledge. That is
  // AUTHORIZED's meaning (confirmed, funds not yet guaranteed, not final); rawStatus tells them apart.
  ['PENDING_MERCHANT_ACKNOWLEDGEMENT', 'AUTHORIZED'],
]);

/** Ids go into URL paths: accept only what Payconiq issues (24 hex in practice) plus some slack. */
const PAYMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function partnerStatusOf(rawStatus: string): PartnerStatus {
  return STATUSES.get(rawStatus.trim().toUpperCase()) ?? 'UNKNOWN';
}

/** A Payconiq payment: the normalised payment plus what Payconiq says of its payer. */
export interface PayconiqPayment extends PartnerPayment {
  /** `debtor.name`: the payer's first name. */
  debtorName?: string | undefined;
  /** `debtor.iban`, already masked by the partner (e.g. `*************12636`). */
  debtorIbanMasked?: string | undefined;
}

/** Throws PartnerError('unparsable') when `json` is not a payment object with a usable paymentId. */
export function toPartnerPayment(json: unknown): PayconiqPayment {
  if (!isObject(json)) throw new PartnerError('unparsable', 'Payconiq payment is not a JSON object');
  const partnerPaymentId = json['paymentId'];
  if (typeof partnerPaymentId !== 'string' || !PAYMENT_ID.test(partnerPaymentId)) {
    throw new PartnerError('unparsable', 'Payconiq payment has no valid paymentId');
  }
  const rawStatus = typeof json['status'] === 'string' ? json['status'] : '';
  const debtor = isObject(json['debtor']) ? json['debtor'] : {};
  const links = isObject(json['_links']) ? json['_links'] : {};
  return {
    partnerPaymentId,
    status: partnerStatusOf(rawStatus),
    rawStatus,
    // Only `amount`: the legacy totalAmount/transferAmount are 0 on EXPIRED and gone since 3.6.2.
    amount: minorUnits(json['amount']),
    currency: text(json['currency']),
    reference: text(json['reference']),
    paymentLink: href(links['deeplink']),
    qrCodeLink: href(links['qrcode']),
    checkoutLink: href(links['checkout']),
    // `expiresAt` on create, `expireAt` on get and callbacks (payconiq-api.md §2.2).
    expiresAt: parseIsoInstant(json['expiresAt']) ?? parseIsoInstant(json['expireAt']),
    createdAt: parseIsoInstant(json['createdAt']),
    succeededAt: parseIsoInstant(json['succeededAt']),
    debtorName: text(debtor['name']),
    // Already masked by Payconiq (stars + last 5 digits); kept exactly as sent.
    debtorIbanMasked: text(debtor['iban']),
    raw: json,
  };
}

/** The digits Payconiq left visible in a masked IBAN (`*************12636` → `12636`). */
export function maskedIbanLastDigits(masked: string | undefined): string | undefined {
  const m = masked === undefined ? null : /([0-9]+)\s*$/.exec(masked);
  return m?.[1];
}

function minorUnits(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function href(link: unknown): string | undefined {
  return isObject(link) ? text(link['href']) : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
