/**
 * The seam between use cases and a wallet partner (Payconiq by Bancontact). A connector
 * translates: it speaks the partner's wire format and returns normalised values; it never
 * decides a payment's state (src/payments does).
 */
import type { PartnerRefundStatus } from '../domain/refund.js';
import type { PartnerStatus } from '../domain/payment-session.js';

/** Where and how to reach the partner for one merchant contract. */
export interface PartnerContractConfig {
  /** Bearer API key of the payment profile (decrypted; never logged). */
  apiKey: string;
  /** Payment profile id (24 hex): the `sub` of the partner's callback signatures. */
  ppid: string;
  /** e.g. https://merchant.api.bancontact.net (no trailing slash) */
  apiBaseUrl: string;
  /** e.g. https://jwks.bancontact.net/ */
  jwksUrl: string;
  /** The partner's merchant id of the contract: the `iss` of the requests the gateway signs. */
  merchantId?: string | undefined;
}

/** A partner payment, normalised. */
export interface PartnerPayment {
  partnerPaymentId: string;
  /** 'UNKNOWN' when the partner sent a status this gateway does not know (see rawStatus). */
  status: PartnerStatus;
  rawStatus: string;
  amount?: number | undefined;
  currency?: string | undefined;
  reference?: string | undefined;
  /** The payment link: QR code payload and app deep link (`_links.deeplink`). */
  paymentLink?: string | undefined;
  /** An image of the QR code served by the partner (`_links.qrcode`). */
  qrCodeLink?: string | undefined;
  /** The partner's own hosted page (`_links.checkout`), when the profile has one. */
  checkoutLink?: string | undefined;
  /** `expiresAt` (create) or `expireAt` (get, callback). */
  expiresAt?: Date | undefined;
  createdAt?: Date | undefined;
  succeededAt?: Date | undefined;
  /** `debtor.name`: the payer's first name. */
  debtorName?: string | undefined;
  /** `debtor.iban`, already masked by the partner (e.g. `*************12636`). */
  debtorIbanMasked?: string | undefined;
  /** The partner's JSON as received, kept for partnerAdditionalData and the history. */
  raw: Record<string, unknown>;
}

export interface CreatePartnerPayment {
  amount: number;
  currency: 'EUR';
  /** Merchant order reference (cleaned and cut to the partner's limits by the connector). */
  reference: string;
  /** Soft descriptor shown to the payer (cleaned and cut by the connector). */
  description: string;
  callbackUrl: string;
  /** Where the app sends the payer back (the hosted page); none for a direct payment. */
  returnUrl?: string | undefined;
}

/** A partner refund, normalised. */
export interface PartnerRefund {
  partnerRefundId: string;
  partnerPaymentId?: string | undefined;
  /** 'UNKNOWN' when the partner sent a status this gateway does not know (see rawStatus). */
  status: PartnerRefundStatus;
  rawStatus: string;
  amount?: number | undefined;
  raw: Record<string, unknown>;
}

export interface CreatePartnerRefund {
  partnerPaymentId: string;
  /** Sent as `Idempotency-Key`: the same key for every retry of one refund. */
  idempotencyKey: string;
  amount: number;
  currency: 'EUR';
  description?: string | undefined;
}

/**
 * 'created': the partner took the request (201; also a replay of the same key). 'rejected': it
 * answered that it did not and will not process it (400, 401, 403, 404, 422), with its code.
 * Anything else (timeout, network, 5xx, 429) is thrown as a PartnerError: the outcome is unknown.
 */
export type CreateRefundAnswer =
  | { outcome: 'created'; refund: PartnerRefund }
  | { outcome: 'rejected'; httpStatus: number; partnerCode: string };

export type PartnerErrorKind = 'unreachable' | 'timeout' | 'unauthorized' | 'http' | 'unparsable' | 'rate-limited';

/** The partner could not be used: network, 5xx, 401, 429, or an answer we cannot read. Maps to 02106. */
export class PartnerError extends Error {
  constructor(
    readonly kind: PartnerErrorKind,
    message: string,
    readonly httpStatus?: number,
    /** The partner's error `code` (e.g. TECHNICAL_ERROR), kept in result.partnerCode. */
    readonly partnerCode?: string,
  ) {
    super(message);
    this.name = 'PartnerError';
  }
}

/** A callback that fails verification: answered 4xx and changes nothing. */
export class CallbackRejected extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CallbackRejected';
  }
}

export interface VerifiedCallback {
  payment: PartnerPayment;
  /** `https://payconiq.com/jti`, for de-duplication. */
  jti: string;
}

export interface PaymentMethodConnector {
  createPayment(contract: PartnerContractConfig, input: CreatePartnerPayment): Promise<PartnerPayment>;
  getPayment(contract: PartnerContractConfig, partnerPaymentId: string): Promise<PartnerPayment>;
  /** DELETE: 'cancelled' (204) or 'not-pending' (422 PAYMENT_NOT_PENDING). */
  cancelPayment(contract: PartnerContractConfig, partnerPaymentId: string): Promise<'cancelled' | 'not-pending'>;
  /** The unmasked debtor IBAN of a SUCCEEDED payment, or undefined when not (yet) available. */
  getRefundIban(contract: PartnerContractConfig, partnerPaymentId: string): Promise<string | undefined>;
  /**
   * Verifies a callback's detached ES256 JWS over the raw body bytes (payconiq-api.md §4.5)
   * against the contract's PPID and the callback URL the payment was created with.
   * Throws CallbackRejected when any check fails.
   */
  verifyCallback(rawBody: Buffer, signature: string | undefined, expected: { contract: PartnerContractConfig; callbackUrl: string }): Promise<VerifiedCallback>;
  /** Reads a callback body without verifying it, only to find which payment it is about. */
  peekCallbackPaymentId(rawBody: Buffer): string | undefined;
  /** Refund API: POST with `Idempotency-Key` and the merchant's request signature. */
  createRefund(contract: PartnerContractConfig, input: CreatePartnerRefund): Promise<CreateRefundAnswer>;
  /** Refund API: GET one refund's status. */
  getRefund(contract: PartnerContractConfig, partnerPaymentId: string, partnerRefundId: string): Promise<PartnerRefund>;
}
