import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import pino, { type Logger } from 'pino';
import { CallbackDispatcher, DEFAULT_RETRY_POLICY, type CallbackDelivery } from './callback-dispatcher.js';
import { SimulatorClock, type SimClock } from './clock.js';
import type { SimulatorContext } from './context.js';
import { controlRoutes } from './control-routes.js';
import { errorHandler, rawBodies } from './http-support.js';
import type { PayerAction } from './lifecycle.js';
import { merchantApiRoutes } from './merchant-api-routes.js';
import { payerRoutes } from './payer-routes.js';
import { MerchantSignatureChecker } from './merchant-signature.js';
import { PaymentBook } from './payment-book.js';
import { ProfileRegistry, type SimulatorProfile } from './profile.js';
import { defaultQuirks, type SimulatorQuirks } from './quirks.js';
import { refundRoutes } from './refund-routes.js';
import { settleRefunds } from './refund.js';
import { SigningKeyRing } from './signing-keys.js';
import { SimulatorCore } from './simulator-core.js';

export type { SimulatorProfile } from './profile.js';
export type { SimulatorQuirks } from './quirks.js';
export { defaultQuirks } from './quirks.js';
export { SimulatorClock } from './clock.js';
export type { CallbackDelivery } from './callback-dispatcher.js';
export { createJwksApp } from './jwks-app.js';

export interface SimulatorOptions {
  /** Public base URL of the simulator's Merchant API as the gateway reaches it, e.g. http://127.0.0.1:8080/simulator/payconiq (used in _links.self/cancel/refund). */
  apiBaseUrl: string;
  /** Base URL of the payer ("phone") pages, used for the deeplink/QR payload: `${payBaseUrl}/pay/2/{paymentId}`. */
  payBaseUrl: string;
  /** Default: a SimulatorClock following system time, movable with POST /_simulator/clock. */
  clock?: { now(): Date };
  logger?: Logger;
  /** Defaults: 15 s timeout, [1s,5s,30s,1m,5m,15m,30m,1h…], for 24 h. */
  callbackRetry?: { intervalsMs?: number[]; giveUpAfterMs?: number; timeoutMs?: number };
  /** Period of the timer start() runs (expiry, refunds, retries). Default 1000 ms. */
  tickIntervalMs?: number;
}

export interface PayconiqSimulator {
  addProfile(p: SimulatorProfile): void;
  /** Fastify plugin serving the Merchant API (/v3/payments...), the payer pages (/pay/2/:id) and the JWKS (/jwks/) under whatever prefix it is registered with. */
  plugin: FastifyPluginAsync;
  /** Quirk switches, settable at runtime, also via HTTP: POST {prefix}/_simulator/quirks */
  quirks: SimulatorQuirks;
  /** Payer actions, also exposed as HTTP: POST {prefix}/_simulator/payments/:id/{scan|pay|decline|cancel|expire|fail} */
  act(paymentId: string, action: PayerAction): Promise<{ status: string }>;
  /** Sends due callback retries, settles refunds and expires payments whose expireAt passed (simulator clock); waits for the callbacks it sends. */
  tick(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  jwks(): { keys: object[] };
  /** New signing key; the old one stays published for 24 h (simulator clock). */
  rotateKey(): void;
  /** Extra: resolves once no callback is on the wire (tests wait on it instead of sleeping). */
  idle(): Promise<void>;
  /** Extra: the callback deliveries (all, or one payment's), with state and attempts. */
  callbacks(paymentId?: string): readonly CallbackDelivery[];
  /** Extra: the clock the simulator runs on. */
  readonly clock: SimClock;
}

export function createPayconiqSimulator(opts: SimulatorOptions): PayconiqSimulator {
  const clock: SimClock = opts.clock ?? new SimulatorClock();
  const logger = opts.logger ?? pino({ level: 'silent' });
  const quirks = defaultQuirks();
  const view = { apiBaseUrl: opts.apiBaseUrl.replace(/\/+$/, ''), payBaseUrl: opts.payBaseUrl.replace(/\/+$/, ''), quirks };
  const keys = new SigningKeyRing();
  const book = new PaymentBook();
  const profiles = new ProfileRegistry();
  const policy = { ...DEFAULT_RETRY_POLICY, ...stripUndefined(opts.callbackRetry ?? {}) };
  if (policy.intervalsMs.length === 0) throw new TypeError('callbackRetry.intervalsMs needs at least one interval');
  const dispatcher = new CallbackDispatcher({ clock, keys, quirks, logger, policy });
  const core = new SimulatorCore({ book, clock, dispatcher, view, logger });
  const ctx: SimulatorContext = { core, book, profiles, quirks, view, clock, dispatcher, keys, logger, merchantSignatures: new MerchantSignatureChecker(clock) };

  let ticking: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const tick = (): Promise<void> => {
    // One tick at a time: the timer and a test (or POST /_simulator/clock) may overlap.
    ticking ??= (async () => {
      const now = clock.now();
      core.expireDue();
      settleRefunds(book.takeRefunding(), quirks.refundsFail);
      keys.prune(now);
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
    quirks,
    act: async (paymentId, action) => ({ status: core.act(paymentId, action) }),
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
    rotateKey: () => void keys.rotate(clock.now()),
    idle: () => dispatcher.idle(),
    callbacks: (paymentId) => dispatcher.list(paymentId),
    clock,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
