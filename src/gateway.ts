import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createHttpTransport, transportUntil } from './connectors/http-transport.js';
import { createPartnerDirectory } from './connectors/partner-directory.js';
import type { PaymentMethod, PaymentMethods } from './connectors/partner-port.js';
import { createEmbeddedProfiles } from './connectors/payconiq/embedded-profiles.js';
import { createSimulatorControl } from './connectors/payconiq/simulator-control.js';
import { builtInPaymentMethods, createPaymentMethods, type ConnectorRuntime } from './connectors/registry.js';
import { drainableServer } from './http/http-drain.js';
import { buildServer } from './http/server.js';
import { loopbackLevel } from './logger.js';
import { createHttpNotifier } from './notifier/http-notifier.js';
import { MERCHANT_JWKS_PATH } from './http/partner-callbacks/merchant-jwks-plugin.js';
import type { BackOfficeDeps } from './backoffice/deps.js';
import { deleteExpiredSessions } from './backoffice/sessions.js';
import type { PaymentDeps } from './payments/deps.js';
import { processBackOfficeIds } from './ports/back-office-ids.js';
import { systemClock, type Clock } from './ports/clock.js';
import { processIds } from './ports/ids.js';
import { createCardEncryptionKeys } from './security/card-encryption-key.js';
import { createMerchantSigningKeys } from './security/merchant-signing-key.js';
import { createSecretBox } from './security/secret-box.js';
import { checkSecretKey } from './security/secret-key-check.js';
import { loadSecretKey } from './security/secret-key.js';
import { createPayconiqSimulator, type PayconiqSimulator } from './simulator/payconiq/simulator.js';
import { backOfficeAtomically } from './store/back-office-atomically.js';
import { CachedMerchantConfiguration } from './store/cached-merchant-configuration.js';
import type { Db } from './store/db.js';
import { openStore } from './store/open-store.js';
import { SqlSimulatorStore } from './store/sql-simulator-store.js';
import { fetchUntil } from './worker/fetch-until.js';
import { startWorker, type Worker } from './worker/worker.js';

export const SIMULATOR_PREFIX = '/simulator/payconiq';

export interface Gateway {
  app: FastifyInstance;
  db: Db;
  deps: PaymentDeps;
  /** The back-office's use cases' dependencies (src/backoffice). */
  backOffice: BackOfficeDeps;
  worker: Worker;
  /** The embedded Payconiq simulator (homologation only). */
  simulator?: PayconiqSimulator | undefined;
  /** Starts listening; the embedded simulator is then reached over loopback at the bound port. */
  listen(port: number, host: string): Promise<string>;
  /**
   * The clean stop: health endpoints 503 at once, no new connection, the requests received are
   * answered (connections closed after them), the worker lets go of what waits on the partner,
   * then the database is closed. Within STOP_DEADLINE_MS + a database close.
   */
  close(): Promise<void>;
}

/** `job` at most once a minute, however often the worker passes. */
function everyMinute(clock: Clock, job: () => Promise<unknown>): () => Promise<unknown> {
  let last = -Infinity;
  return async () => {
    const now = clock.now().getTime();
    if (now - last < 60_000) return;
    last = now;
    await job();
  };
}

/** Requests still running this long after the stop began are cut. */
const STOP_DEADLINE_MS = 8_000;

export interface GatewayOverrides {
  clock?: Clock;
  /** Start the background timers (worker, simulator) (default: config.workerEnabled). */
  autoStartWorker?: boolean;
  /** How long keep-alive connections idle at the stop stay open for a request already on its way (default 1 s). */
  idleConnectionGraceMs?: number;
  /** Serve the CLI's merchant administration to holders of this token (src/http/operator). */
  operatorToken?: string | undefined;
  /** Payment methods beyond the built-in ones (tests: a connector of their own). */
  extraPaymentMethods?: ((runtime: ConnectorRuntime) => PaymentMethod[]) | undefined;
}

/** Composition root: wires store, partner connector, simulator, use cases, HTTP and worker by hand. */
export async function createGateway(
  config: Config,
  logger: Logger,
  overrides: GatewayOverrides = {},
): Promise<Gateway> {
  const { db, ports } = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  });
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
        logger: logger.child({ component: 'payconiq-simulator' }, { level: loopbackLevel(logger) }),
      })
    : undefined;
  const merchantKeys = createMerchantSigningKeys(ports.signingKeys, secrets, clock);
  try {
    await checkSecretKey(merchantKeys);
  } catch (err) {
    await db.close();
    throw err;
  }
  const cardKeys = createCardEncryptionKeys(ports.signingKeys, secrets, clock);
  // Read by every payment request; kept in process, forgotten on every change of any process.
  const merchants = new CachedMerchantConfiguration(ports.merchants);
  await merchants.follow(db);
  const embeddedProfiles =
    simulator &&
    createEmbeddedProfiles(
      {
        apiBaseUrl: () => `${internalUrl}${SIMULATOR_PREFIX}`,
        jwksUrl: () => `${internalUrl}${SIMULATOR_PREFIX}/jwks/`,
        // The embedded partner knows the gateway's request-signing JWKS as if registered at onboarding:
        // at the public URL, which reaches whichever process is up (all serve the same key).
        register: (p) =>
          simulator.addProfile({
            ...p,
            iban: 'BE68539007547034',
            merchantJwksUrl: `${config.publicUrl}${MERCHANT_JWKS_PATH}`,
          }),
      },
      secretKey,
    );
  // Any contract in homologation, whichever simulator its partner is (embedded or standalone).
  const partnerTransport = createHttpTransport();
  const simulatorAction = homologation
    ? createSimulatorControl({ timeoutMs: config.partnerTimeoutMs, transport: partnerTransport })
    : undefined;
  /** With `stop`, every partner call also ends when it aborts (the worker's). */
  const paymentMethods = (stop?: AbortSignal): PaymentMethods => {
    const fetchFn = stop && fetchUntil(stop);
    const runtime: ConnectorRuntime = {
      logger,
      clock,
      timeoutMs: config.partnerTimeoutMs,
      homologation,
      ...(fetchFn && { fetch: fetchFn }),
    };
    const payconiq = {
      logger: logger.child({ component: 'payconiq-connector' }),
      clock,
      timeoutMs: config.partnerTimeoutMs,
      signingKey: () => merchantKeys.current(),
      ...(fetchFn && { fetch: fetchFn }),
      transport: stop ? transportUntil(stop, partnerTransport) : partnerTransport,
      homologation: simulatorAction && { simulatorAction, embeddedProfiles },
    };
    return createPaymentMethods([
      ...builtInPaymentMethods({ payconiq }),
      ...(overrides.extraPaymentMethods?.(runtime) ?? []),
    ]);
  };
  const methods = paymentMethods();
  const deps: PaymentDeps = {
    merchants,
    sessions: ports.sessions,
    history: ports.history,
    callbacks: ports.callbacks,
    transactions: ports.transactions,
    refunds: ports.refunds,
    outbox: ports.outbox,
    notifier: createHttpNotifier(),
    secrets,
    clock,
    ids: processIds,
    log: logger,
    publicUrl: config.publicUrl,
    paymentMethods: methods,
    partners: createPartnerDirectory(merchants, secrets, methods),
    homologation,
    cardEncryptionKey: () => cardKeys.current(),
  };
  const backOffice: BackOfficeDeps = {
    merchants: ports.merchants,
    users: ports.backOfficeUsers,
    sessions: ports.backOfficeSessions,
    audit: ports.audit,
    atomically: backOfficeAtomically(db),
    outbox: ports.outbox,
    notificationLog: ports.notificationLog,
    transactionListing: ports.transactionListing,
    webhookSecrets: ports.webhookSecrets,
    dashboard: ports.dashboard,
    clock,
    ids: processIds,
    boIds: processBackOfficeIds,
    secrets,
    paymentMethods: methods,
    partners: deps.partners,
    log: logger,
    homologation,
    payments: deps,
  };
  let stopping = false;
  const app = await buildServer({
    deps,
    backOffice,
    homologation,
    logger,
    simulator: simulator && { plugin: simulator.plugin, prefix: SIMULATOR_PREFIX },
    merchantJwks: () => merchantKeys.jwks(),
    isStopping: () => stopping,
    operator: overrides.operatorToken ? { token: overrides.operatorToken, secrets } : undefined,
    trustProxy: config.trustProxy,
  });
  const http = drainableServer(app.server);
  // The worker's partner calls end when it stops: a slow partner never holds the stop.
  const worker = startWorker(deps, {
    intervalMs: config.workerIntervalMs,
    autoStart,
    partnersUntil: (stop) => createPartnerDirectory(merchants, secrets, paymentMethods(stop)),
    extraJobs: [['back-office sessions', everyMinute(clock, () => deleteExpiredSessions(backOffice))]],
  });
  if (simulator && autoStart) simulator.start();

  return {
    app,
    db,
    deps,
    backOffice,
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
      stopping = true;
      const idleGraceMs = overrides.idleConnectionGraceMs ?? 1000;
      await Promise.all([
        app.server.listening && http.drain({ idleGraceMs, deadlineMs: STOP_DEADLINE_MS }, logger),
        worker.stop(),
      ]);
      // The embedded partner last: the requests drained above may still have needed it.
      await simulator?.stop();
      await app.close();
      await db.close();
    },
  };
}
