import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { AttemptRecord, CallbackDelivery, NewDelivery } from './callback-delivery.js';
import { signCallback } from './callback-signature.js';
import { postCallback } from './callback-sender.js';
import type { SimClock } from './clock.js';
import type { PaymentStatus } from './lifecycle.js';
import type { SigningKeyRing } from './signing-keys.js';
import type { SharedSettings } from './simulator-settings.js';
import type { DeliveryChange, SimulatorStore, StoredDeliveries } from './simulator-store.js';

export interface RetryPolicy {
  /** Wait after the 1st, 2nd… failed attempt; the last value repeats. */
  intervalsMs: number[];
  /** No new attempt is scheduled later than this after the first one. */
  giveUpAfterMs: number;
  /** Per attempt: the partner gives up on an answer after 15 s. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  intervalsMs: [1_000, 5_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000],
  giveUpAfterMs: 24 * 3_600_000,
  timeoutMs: 15_000,
};

/** A callback to send: the payment's status at one moment and where it goes. */
export interface CallbackEvent {
  paymentId: string;
  ppid: string;
  status: PaymentStatus;
  /** Undefined when the payment has nowhere to call: nothing is sent, held events are released. */
  url: string | undefined;
  body: Record<string, unknown>;
  final: boolean;
}

/** The deliveries of one change, and where in their sending order those held by earlier changes go. */
export interface CallbackPlan extends DeliveryChange {
  /** How many of the new sending deliveries go before the released ones: up to the final one, its copies included. */
  releasedAfter: number;
}

/** Deliveries claimed from the store per query by a retry sweep. */
const CLAIM_BATCH = 100;
/** Beyond the attempts' own timeouts, before another process may take over a delivery whose sender died. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Sends callbacks and retries them until HTTP 200 with the exact same bytes (doc §4.1): body and
 * signature are made once, when the status changes, and stored with that change. The process that
 * changed the payment sends the first attempts, in order per payment (so the out-of-order quirk is
 * the only source of disorder); retries are claimed from the store by whichever process's tick
 * comes first, each by one process.
 */
export class CallbackDispatcher {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private abort = stoppable();

  constructor(
    private readonly deps: {
      store: SimulatorStore;
      clock: SimClock;
      keys: SigningKeyRing;
      settings: SharedSettings;
      logger: Logger;
      policy: RetryPolicy;
    },
  ) {}

  /**
   * Signs the callbacks of one change, to be stored with it. Non-final ones are held back while
   * outOfOrderCallbacks is on; a final one goes first, then everything held (earlier changes'
   * first, see send()).
   */
  async plan(events: CallbackEvent[]): Promise<CallbackPlan> {
    const { clock, keys, settings } = this.deps;
    const quirks = settings.quirks;
    const now = clock.now();
    const sending: NewDelivery[] = [];
    let held: NewDelivery[] = [];
    let releaseHeld = false;
    let releasedAfter = 0;
    for (const event of events) {
      const hold = quirks.outOfOrderCallbacks && !event.final;
      const made: NewDelivery[] = [];
      if (event.url !== undefined) {
        const body = JSON.stringify(event.body);
        const signature = await signCallback({
          body: Buffer.from(body, 'utf8'),
          key: await keys.current(),
          url: event.url,
          ppid: event.ppid,
          now,
          quirks,
        });
        const copies = quirks.duplicateCallbacks ? 2 : 1;
        for (let i = 0; i < copies; i++)
          made.push({
            paymentId: event.paymentId,
            status: event.status,
            url: event.url,
            body,
            signature,
            state: hold ? 'held' : 'sending',
            createdAt: now,
          });
      }
      if (hold) held.push(...made);
      else sending.push(...made);
      if (event.final) {
        releaseHeld = true;
        releasedAfter = sending.length;
        sending.push(...held.map((d) => ({ ...d, state: 'sending' as const })));
        held = [];
      }
    }
    const deliveries = [...sending, ...held];
    return {
      deliveries,
      releaseHeld,
      releasedAfter,
      leaseMs: this.deps.policy.timeoutMs * (deliveries.length + 2) + LEASE_MARGIN_MS,
    };
  }

  /**
   * First attempts of a stored change, one after the other per payment: the new deliveries up to
   * and including the final one, then those held by earlier changes, then this change's held ones.
   */
  send(plan: CallbackPlan, stored: StoredDeliveries): void {
    const added = stored.added.filter((d) => d.state === 'sending');
    const order = [...added.slice(0, plan.releasedAfter), ...stored.released, ...added.slice(plan.releasedAfter)];
    for (const d of order) {
      const previous = this.chains.get(d.paymentId) ?? Promise.resolve();
      const next = previous
        .then(() => this.attempt(d))
        .catch((err: unknown) => this.deps.logger.error({ err, paymentId: d.paymentId }, 'simulator callback failed'));
      this.chains.set(d.paymentId, next);
      this.track(
        next.then(() => {
          if (this.chains.get(d.paymentId) === next) this.chains.delete(d.paymentId);
        }),
      );
    }
  }

  /**
   * Sends every retry that is due on the simulator clock (and any delivery a dead process left), and waits for them.
   */
  async retryDue(): Promise<void> {
    const leaseMs = this.deps.policy.timeoutMs + LEASE_MARGIN_MS;
    for (;;) {
      const due = await this.deps.store.claimDueDeliveries(this.deps.clock.now(), leaseMs, CLAIM_BATCH);
      await Promise.all(due.map((d) => this.track(this.attempt(d))));
      if (due.length < CLAIM_BATCH) return;
    }
  }

  /** Resolves once nothing is being sent by this process (first attempts included). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /**
   * Aborts what is on the wire so stop() never waits on a slow receiver (the aborted attempts count as failed, retried
   * later).
   */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.idle();
    this.abort = stoppable();
  }

  list(paymentId?: string): Promise<CallbackDelivery[]> {
    return this.deps.store.deliveries(paymentId);
  }

  private track(p: Promise<void>): Promise<void> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  private async attempt(d: CallbackDelivery): Promise<void> {
    const { clock, policy, logger, store } = this.deps;
    const attempts = d.attempts + 1;
    const result = await postCallback(
      d.url,
      d.headers,
      Buffer.from(d.body, 'utf8'),
      policy.timeoutMs,
      this.abort.signal,
    );
    const lastResult = result.status !== undefined ? `HTTP ${result.status}` : (result.error ?? 'no answer');
    const now = clock.now().getTime();
    const wait = policy.intervalsMs[Math.min(attempts - 1, policy.intervalsMs.length - 1)] ?? 60_000;
    const record: AttemptRecord =
      result.status === 200
        ? { id: d.id, state: 'delivered', attempts, nextAttemptAt: d.nextAttemptAt, lastResult }
        : now + wait - d.createdAt.getTime() > policy.giveUpAfterMs
          ? { id: d.id, state: 'gave-up', attempts, nextAttemptAt: d.nextAttemptAt, lastResult }
          : { id: d.id, state: 'waiting', attempts, nextAttemptAt: new Date(now + wait), lastResult };
    await store.recordAttempt(record);
    logger.info(
      {
        paymentId: d.paymentId,
        status: d.status,
        url: d.url,
        attempt: attempts,
        result: lastResult,
        state: record.state,
      },
      'simulator callback attempt',
    );
  }
}

/** One signal shared by every callback in flight (many listeners by design, hence no limit). */
function stoppable(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
