import type { FastifyInstance } from 'fastify';
import type { SimulatorContext } from './context.js';
import { SimulatorError } from './errors.js';
import { apiQuirksHook, authenticate, jsonBody } from './http-support.js';
import type { SimulatorProfile } from './profile.js';
import { assertRefundsEnabled, decideRefund, parseRefundRequest, refundView } from './refund.js';

type RefundParams = { Params: { id: string; refundId?: string } };

/**
 * Refund API v3 (a separate partner service, hence its own error shape: {code,message} only).
 * Creating a refund needs the Bearer key and, when the profile has a registered merchant JWKS, the
 * merchant's JWS `Signature` over the body (checked before the payment is looked at).
 */
export async function refundRoutes(app: FastifyInstance, opts: { sim: SimulatorContext }): Promise<void> {
  const { sim } = opts;
  app.addHook('onRequest', apiQuirksHook(sim.settings, 'refund'));

  const paymentOf = async (profile: SimulatorProfile, id: string, notFound: SimulatorError) => {
    try {
      return await sim.core.owned(profile, id, undefined, 'refund');
    } catch (err) {
      throw err instanceof SimulatorError && err.httpStatus === 404 ? notFound : err;
    }
  };

  app.post<RefundParams>('/v3/payments/:id/refunds', async (req, reply) => {
    const profile = await authenticate(sim.profiles, req, 'refund');
    const signature = req.headers['signature'];
    await sim.merchantSignatures.check(profile, {
      signature: typeof signature === 'string' ? signature : undefined,
      url: `${req.protocol}://${req.headers.host ?? ''}${req.url}`,
      body: typeof req.body === 'string' ? req.body : '',
    });
    const notFound = new SimulatorError(422, 'PAYMENT_FOR_REFUND_NOT_FOUND', 'Payment for refund not found', 'refund');
    const payment = await paymentOf(profile, req.params.id, notFound);
    assertRefundsEnabled(profile.refundsEnabled);
    const key = req.headers['idempotency-key'];
    const request = parseRefundRequest(jsonBody(req, 'refund'), typeof key === 'string' ? key : undefined);
    const decided = await sim.store.addRefund(payment.paymentId, key as string, (context) =>
      decideRefund(context, key as string, request, sim.clock.now()),
    );
    if (!decided) throw notFound;
    const { refund, replayed } = decided;
    // A replay returns what the first call returned: the refund as created, PENDING.
    return reply.code(201).send(refundView(replayed ? { ...refund, status: 'PENDING' } : refund));
  });

  app.get<RefundParams>('/v3/payments/:id/refunds/:refundId', async (req) => {
    const payment = await paymentOf(
      await authenticate(sim.profiles, req, 'refund'),
      req.params.id,
      new SimulatorError(404, 'PAYMENT_NOT_FOUND', 'Payment not found', 'refund'),
    );
    const refund = await sim.store.getRefund(payment.paymentId, req.params.refundId ?? '');
    if (!refund) throw new SimulatorError(404, 'REFUND_NOT_FOUND', 'Refund not found', 'refund');
    return refundView(refund);
  });
}
