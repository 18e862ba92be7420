import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { refuseCardData } from '../../domain/card-data.js';
import { GatewayError } from '../../domain/gateway-error.js';
import { text } from '../../domain/payment-order.js';
import { resultOf, type Result } from '../../domain/result-codes.js';
import { createWebPayment } from '../../payments/create-web-payment.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { getWebPaymentDetails } from '../../payments/get-web-payment-details.js';
import { getTransactionDetails } from '../../payments/get-transaction-details.js';
import type { MerchantAuthenticator } from '../merchant-auth.js';
import { refundRoutes } from './refund-routes.js';
import { refusalStatus } from './refusal-status.js';
import { errorResponse, sessionCreateBody, sessionCreated, sessionDetails, transactionDetails } from './schemas.js';
import { toWebPaymentRequest, type SessionCreateBody } from './session-request.js';
import { restResult, sessionDetailsToJson } from './session-response.js';
import { transactionDetailsToJson } from './transaction-response.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Route reachable without merchant credentials. */
    public?: boolean;
  }
}

export interface RestPluginOptions {
  deps: PaymentDeps;
  authenticate: MerchantAuthenticator;
}

export const REST_BODY_LIMIT = 64 * 1024;

const sendResult = (reply: FastifyReply, status: number, result: Result) =>
  reply.code(status).send({ result: restResult(result) });

/** The Monext Retail JSON API (`/v1/checkout/...`) over the same use cases as SOAP. */
export async function restPlugin(app: FastifyInstance, { deps, authenticate }: RestPluginOptions): Promise<void> {
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; validation?: unknown }, req, reply) => {
    if (err instanceof GatewayError) return sendResult(reply, refusalStatus(err.code), err.result);
    if (err.validation) return sendResult(reply, 400, resultOf('02305', err.message));
    if (err.statusCode && err.statusCode < 500)
      return sendResult(reply, err.statusCode, { ...resultOf('02305'), longMessage: err.message });
    req.log.error({ err }, 'REST request failed');
    return sendResult(reply, 500, resultOf('02101'));
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config?.public) return;
    const merchantId = await authenticate(req);
    if (!merchantId) {
      reply.header('www-authenticate', 'Basic realm="Passerelle"');
      return reply.code(401).send({ error: 'Unauthorized', message: 'Authentication failed' });
    }
    req.merchantId = merchantId;
  });

  // Card data is refused before any route reads the body: never stored, logged or echoed.
  app.addHook('preValidation', async (req) => {
    if (req.body && typeof req.body === 'object') refuseCardData(req.body);
  });

  // A child context: it inherits the authentication hook and the error handler above.
  await app.register(refundRoutes, { deps });

  app.post<{ Body: SessionCreateBody }>(
    '/v1/checkout/sessions',
    {
      bodyLimit: REST_BODY_LIMIT,
      schema: {
        tags: ['sessions'],
        summary: 'Create a payment session (doWebPayment)',
        body: sessionCreateBody,
        response: { 201: sessionCreated, 400: errorResponse },
      },
    },
    async (req, reply) => {
      const body = req.body ?? {};
      const created = await createWebPayment(
        deps,
        req.merchantId,
        toWebPaymentRequest(body, deps.clock.now()),
        text(body.pointOfSaleReference),
      );
      return reply
        .code(201)
        .send({ result: restResult(resultOf('00000')), sessionId: created.token, redirectURL: created.redirectUrl });
    },
  );

  app.get<{ Params: { sessionId: string } }>(
    '/v1/checkout/sessions/:sessionId',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Session result (getWebPaymentDetails)',
        response: { 200: sessionDetails, 404: errorResponse },
      },
    },
    async (req) => sessionDetailsToJson(await getWebPaymentDetails(deps, req.merchantId, req.params.sessionId)),
  );

  app.get<{ Params: { transactionId: string } }>(
    '/v1/checkout/transactions/:transactionId',
    {
      schema: {
        tags: ['transactions'],
        summary: 'Transaction details (getTransactionDetails)',
        response: { 200: transactionDetails, 400: errorResponse, 404: errorResponse },
      },
    },
    async (req) =>
      transactionDetailsToJson(
        await getTransactionDetails(deps, req.merchantId, { transactionId: req.params.transactionId }),
      ),
  );
}
