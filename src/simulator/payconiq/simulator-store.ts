import type { AttemptRecord, CallbackDelivery, NewDelivery } from './callback-delivery.js';
import type { NewPayment, SimPayment } from './payment.js';
import type { SimulatorProfile } from './profile.js';
import type { SimulatorQuirks } from './quirks.js';
import type { RefundContext, RefundDecision, SimRefund } from './refund.js';
import type { SearchQuery } from './search.js';
import type { SigningKey } from './signing-keys.js';

/**
 * What every process of one simulator shares besides its payments: the quirk switches and how far its clock was moved.
 */
export interface SimulatorSettings {
  quirks: SimulatorQuirks;
  clockOffsetMs: number;
}

/** The callbacks one payment change adds, stored with it. */
export interface DeliveryChange {
  deliveries: NewDelivery[];
  /** The change reaches a final status: the deliveries held back for this payment are released too. */
  releaseHeld: boolean;
  /** How long the process sending the first attempts keeps them before another process may take over. */
  leaseMs: number;
}

/**
 * What a stored payment change handed over for sending: the new deliveries and the released held ones, each in id
 * order.
 */
export interface StoredDeliveries {
  added: CallbackDelivery[];
  released: CallbackDelivery[];
}

/**
 * Everything the simulator remembers, behind one async port: in memory for the standalone simulator
 * (memory-simulator-store.ts), in the gateway's database for the embedded one, so that every gateway
 * process behind one public URL is the same partner and a restart forgets nothing
 * (src/store/sql-simulator-store.ts). Changes of one payment are compare-and-set on its version:
 * two processes acting on it at once cannot both win.
 */
export interface SimulatorStore {
  putProfile(profile: SimulatorProfile): Promise<void>;
  profileByApiKey(apiKey: string): Promise<SimulatorProfile | undefined>;

  addPayment(payment: NewPayment): Promise<SimPayment>;
  getPayment(paymentId: string): Promise<SimPayment | undefined>;
  /**
   * Stores what a change moves (status, debtor, succeededAt of `next`) and its deliveries if the
   * payment is still at `expectedVersion`; undefined when another change came first.
   */
  updatePayment(
    next: SimPayment,
    expectedVersion: number,
    change: DeliveryChange,
  ): Promise<StoredDeliveries | undefined>;
  /** Payments not yet final whose expireAt is at or before `now`, soonest first, at most `limit`. */
  dueForExpiry(now: Date, limit: number): Promise<SimPayment[]>;
  /** One page of a profile's payments, newest first, and how many match. */
  searchPayments(ppid: string, query: SearchQuery): Promise<{ page: SimPayment[]; totalElements: number }>;

  /**
   * Decides and stores a refund under the payment's lock; undefined for an unknown payment. `decide` may throw (nothing
   * stored).
   */
  addRefund(
    paymentId: string,
    idempotencyKey: string,
    decide: (context: RefundContext) => RefundDecision,
  ): Promise<RefundDecision | undefined>;
  getRefund(paymentId: string, refundId: string): Promise<SimRefund | undefined>;
  /** Every PENDING refund takes `status`: the partner processes refunds asynchronously. */
  settleRefunds(status: 'REFUNDED' | 'FAILED'): Promise<void>;

  /**
   * Deliveries whose retry is due (simulator clock), or whose sender's lease ran out, leased to the caller; each to one
   * caller only.
   */
  claimDueDeliveries(now: Date, leaseMs: number, limit: number): Promise<CallbackDelivery[]>;
  recordAttempt(record: AttemptRecord): Promise<void>;
  /** One payment's deliveries, or the latest ones of all payments, oldest first. */
  deliveries(paymentId?: string): Promise<CallbackDelivery[]>;

  /**
   * The published signing keys, oldest first, the current one last; `candidate` becomes the first key when there is
   * none.
   */
  signingKeys(candidate: () => SigningKey): Promise<SigningKey[]>;
  /** `next` becomes the current key, the previous one is retired at `now`. */
  rotateSigningKey(next: SigningKey, now: Date): Promise<SigningKey[]>;
  /** Drops keys retired before `retiredBefore`. */
  pruneSigningKeys(retiredBefore: Date): Promise<void>;

  /** Records the `jti` of a merchant request signature; false if the profile already used it. */
  takeJti(ppid: string, jti: string): Promise<boolean>;
  /** Forgets a jti whose signature did not verify, so the real request can still come. */
  releaseJti(ppid: string, jti: string): Promise<void>;

  settings(): Promise<SimulatorSettings>;
  /** Merges validated quirk values (an undefined failNext clears it). */
  patchQuirks(patch: Partial<SimulatorQuirks>): Promise<SimulatorSettings>;
  /** Uses up one failNext failure; the settings after it, or undefined when none was left. */
  takeFailure(): Promise<{ status: 429 | 500 | 503; settings: SimulatorSettings } | undefined>;
  advanceClock(ms: number): Promise<SimulatorSettings>;

  /** Keeps the bounded memories bounded: request-signature jtis, finished deliveries. */
  prune(): Promise<void>;
}
