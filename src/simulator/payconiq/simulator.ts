import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import pino, { type Logger } from 'pino';
import type { CallbackDelivery } from './callback-delivery.js';
import { CallbackDispatcher, DEFAULT_RETRY_POLICY } from './callback-dispatcher.js';
import type { SimClock } from './clock.js';
import type { SimulatorContext } from './context.js';
import { controlRoutes } from './control-routes.js';
import { errorHandler, rawBodies } from './http-support.js';
import type { PayerAction } from './lifecycle.js';
import { MemorySimulatorStore } from './memory-simulator-store.js';
import { merchantApiRoutes } from './merchant-api-routes.js';
import { payerRoutes } from './payer-routes.js';
import { MerchantSignatureChecker } from './merchant-signature.js';
import { ProfileRegistry, type SimulatorProfile } from './profile.js';
import type { SimulatorQuirks } from './quirks.js';
import { refundRoutes } from './refund-routes.js';
import { SigningKeyRing } from './signing-keys.js';
import { SimulatorCore } from './simulator-core.js';
import { SharedClock, SharedSettings } from './simulator-settings.js';
import type { SimulatorStore } from './simulator-store.js';

export type { SimulatorProfile } from './profile.js';
export type { SimulatorQuirks } from './quirks.js';
export { defaultQuirks } from './quirks.js';
export { SimulatorClock } from './clock.js';
export type { CallbackDelivery } from './callback-delivery.js';
export type { SimulatorStore } from './simulator-store.js';
export { MemorySimulatorStore } from './memory-simulator-store.js';
export { createJwksApp } from './jwks-app.js';

export interface SimulatorOptions {
  /** Public base URL of the simulator's Merchant API as the gateway reaches it, e.g. http://127.0.0.1:8080/simulator/payconiq (used in _links.self/cancel/refund). */
  apiBaseUrl: string;
  /** Base URL of the payer ("phone") pages, used for the deeplink/QR payload: `${payBaseUrl}/pay/2/{paymentId}`. */
  payBaseUrl: string;
  /**
   * Default: the system clock. POST /_simulator/clock moves a clock that has `advance` (a test's), else adds a shared
   * offset to it.
   */
  clock?: SimClock;
  /** Where the simulator keeps its state. Default: this process's memory. */
  store?: SimulatorStore;
  /** How long this process trusts what it read of the shared settings, profiles and signing keys (default 1000 ms). */
  sharedCacheMs?: number;
  logger?: Logger;
  /** Defaults: 15 s timeout, [1s,5s,30s,1m,5m,15m,30m,1h…], for 24 h. */
  callbackRetry?: { intervalsMs?: number[]; giveUpAfterMs?: number; timeoutMs?: number };
  /** Period of the timer start() runs (expiry, refunds, retries). Default 1000 ms. */
  tickIntervalMs?: number;
}

export interface PayconiqSimulator {
  addProfile(p: SimulatorProfile): Promise<void>;
  /**
   * Fastify plugin serving the Merchant API (/v3/payments...), the payer pages (/pay/2/:id) and the JWKS (/jwks/) under
   * whatever prefix it is registered with.
   */
  plugin: FastifyPluginAsync;
  /** The quirk switches as stored now (also GET {prefix}/_simulator/quirks). */
  getQuirks(): Promise<SimulatorQuirks>;
  /** Changes quirk switches (also POST {prefix}/_simulator/quirks); a bad value refuses the whole patch (TypeError). */
  setQuirks(patch: Partial<SimulatorQuirks>): Promise<SimulatorQuirks>;
  /**
   * Payer actions, also exposed as HTTP: POST {prefix}/_simulator/payments/:id/{scan|pay|decline|cancel|expire|fail}
   */
  act(paymentId: string, action: PayerAction): Promise<{ status: string }>;
  /**
   * Sends due callback retries, settles refunds and expires payments whose expireAt passed (simulator clock); waits for
   * the callbacks it sends.
   */
  tick(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  jwks(): Promise<{ keys: object[] }>;
  /** New signing key; the old one stays published for 24 h (simulator clock). */
  rotateKey(): Promise<void>;
  /** Extra: resolves once this process has no callback on the wire (tests wait on it instead of sleeping). */
  idle(): Promise<void>;
  /** Extra: the callback deliveries (the latest of all payments, or one payment's), with state and attempts. */
  callbacks(paymentId?: string): Promise<readonly CallbackDelivery[]>;
  /** Extra: the clock the simulator runs on. */
  readonly clock: SimClock;
}

/** Housekeeping of the bounded memories (jtis, finished deliveries) at most this often. */
const PRUNE_EVERY_MS = 60_000;

export function createPayconiqSimulator(opts: SimulatorOptions): PayconiqSimulator {
  const logger = opts.logger ?? pino({ level: 'silent' });
  const store = opts.store ?? new MemorySimulatorStore();
  const cacheMs = opts.sharedCacheMs ?? 1_000;
  const settings = new SharedSettings(store, cacheMs);
  const clock = new SharedClock(opts.clock ?? { now: () => new Date() }, settings);
  const view = {
    apiBaseUrl: opts.apiBaseUrl.replace(/\/+$/, ''),
    payBaseUrl: opts.payBaseUrl.replace(/\/+$/, ''),
    get quirks() {
      return settings.quirks;
    },
  };
  const keys = new SigningKeyRing(store, clock, cacheMs);
  const profiles = new ProfileRegistry(store, cacheMs);
  const policy = { ...DEFAULT_RETRY_POLICY, ...stripUndefined(opts.callbackRetry ?? {}) };
  if (policy.intervalsMs.length === 0) throw new TypeError('callbackRetry.intervalsMs needs at least one interval');
  const dispatcher = new CallbackDispatcher({ store, clock, keys, settings, logger, policy });
  const core = new SimulatorCore({ store, clock, dispatcher, view, logger });
  const ctx: SimulatorContext = {
    core,
    store,
    profiles,
    settings,
    view,
    clock,
    dispatcher,
    keys,
    logger,
    merchantSignatures: new MerchantSignatureChecker(clock, store),
  };

  let ticking: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let prunedAt = Number.NEGATIVE_INFINITY;

  const tick = (): Promise<void> => {
    // One tick at a time in this process: the timer and a test (or POST /_simulator/clock) may overlap.
    ticking ??= (async () => {
      await settings.fresh();
      await core.expireDue();
      await store.settleRefunds(settings.quirks.refundsFail ? 'FAILED' : 'REFUNDED');
      await keys.prune();
      if (performance.now() - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = performance.now();
        await store.prune();
      }
      await dispatcher.retryDue();
      await dispatcher.idle();
    })().finally(() => {
      ticking = undefined;
    });
    return ticking;
  };

  const plugin: FastifyPluginAsync = async (app: FastifyInstance) => {
    rawBodies(app);
    errorHandler(app);
    // Before any route: quirks and clock offset as of at most sharedCacheMs ago.
    app.addHook('onRequest', async () => {
      await settings.fresh();
    });
    await app.register(merchantApiRoutes, { sim: ctx });
    await app.register(refundRoutes, { sim: ctx });
    await app.register(payerRoutes, { sim: ctx });
    await app.register(controlRoutes, { sim: ctx, tick });
    app.get('/jwks/', async () => keys.jwks());
    // Also without the slash, unless the host app already folds trailing slashes.
    if (!app.hasRoute({ method: 'GET', url: `${app.prefix}/jwks` })) app.get('/jwks', async () => keys.jwks());
  };

  return {
    addProfile: (p) => profiles.add(p),
    plugin,
    getQuirks: async () => (await settings.reload()).quirks,
    setQuirks: (patch) => settings.patchQuirks(patch),
    act: async (paymentId, action) => {
      await settings.fresh();
      return { status: await core.act(paymentId, action) };
    },
    tick,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        tick().catch((err: unknown) => logger.error({ err }, 'simulator tick failed'));
      }, opts.tickIntervalMs ?? 1_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await dispatcher.stop();
      await ticking;
    },
    jwks: () => keys.jwks(),
    rotateKey: async () => void (await keys.rotate()),
    idle: () => dispatcher.idle(),
    callbacks: (paymentId) => dispatcher.list(paymentId),
    clock,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
