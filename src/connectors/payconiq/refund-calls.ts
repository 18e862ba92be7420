/**
 * Refund API v3 calls (payconiq-api.md §5.2): `POST /v3/payments/{id}/refunds` with an
 * `Idempotency-Key` and the merchant's `Signature`, and `GET …/refunds/{refundId}`. Translation
 * only: what a refusal or a status means for the refund is src/payments' decision.
 */
import type { PayconiqConnector } from './payconiq-connector.js';
import { parseJsonBody, type PayconiqHttpClient } from './http-client.js';
import { toPartnerRefund } from './refund-mapping.js';
import { signPartnerRequest, type RequestSigningKey } from './request-signature.js';
import { toSepaText, SEPA_DESCRIPTION_MAX } from './sepa-text.js';

/** Answers that say the partner did not and will not process this request; the rest is "unknown". */
const REJECTIONS = [400, 401, 403, 404, 422];

export interface RefundCallOptions {
  call: PayconiqHttpClient;
  clock: { now(): Date };
  /** The merchant's request-signing key; without one no `Signature` header is sent. */
  signingKey?: (() => Promise<RequestSigningKey>) | undefined;
}

export function createRefundCalls(opts: RefundCallOptions): Pick<PayconiqConnector, 'createRefund' | 'getRefund'> {
  const refundsPath = (paymentId: string) => `/v3/payments/${encodeURIComponent(paymentId)}/refunds`;
  return {
    async createRefund(contract, input) {
      const operation = 'create-refund';
      const description = input.description ? toSepaText(input.description, SEPA_DESCRIPTION_MAX, '') : '';
      const { signingKey } = opts;
      const res = await opts.call(contract, {
        operation,
        method: 'POST',
        path: refundsPath(input.partnerPaymentId),
        body: { amount: input.amount, currency: input.currency, ...(description && { description }) },
        headers: { 'idempotency-key': input.idempotencyKey },
        ...(signingKey && {
          sign: async ({ url, body }) =>
            signPartnerRequest(await signingKey(), {
              url,
              body,
              iss: contract.merchantId ?? 'Payconiq',
              sub: contract.ppid,
              now: opts.clock.now(),
            }),
        }),
        accept: [201, 200, ...REJECTIONS],
      });
      if (res.status === 201 || res.status === 200)
        return { outcome: 'created', refund: toPartnerRefund(parseJsonBody(operation, res)) };
      return { outcome: 'rejected', httpStatus: res.status, partnerCode: res.partnerCode ?? `HTTP_${res.status}` };
    },

    async getRefund(contract, partnerPaymentId, partnerRefundId) {
      const operation = 'get-refund';
      const res = await opts.call(contract, {
        operation,
        method: 'GET',
        path: `${refundsPath(partnerPaymentId)}/${encodeURIComponent(partnerRefundId)}`,
        accept: [200],
      });
      return toPartnerRefund(parseJsonBody(operation, res));
    },
  };
}
