import type { FastifyInstance } from 'fastify';

export interface HealthPluginOptions {
  /** True once the process is stopping (SIGTERM): it must get no new traffic. */
  isStopping: () => boolean;
}

const STOPPING = { status: 'STOPPING' };

/**
 * Health endpoints. Liveness says the process runs (a stopping one too: restarting it would cut
 * its drain short). Readiness, and Monext's `checkout/alive` that merchants probe, turn 503 as
 * soon as the stop begins, so that load balancers and merchants send their traffic elsewhere.
 */
export async function healthPlugin(app: FastifyInstance, { isStopping }: HealthPluginOptions): Promise<void> {
  app.get('/health/live', { schema: { hide: true } }, async () => ({ status: 'UP' }));
  app.get('/health/ready', { schema: { hide: true } }, async (_req, reply) =>
    isStopping() ? reply.code(503).send(STOPPING) : { status: 'READY' },
  );
  app.get('/v1/checkout/alive', { schema: { tags: ['health'], security: [] } }, async (_req, reply) =>
    isStopping() ? reply.code(503).send(STOPPING) : { status: 'ALIVE' },
  );
}
