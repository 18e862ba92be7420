import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The real partner publishes its JWKS at the root of a dedicated origin
 * (https://jwks.bancontact.net/), so verifiers fetch `/`. This app gives the simulator's keys
 * that shape for `passerelle simulator` and for tests of a connector's JWKS URL handling.
 */
export function createJwksApp(sim: { jwks(): Promise<{ keys: object[] }> }): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/', async () => sim.jwks());
  return app;
}
