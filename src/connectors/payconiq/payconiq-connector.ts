/**
 * The Payconiq by Bancontact Merchant API v3 client (payconiq-api.md): each call takes the
 * contract it is made for. It translates calls and answers; deciding what a status means for a
 * session is src/payments' job. payment-method.ts binds it to one contract for the use cases.
 */
import type { Logger } from 'pino';
import {
  PartnerError,
  type CreatePartnerPayment,
  type CreatePartnerRefund,
  type ConnectionCheckStep,
  type CreateRefundAnswer,
  type PartnerRefund,
} from '../partner-port.js';
import { createCallbackVerifier, peekCallbackPaymentId } from './callback-verifier.js';
import { checkPayconiqConnection } from './connection-check.js';
import { createHttpTransport, type HttpTransport } from '../http-transport.js';
import { createHttpClient, errorForStatus, parseJsonBody } from './http-client.js';
import { createJwksCache } from './jwks-cache.js';
import type { PayconiqContract } from './contract-settings.js';
import { isObject, toPartnerPayment, type PayconiqPayment } from './payment-mapping.js';
import { createRefundCalls } from './refund-calls.js';
import type { RequestSigningKey } from './request-signature.js';
import { sepaDescription, sepaReference } from './sepa-text.js';

export interface PayconiqConnector {
  createPayment(contract: PayconiqContract, input: CreatePartnerPayment): Promise<PayconiqPayment>;
  getPayment(contract: PayconiqContract, partnerPaymentId: string): Promise<PayconiqPayment>;
  /** DELETE: 'cancelled' (204) or 'not-pending' (422 PAYMENT_NOT_PENDING). */
  cancelPayment(contract: PayconiqContract, partnerPaymentId: string): Promise<'cancelled' | 'not-pending'>;
  /** The unmasked debtor IBAN of a SUCCEEDED payment, or undefined when not (yet) available. */
  getRefundIban(contract: PayconiqContract, partnerPaymentId: string): Promise<string | undefined>;
  /**
   * Verifies a callback's detached ES256 JWS over the raw body bytes (payconiq-api.md §4.5)
   * against the contract's PPID and the callback URL the payment was created with.
   * Throws CallbackRejected when any check fails.
   */
  verifyCallback(
    rawBody: Buffer,
    signature: string | undefined,
    expected: { contract: PayconiqContract; callbackUrl: string },
  ): Promise<{ payment: PayconiqPayment; jti: string }>;
  /** Reads a callback body without verifying it, only to find which payment it is about. */
  peekCallbackPaymentId(rawBody: Buffer): string | undefined;
  /** Refund API: POST with `Idempotency-Key` and the merchant's request signature. */
  createRefund(contract: PayconiqContract, input: CreatePartnerRefund): Promise<CreateRefundAnswer>;
  /** Refund API: GET one refund's status. */
  getRefund(contract: PayconiqContract, partnerPaymentId: string, partnerRefundId: string): Promise<PartnerRefund>;
  /** Harmless reads that show whether the contract's settings reach Payconiq and are accepted. */
  checkConnection(contract: PayconiqContract): Promise<ConnectionCheckStep[]>;
}

export interface PayconiqConnectorOptions {
  /** For the JWKS. */
  fetch?: typeof fetch;
  /** For the Merchant API calls. */
  transport?: HttpTransport;
  /** Per HTTP call (API and JWKS). Default 10 s. */
  timeoutMs?: number;
  logger?: Logger;
  clock?: { now(): Date };
  /** JWKS cache lifetime; at most (and by default) 12 h. */
  jwksTtlMs?: number;
  /** Minimum delay between JWKS re-fetches of one URL on an unknown kid. Default 30 s. */
  jwksRefetchIntervalMs?: number;
  /** The merchant's key for the `Signature` header of Refund API requests (payconiq-api.md §4.7). */
  signingKey?: () => Promise<RequestSigningKey>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** 422 answers of refundIban that mean "no IBAN to give (yet)", not a failure. */
const NO_REFUND_IBAN = new Set(['REFUND_NOT_ALLOWED', 'REFUND_NOT_AVAILABLE', 'REFUND_NOT_FOUND']);

export function createPayconiqConnector(opts: PayconiqConnectorOptions = {}): PayconiqConnector {
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clock = opts.clock ?? { now: () => new Date() };
  const logger = opts.logger?.child({ partner: 'payconiq' });
  const call = createHttpClient({ transport: opts.transport ?? createHttpTransport(), timeoutMs, logger });
  const jwks = createJwksCache({
    fetch: fetchFn,
    clock,
    timeoutMs,
    ttlMs: opts.jwksTtlMs,
    refetchIntervalMs: opts.jwksRefetchIntervalMs,
    logger,
  });
  const paymentPath = (id: string): string => `/v3/payments/${encodeURIComponent(id)}`;

  return {
    async createPayment(contract, input) {
      const operation = 'create-payment';
      const reference = sepaReference(input.reference);
      const res = await call(contract, {
        operation,
        method: 'POST',
        path: '/v3/payments',
        body: {
          amount: input.amount,
          currency: input.currency,
          reference,
          description: sepaDescription(input.description, reference),
          callbackUrl: input.callbackUrl,
          returnUrl: input.returnUrl,
        },
        // 201 per the spec; 200 tolerated (some mocks answer it, and the body is what matters).
        accept: [201, 200],
      });
      return toPartnerPayment(parseJsonBody(operation, res));
    },

    async getPayment(contract, partnerPaymentId) {
      const operation = 'get-payment';
      const res = await call(contract, {
        operation,
        method: 'GET',
        path: paymentPath(partnerPaymentId),
        accept: [200],
      });
      return toPartnerPayment(parseJsonBody(operation, res));
    },

    async cancelPayment(contract, partnerPaymentId) {
      const operation = 'cancel-payment';
      const res = await call(contract, {
        operation,
        method: 'DELETE',
        path: paymentPath(partnerPaymentId),
        accept: [204, 422],
      });
      if (res.status === 204) return 'cancelled';
      if (res.partnerCode === 'PAYMENT_NOT_PENDING') return 'not-pending';
      throw errorForStatus(operation, res.status, { code: res.partnerCode });
    },

    async getRefundIban(contract, partnerPaymentId) {
      const operation = 'get-refund-iban';
      const res = await call(contract, {
        operation,
        method: 'GET',
        path: `${paymentPath(partnerPaymentId)}/debtor/refundIban`,
        accept: [200, 422],
      });
      if (res.status === 422) {
        if (res.partnerCode && NO_REFUND_IBAN.has(res.partnerCode)) return undefined;
        throw errorForStatus(operation, res.status, { code: res.partnerCode });
      }
      const json = parseJsonBody(operation, res);
      const iban = isObject(json) ? json['iban'] : undefined;
      if (typeof iban !== 'string' || iban.trim() === '')
        throw new PartnerError('unparsable', `Payconiq ${operation}: no iban in the answer`, res.status);
      // The spec example is "BE12 3456 7890 1234": store the electronic form.
      return iban.replace(/\s+/g, '').toUpperCase();
    },

    verifyCallback: createCallbackVerifier({ jwks, clock }),

    peekCallbackPaymentId,

    ...createRefundCalls({ call, clock, signingKey: opts.signingKey }),

    checkConnection: (contract) => checkPayconiqConnection(call, contract, { fetch: fetchFn, timeoutMs }),
  };
}
