import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../../domain/gateway-error.js';
import type { ResultCode } from '../../domain/result-codes.js';
import { refusalStatus } from './refusal-status.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { requestRefund, type RefundAnswer } from '../../payments/request-refund.js';
import { restResult } from './session-response.js';

const text = (maxLength: number) => ({ type: 'string', maxLength });
const result = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    code: { type: 'string' },
    detail: { type: 'string' },
    partnerCode: { type: 'string' },
  },
  required: ['title', 'code', 'detail'],
};
const refundBody = {
  type: 'object',
  properties: {
    // Not bounded here: an amount ≤ 0 is the business rule 02308, not a schema error.
    amount: { type: 'integer' },
    currency: text(3),
    comment: text(255),
    merchantReference: text(50),
    option: { type: 'string', enum: ['STANDARD', 'LATE_DELIVERY', 'FINAL'] },
    items: { type: 'array', maxItems: 100 },
    privateData: { type: 'object', maxProperties: 100 },
    miscellaneous: { type: 'object', maxProperties: 100 },
  },
};
const refundAnswer = {
  type: 'object',
  properties: {
    result,
    transaction: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        date: { type: 'string', format: 'date-time' },
        type: { type: 'string' },
        amount: { type: 'integer' },
        currency: { type: 'string' },
        status: { type: 'string', enum: ['PENDING', 'REFUNDED', 'FAILED'] },
        originTransactionId: { type: 'string' },
        isDuplicated: { type: 'boolean' },
      },
    },
  },
  required: ['result'],
};

interface RefundBody {
  amount?: number;
  currency?: string;
  comment?: string;
}

/** 201 accepted by the partner, 202 still waiting for it; a refusal's status otherwise. */
function httpStatus(code: ResultCode): number {
  return code === '00000' ? 201 : code === '02000' ? 202 : refusalStatus(code);
}

export function refundAnswerToJson({ result, refund, replayed }: RefundAnswer) {
  return {
    result: restResult(result),
    transaction: {
      id: refund.id,
      date: refund.createdAt.toISOString(),
      type: 'REFUND',
      amount: refund.amount,
      currency: 'EUR',
      status: refund.status,
      originTransactionId: refund.originalTransactionId,
      isDuplicated: replayed,
    },
  };
}

/**
 * `POST /v1/checkout/transactions/{transactionId}/refunds` (doRefund). An `Idempotency-Key`
 * header makes a retry return the first refund instead of making another one.
 */
export async function refundRoutes(app: FastifyInstance, { deps }: { deps: PaymentDeps }): Promise<void> {
  app.post<{ Params: { transactionId: string }; Body: RefundBody | undefined }>(
    '/v1/checkout/transactions/:transactionId/refunds',
    {
      schema: {
        tags: ['transactions'],
        summary: 'Refund part or all of an accepted payment (doRefund)',
        headers: { type: 'object', properties: { 'idempotency-key': text(255) } },
        body: refundBody,
        response: { 201: refundAnswer, 202: refundAnswer, 400: refundAnswer, 404: refundAnswer, 422: refundAnswer },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const body = req.body ?? {};
      try {
        const answer = await requestRefund(deps, req.merchantId, {
          transactionId: req.params.transactionId,
          amount: body.amount === undefined ? undefined : String(body.amount),
          currency: body.currency,
          comment: body.comment,
          idempotencyKey: typeof key === 'string' ? key : undefined,
        });
        if (answer.replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(httpStatus(answer.result.code)).send(refundAnswerToJson(answer));
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        return reply.code(httpStatus(err.code)).send({ result: restResult(err.result) });
      }
    },
  );
}
