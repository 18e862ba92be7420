import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { signCallback } from './callback-signature.js';
import { postCallback } from './callback-sender.js';
import type { SimClock } from './clock.js';
import type { PaymentStatus } from './lifecycle.js';
import type { SimulatorQuirks } from './quirks.js';
import type { SigningKeyRing } from './signing-keys.js';

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

/** One delivery and its attempts. `body` and `headers` never change once signed. */
export interface CallbackDelivery {
  id: number;
  paymentId: string;
  status: PaymentStatus;
  url: string;
  body: string;
  headers: Readonly<Record<string, string>>;
  createdAt: Date;
  nextAttemptAt: Date;
  attempts: number;
  state: 'sending' | 'waiting' | 'delivered' | 'gave-up';
  lastResult?: string;
}

const MAX_KEPT = 5_000;

/**
 * Sends callbacks and retries them until HTTP 200 with the exact same bytes (doc §4.1): the body
 * and the signature are made once and stored. First attempts of one payment go out in order, so
 * the out-of-order quirk is the only source of disorder.
 */
export class CallbackDispatcher {
  private readonly deliveries: CallbackDelivery[] = [];
  private readonly chains = new Map<string, Promise<void>>();
  private readonly held = new Map<string, CallbackEvent[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private abort = stoppable();
  private nextId = 1;

  constructor(
    private readonly deps: { clock: SimClock; keys: SigningKeyRing; quirks: SimulatorQuirks; logger: Logger; policy: RetryPolicy },
  ) {}

  enqueue(event: CallbackEvent): void {
    if (this.deps.quirks.outOfOrderCallbacks && !event.final) {
      this.held.set(event.paymentId, [...(this.held.get(event.paymentId) ?? []), event]);
      return;
    }
    const later = event.final ? (this.held.get(event.paymentId) ?? []) : [];
    this.held.delete(event.paymentId);
    for (const e of [event, ...later]) {
      const url = e.url;
      if (url === undefined) continue;
      const previous = this.chains.get(e.paymentId) ?? Promise.resolve();
      const next = previous.then(() => this.first(e, url)).catch((err: unknown) => this.deps.logger.error({ err, paymentId: e.paymentId }, 'simulator callback failed'));
      this.chains.set(e.paymentId, next);
      this.track(next.then(() => {
        if (this.chains.get(e.paymentId) === next) this.chains.delete(e.paymentId);
      }));
    }
  }

  /** Sends every retry that is due on the simulator clock, and waits for them. */
  async retryDue(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const due = this.deliveries.filter((d) => d.state === 'waiting' && d.nextAttemptAt.getTime() <= now);
    await Promise.all(due.map((d) => this.track(this.attempt(d))));
  }

  /** Resolves once nothing is being sent (first attempts included). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Aborts what is on the wire so stop() never waits on a slow receiver. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.idle();
    this.abort = stoppable();
  }

  list(paymentId?: string): CallbackDelivery[] {
    return this.deliveries.filter((d) => paymentId === undefined || d.paymentId === paymentId);
  }

  private track(p: Promise<void>): Promise<void> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  private async first(event: CallbackEvent, url: string): Promise<void> {
    const { clock, keys, quirks } = this.deps;
    const now = clock.now();
    const body = Buffer.from(JSON.stringify(event.body), 'utf8');
    const signature = await signCallback({ body, key: keys.current(), url, ppid: event.ppid, now, quirks });
    const headers = Object.freeze({ signature, 'content-type': 'application/json', 'user-agent': 'Payconiq Payments/v3' });
    const copies = quirks.duplicateCallbacks ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const d: CallbackDelivery = {
        id: this.nextId++, paymentId: event.paymentId, status: event.status, url, body: body.toString('utf8'),
        headers, createdAt: now, nextAttemptAt: now, attempts: 0, state: 'sending',
      };
      this.deliveries.push(d);
      this.trim();
      await this.attempt(d);
    }
  }

  private async attempt(d: CallbackDelivery): Promise<void> {
    const { clock, policy, logger } = this.deps;
    d.state = 'sending';
    d.attempts += 1;
    const result = await postCallback(d.url, d.headers, Buffer.from(d.body, 'utf8'), policy.timeoutMs, this.abort.signal);
    d.lastResult = result.status !== undefined ? `HTTP ${result.status}` : (result.error ?? 'no answer');
    if (result.status === 200) {
      d.state = 'delivered';
    } else {
      const now = clock.now().getTime();
      const wait = policy.intervalsMs[Math.min(d.attempts - 1, policy.intervalsMs.length - 1)] ?? 60_000;
      const next = now + wait;
      if (next - d.createdAt.getTime() > policy.giveUpAfterMs) d.state = 'gave-up';
      else {
        d.state = 'waiting';
        d.nextAttemptAt = new Date(next);
      }
    }
    logger.info({ paymentId: d.paymentId, status: d.status, url: d.url, attempt: d.attempts, result: d.lastResult, state: d.state }, 'simulator callback attempt');
  }

  private trim(): void {
    if (this.deliveries.length <= MAX_KEPT) return;
    const i = this.deliveries.findIndex((d) => d.state === 'delivered' || d.state === 'gave-up');
    if (i >= 0) this.deliveries.splice(i, 1);
  }
}

/** One signal shared by every callback in flight (many listeners by design, hence no limit). */
function stoppable(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
