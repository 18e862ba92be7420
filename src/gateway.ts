import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { buildServer } from './http/server.js';
import type { PaymentDeps } from './payments/deps.js';
import { systemClock, type Clock } from './ports.js';
import type { Db } from './store/db.js';
import { openStore } from './store/open-store.js';
import type { SqlStore } from './store/sql-store.js';
import { startWorker, type Worker } from './worker/worker.js';

export interface Gateway {
  app: FastifyInstance;
  store: SqlStore;
  db: Db;
  deps: PaymentDeps;
  worker: Worker;
  close(): Promise<void>;
}

export interface GatewayOverrides {
  clock?: Clock;
  /** Start the background worker timer (default: config.workerEnabled). */
  autoStartWorker?: boolean;
}

/** Composition root: wires store, use cases, HTTP and worker by hand. */
export async function createGateway(config: Config, logger: Logger, overrides: GatewayOverrides = {}): Promise<Gateway> {
  const { store, db } = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
  const deps: PaymentDeps = { store, clock: overrides.clock ?? systemClock, log: logger, publicUrl: config.publicUrl };
  const app = await buildServer({ deps, homologation: config.mode === 'homologation', logger });
  const worker = startWorker(deps, config.workerIntervalMs, overrides.autoStartWorker ?? config.workerEnabled);
  return {
    app,
    store,
    db,
    deps,
    worker,
    async close() {
      await worker.stop();
      await app.close();
      await store.close();
    },
  };
}
