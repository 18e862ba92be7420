import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createPartnerDirectory } from './connectors/partner-directory.js';
import { createPayconiqConnector } from './connectors/payconiq/payconiq-connector.js';
import { buildServer } from './http/server.js';
import { MERCHANT_JWKS_PATH } from './http/partner-callbacks/merchant-jwks-plugin.js';
import type { PaymentDeps } from './payments/deps.js';
import { systemClock, type Clock } from './ports.js';
import { createMerchantSigningKeys } from './security/merchant-signing-key.js';
import { createSecretBox } from './security/secret-box.js';
import { loadSecretKey } from './security/secret-key.js';
import { createSimulatorControlClient } from './simulator/payconiq/control-client.js';
import { createPayconiqSimulator, type PayconiqSimulator } from './simulator/payconiq/simulator.js';
import type { Db } from './store/db.js';
import { openStore } from './store/open-store.js';
import { SqlRefundStore } from './store/sql-refund-store.js';
import { SqlSimulatorStore } from './store/sql-simulator-store.js';
import { SqlSigningKeyStore } from './store/sql-signing-key-store.js';
import type { SqlStore } from './store/sql-store.js';
import { startWorker, type Worker } from './worker/worker.js';

export const SIMULATOR_PREFIX = '/simulator/payconiq';

export interface Gateway {
  app: FastifyInstance;
  store: SqlStore;
  db: Db;
  deps: PaymentDeps;
  worker: Worker;
  /** The embedded Payconiq simulator (homologation only). */
  simulator?: PayconiqSimulator | undefined;
  /** Starts listening; the embedded simulator is then reached over loopback at the bound port. */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

export interface GatewayOverrides {
  clock?: Clock;
  /** Start the background timers (worker, simulator) (default: config.workerEnabled). */
  autoStartWorker?: boolean;
}

/** Composition root: wires store, partner connector, simulator, use cases, HTTP and worker by hand. */
export async function createGateway(config: Config, logger: Logger, overrides: GatewayOverrides = {}): Promise<Gateway> {
  const { store, db } = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
  const clock = overrides.clock ?? systemClock;
  const secretKey = loadSecretKey(config.secretKey, config.dataDir);
  const homologation = config.mode === 'homologation';
  const autoStart = overrides.autoStartWorker ?? config.workerEnabled;

  // The partner is reached over HTTP even when embedded: the same connector code as production.
  let internalUrl = config.publicUrl;
  const secrets = createSecretBox(secretKey);
  // Its state is in the database: every process on it is the same partner, and a restart forgets nothing.
  const simulator = homologation
    ? createPayconiqSimulator({
        apiBaseUrl: `${config.publicUrl}${SIMULATOR_PREFIX}`,
        payBaseUrl: `${config.publicUrl}${SIMULATOR_PREFIX}`,
        clock,
        store: new SqlSimulatorStore(db, secrets),
        logger: logger.child({ component: 'payconiq-simulator' }),
      })
    : undefined;
  const merchantKeys = createMerchantSigningKeys(new SqlSigningKeyStore(db), secrets, clock);
  const partners = createPartnerDirectory(
    store,
    secrets,
    simulator && {
      apiBaseUrl: () => `${internalUrl}${SIMULATOR_PREFIX}`,
      jwksUrl: () => `${internalUrl}${SIMULATOR_PREFIX}/jwks/`,
      // The embedded partner knows the gateway's request-signing JWKS as if registered at onboarding:
      // at the public URL, which reaches whichever process is up (all serve the same key).
      register: (p) => simulator.addProfile({ ...p, iban: 'BE68539007547034', merchantJwksUrl: `${config.publicUrl}${MERCHANT_JWKS_PATH}` }),
    },
    secretKey,
  );
  const deps: PaymentDeps = {
    store,
    refunds: new SqlRefundStore(db),
    clock,
    log: logger,
    publicUrl: config.publicUrl,
    connector: createPayconiqConnector({
      logger: logger.child({ component: 'payconiq-connector' }),
      clock,
      timeoutMs: config.partnerTimeoutMs,
      signingKey: () => merchantKeys.current(),
    }),
    partners,
    // Any contract in homologation, whichever simulator its partner is (embedded or standalone).
    simulator: homologation ? createSimulatorControlClient({ timeoutMs: config.partnerTimeoutMs }) : undefined,
  };
  const app = await buildServer({
    deps,
    homologation,
    logger,
    simulator: simulator && { plugin: simulator.plugin, prefix: SIMULATOR_PREFIX },
    merchantJwks: () => merchantKeys.jwks(),
  });
  const worker = startWorker(deps, config.workerIntervalMs, autoStart);
  if (simulator && autoStart) simulator.start();

  return {
    app,
    store,
    db,
    deps,
    worker,
    simulator,
    async listen(port, host) {
      await app.listen({ port, host });
      const address = app.server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      const loopback = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      internalUrl = `http://${loopback}:${bound}`;
      return internalUrl;
    },
    async close() {
      await worker.stop();
      await simulator?.stop();
      await app.close();
      await store.close();
    },
  };
}
