/**
 * The seam between use cases and a payment method's partner. A connector translates: it speaks
 * its partner's wire format and returns normalised values in the gateway's vocabulary (status,
 * payer data, additional data); it never decides a payment's state (src/payments does). Each
 * connector lives in its own folder and is registered by card code (src/connectors/registry.ts).
 */
import type { PartnerRefundStatus } from '../domain/refund.js';
import type { PartnerStatus } from '../domain/payment-session.js';
import type { ZodType } from 'zod';
import type { BankAccountData } from '../domain/transaction.js';

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
  /** The partner's JSON as received, kept for the history. */
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
  { outcome: 'created'; refund: PartnerRefund } | { outcome: 'rejected'; httpStatus: number; partnerCode: string };

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
  /** The callback's unique id (Payconiq: its `https://payconiq.com/jti`), for de-duplication. */
  jti: string;
}

/** What getWebPaymentDetails shows of an accepted payment's payer, in Payline's terms. */
export interface PaidDetails {
  payerName?: string | undefined;
  bankAccount?: BankAccountData | undefined;
  /** `transaction.partnerAdditionalData`: the partner's own view of the payment, as JSON text. */
  partnerAdditionalData?: string | undefined;
}

/**
 * 'done': the payment took the action; 'refused': the simulator would not (e.g. PAYMENT_NOT_PENDING,
 * the payment is already final); 'unavailable': no answer, or no simulator control API there, or a
 * simulator that does not know the payment (a standalone one restarted).
 */
export type SimulatedPayerAnswer =
  | { outcome: 'done'; status: string }
  | { outcome: 'refused'; code: string }
  | { outcome: 'unavailable'; reason: string };

/** Homologation: the buyer's phone at a contract's partner. */
export type SimulatedPayer =
  /** The partner is a simulator: its control API pays or cancels as the phone would. */
  | {
      kind: 'simulator';
      host: string;
      act(partnerPaymentId: string, action: 'pay' | 'cancel'): Promise<SimulatedPayerAnswer>;
    }
  /** The partner is the real one (at `host`): only its app pays. */
  | { kind: 'real-partner'; host: string };

/** One thing "test the connection" checked at the partner, in the partner's terms. */
export interface ConnectionCheckStep {
  /** What was tried, e.g. `GET https://…/v3/payments/…`. */
  name: string;
  ok: boolean;
  /** What the partner answered (never a secret). */
  detail: string;
}

/** One contract's partner, reached with that contract's settings. */
export interface PartnerConnection {
  readonly cardCode: string;
  /** The contract's settings, opened (secrets in clear: never log them). */
  readonly settings: Readonly<Record<string, unknown>>;
  createPayment(input: CreatePartnerPayment): Promise<PartnerPayment>;
  getPayment(partnerPaymentId: string): Promise<PartnerPayment>;
  /** 'cancelled', or 'not-pending' when the partner says the payment is no longer pending. */
  cancelPayment(partnerPaymentId: string): Promise<'cancelled' | 'not-pending'>;
  /** The payer data of an accepted payment; what cannot be had is left out, never an error. */
  paidDetails(payment: PartnerPayment): Promise<PaidDetails>;
  /**
   * Verifies a callback (its signature over the raw body bytes, the contract it names, the callback
   * URL the payment was created with). Throws CallbackRejected when any check fails.
   */
  verifyCallback(
    rawBody: Buffer,
    headers: Readonly<Record<string, string | undefined>>,
    callbackUrl: string,
  ): Promise<VerifiedCallback>;
  createRefund(input: CreatePartnerRefund): Promise<CreateRefundAnswer>;
  getRefund(partnerPaymentId: string, partnerRefundId: string): Promise<PartnerRefund>;
  /**
   * "Test the connection": harmless reads at the partner (nothing is created or changed) that
   * show whether the settings reach it and are accepted. Never throws.
   */
  checkConnection(): Promise<ConnectionCheckStep[]>;
  /** Set in homologation only. */
  readonly simulatedPayer?: SimulatedPayer | undefined;
}

/** A contract as a payment method needs it to connect. */
export interface ContractIdentity {
  merchantId: string;
  contractNumber: string;
  /** The contract id at the partner ("ID contrat"). */
  partnerContractId: string;
  /** The name the partner shows the payer. */
  tradeName: string;
}

/** A payment method the gateway offers: one connector, registered for one card code. */
export interface PaymentMethod {
  /** Payline's `card_code` / `card.type`, e.g. PAYCONIQ_MNXT. */
  readonly cardCode: string;
  /** Shown to buyers and merchants' people. */
  readonly displayName: string;
  /** The app the buyer pays in, as texts name it ("the Payconiq app"). */
  readonly appName: string;
  /** Callbacks come to `/partners/{callbackId}/callback`. */
  readonly callbackId: string;
  /** The contract settings the method needs (validated on write and on read). */
  readonly settings: ZodType<Record<string, unknown>>;
  /** Settings fields sealed at rest (src/security/secret-box.ts) and never shown again. */
  readonly secretSettings: readonly string[];
  /**
   * The payment delay the points of sale offering this method must have, when the partner's
   * integration fixes one (Payconiq: 61 minutes); the back-office warns about any other.
   */
  readonly requiredPaymentDelayMinutes?: number | undefined;
  /** One line an operator reads about a contract's settings (never a secret). */
  describeSettings(settings: Readonly<Record<string, unknown>>): string;
  connect(contract: ContractIdentity, settings: Readonly<Record<string, unknown>>): PartnerConnection;
  /**
   * Homologation: the settings of a contract that has none of its own (a profile at the embedded
   * simulator); undefined when the method has no simulator.
   */
  homologationSettings?(contract: ContractIdentity): Promise<Record<string, unknown>>;
  /** Reads a callback body without verifying it, only to find which payment it is about. */
  peekCallbackPaymentId(rawBody: Buffer): string | undefined;
  /** Homologation: the host of a payment link when it is the real partner's (no simulator to drive). */
  realPartnerHost(paymentLink: string): string | undefined;
}

/** The payment methods of this gateway, by card code: a closed set, fixed when the gateway starts. */
export interface PaymentMethods {
  /** Undefined for a card code no connector is registered for. */
  byCardCode(cardCode: string): PaymentMethod | undefined;
  byCallbackId(callbackId: string): PaymentMethod | undefined;
  readonly cardCodes: readonly string[];
  /** The card codes, for a message: `A`, `A or B`. */
  readonly cardCodesText: string;
  /** The buyers' apps, for a message: `Payconiq`, `Payconiq or B`. */
  readonly appNamesText: string;
}

/** Where the partner of a contract is reached (its settings opened, or the embedded simulator). */
export interface PartnerDirectory {
  /** Undefined when the contract does not exist, or has no settings and no simulator to use. */
  connect(merchantId: string, contractNumber: string): Promise<PartnerConnection | undefined>;
}
