import type { FastifyInstance } from 'fastify';
import type { SimulatorContext } from './context.js';
import { parseCreateRequest } from './create-request.js';
import { formatIban } from './debtor.js';
import { SimulatorError } from './errors.js';
import { apiQuirksHook, authenticate, jsonBody } from './http-support.js';
import { createResponse, getResponse } from './payment-views.js';
import { parseSearchQuery } from './search.js';

type IdParams = { Params: { id: string } };

/** Payment API v3: create, get, cancel, search, refundIban. Errors carry {code,message,traceId,spanId}. */
export async function merchantApiRoutes(app: FastifyInstance, opts: { sim: SimulatorContext }): Promise<void> {
  const { sim } = opts;
  app.addHook('onRequest', apiQuirksHook(sim.settings, 'payment'));
  const auth = (req: Parameters<typeof authenticate>[1]) => authenticate(sim.profiles, req, 'payment');

  app.post('/v3/payments', async (req, reply) => {
    const profile = await auth(req);
    const body = jsonBody(req);
    if (body === undefined) throw new SimulatorError(400, 'BODY_MISSING', 'Request body is missing');
    const payment = await sim.core.create(profile, parseCreateRequest(body));
    return reply.code(201).send(createResponse(sim.view, payment));
  });

  app.post<{ Querystring: Record<string, string> }>('/v3/payments/search', async (req) => {
    const profile = await auth(req);
    const query = parseSearchQuery(req.query, jsonBody(req), sim.clock.now());
    await sim.core.expireDue();
    const found = await sim.store.searchPayments(profile.ppid, query);
    return {
      size: query.size,
      totalPages: Math.ceil(found.totalElements / query.size),
      totalElements: found.totalElements,
      number: query.page,
      details: found.page.map((p) => getResponse(sim.view, p)),
    };
  });

  app.get<IdParams>('/v3/payments/:id', async (req) =>
    getResponse(sim.view, await sim.core.owned(await auth(req), req.params.id)),
  );

  app.delete<IdParams>('/v3/payments/:id', async (req, reply) => {
    await sim.core.cancelByMerchant(await auth(req), req.params.id);
    return reply.code(204).send();
  });

  app.get<IdParams>('/v3/payments/:id/debtor/refundIban', async (req) => {
    const payment = await sim.core.owned(await auth(req), req.params.id);
    if (payment.status !== 'SUCCEEDED')
      throw new SimulatorError(422, 'REFUND_NOT_ALLOWED', 'Refund is not allowed for this payment');
    if (sim.settings.quirks.refundIbanNotAvailable || !payment.debtor)
      throw new SimulatorError(422, 'REFUND_NOT_AVAILABLE', 'Debtor details are not available yet');
    return { iban: formatIban(payment.debtor.iban) };
  });
}
