import type { FastifyInstance } from 'fastify';
import type { SimulatorContext } from './context.js';
import { SimulatorError } from './errors.js';
import { jsonBody } from './http-support.js';

/**
 * Homologation controls over HTTP (no auth), so a gateway under test in another process can be
 * driven without importing the simulator: quirks, the clock, key rotation, callback log.
 */
export async function controlRoutes(
  app: FastifyInstance,
  opts: { sim: SimulatorContext; tick: () => Promise<void> },
): Promise<void> {
  const { sim, tick } = opts;
  const badRequest = (message: string) => new SimulatorError(400, 'BAD_REQUEST', message);

  app.get('/_simulator/quirks', async () => (await sim.settings.reload()).quirks);
  app.post('/_simulator/quirks', async (req) => {
    try {
      return await sim.settings.patchQuirks(jsonBody(req) ?? {});
    } catch (err) {
      throw err instanceof TypeError ? badRequest(err.message) : err;
    }
  });

  app.get('/_simulator/clock', async () => ({ now: sim.clock.now().toISOString(), advanceable: true }));
  // Moving the clock runs a tick at once, so expiry and due retries happen before the answer.
  app.post('/_simulator/clock', async (req) => {
    const advanceMs = (jsonBody(req) as { advanceMs?: unknown } | undefined)?.advanceMs;
    if (!Number.isSafeInteger(advanceMs) || (advanceMs as number) < 0)
      throw badRequest('advanceMs must be a non-negative integer');
    await sim.clock.advance(advanceMs as number);
    await tick();
    return { now: sim.clock.now().toISOString() };
  });

  app.post('/_simulator/keys/rotate', async () => {
    const key = await sim.keys.rotate();
    return { kid: key.kid, jwks: await sim.keys.jwks() };
  });

  app.get<{ Querystring: { paymentId?: string } }>('/_simulator/callbacks', async (req) =>
    (await sim.dispatcher.list(req.query.paymentId)).map(({ headers, ...rest }) => ({
      ...rest,
      signature: headers.signature,
    })),
  );
}
