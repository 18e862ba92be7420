import type { FastifyInstance } from 'fastify';
import { isAdvanceable } from './clock.js';
import type { SimulatorContext } from './context.js';
import { SimulatorError } from './errors.js';
import { jsonBody } from './http-support.js';
import { applyQuirksPatch } from './quirks.js';

/**
 * Homologation controls over HTTP (no auth), so a gateway under test in another process can be
 * driven without importing the simulator: quirks, the clock, key rotation, callback log.
 */
export async function controlRoutes(app: FastifyInstance, opts: { sim: SimulatorContext; tick: () => Promise<void> }): Promise<void> {
  const { sim, tick } = opts;
  const badRequest = (message: string) => new SimulatorError(400, 'BAD_REQUEST', message);

  app.get('/_simulator/quirks', async () => sim.quirks);
  app.post('/_simulator/quirks', async (req) => {
    try {
      applyQuirksPatch(sim.quirks, jsonBody(req) ?? {});
    } catch (err) {
      throw err instanceof TypeError ? badRequest(err.message) : err;
    }
    return sim.quirks;
  });

  app.get('/_simulator/clock', async () => ({ now: sim.clock.now().toISOString(), advanceable: isAdvanceable(sim.clock) }));
  // Moving the clock runs a tick at once, so expiry and due retries happen before the answer.
  app.post('/_simulator/clock', async (req) => {
    const { clock } = sim;
    if (!isAdvanceable(clock)) throw new SimulatorError(409, 'CLOCK_NOT_CONTROLLABLE', 'The simulator was given a clock it cannot move');
    const advanceMs = (jsonBody(req) as { advanceMs?: unknown } | undefined)?.advanceMs;
    if (!Number.isSafeInteger(advanceMs) || (advanceMs as number) < 0) throw badRequest('advanceMs must be a non-negative integer');
    clock.advance(advanceMs as number);
    await tick();
    return { now: clock.now().toISOString() };
  });

  app.post('/_simulator/keys/rotate', async () => {
    sim.keys.rotate(sim.clock.now());
    return { kid: sim.keys.current().kid, jwks: sim.keys.jwks() };
  });

  app.get<{ Querystring: { paymentId?: string } }>('/_simulator/callbacks', async (req) =>
    sim.dispatcher.list(req.query.paymentId).map(({ headers, ...rest }) => ({ ...rest, signature: headers.signature })),
  );
}
