import {
  callbackHeaders,
  MAX_KEPT_DELIVERIES,
  type AttemptRecord,
  type CallbackDelivery,
} from './callback-delivery.js';
import { MAX_REMEMBERED_JTIS } from './merchant-signature.js';
import { PaymentBook } from './payment-book.js';
import type { NewPayment, SimPayment } from './payment.js';
import type { SimulatorProfile } from './profile.js';
import { defaultQuirks, mergeQuirks, type SimulatorQuirks } from './quirks.js';
import type { RefundContext, RefundDecision, SimRefund } from './refund.js';
import { searchPayments, type SearchQuery } from './search.js';
import type { SigningKey } from './signing-keys.js';
import type { DeliveryChange, SimulatorSettings, SimulatorStore, StoredDeliveries } from './simulator-store.js';

const copy = (p: SimPayment): SimPayment => ({ ...p, ...(p.debtor ? { debtor: { ...p.debtor } } : {}) });

/**
 * The simulator's memory in this process only: what `passerelle simulator` runs with. Single
 * threaded, so each method is atomic; the compare-and-set on a payment's version still matters,
 * because a change is decided across awaits (signing its callbacks).
 */
export class MemorySimulatorStore implements SimulatorStore {
  private readonly profiles = new Map<string, SimulatorProfile>();
  private readonly book = new PaymentBook();
  private readonly refunds = new Map<string, SimRefund[]>();
  private readonly callbacks: CallbackDelivery[] = [];
  private nextDeliveryId = 1;
  private keys: SigningKey[] = [];
  /** `ppid jti` of the request signatures already used, oldest first. */
  private readonly jtis = new Set<string>();
  private current: SimulatorSettings = { quirks: defaultQuirks(), clockOffsetMs: 0 };

  async putProfile(profile: SimulatorProfile): Promise<void> {
    this.profiles.set(profile.apiKey, { ...profile });
  }

  async profileByApiKey(apiKey: string): Promise<SimulatorProfile | undefined> {
    const profile = this.profiles.get(apiKey);
    return profile && { ...profile };
  }

  async addPayment(payment: NewPayment): Promise<SimPayment> {
    return copy(this.book.add({ ...payment, version: 0 }));
  }

  async getPayment(paymentId: string): Promise<SimPayment | undefined> {
    const payment = this.book.get(paymentId);
    return payment && copy(payment);
  }

  async updatePayment(
    next: SimPayment,
    expectedVersion: number,
    change: DeliveryChange,
  ): Promise<StoredDeliveries | undefined> {
    const stored = this.book.get(next.paymentId);
    if (!stored || stored.version !== expectedVersion) return undefined;
    // In place: the expiry heap holds this very object.
    Object.assign(stored, { ...next, seq: stored.seq, version: expectedVersion + 1 });
    if (!next.debtor) delete stored.debtor;
    if (!next.succeededAt) delete stored.succeededAt;
    const added = change.deliveries.map((d) => {
      const delivery: CallbackDelivery = {
        id: this.nextDeliveryId++,
        paymentId: d.paymentId,
        status: d.status,
        url: d.url,
        body: d.body,
        headers: callbackHeaders(d.signature),
        createdAt: d.createdAt,
        nextAttemptAt: d.createdAt,
        attempts: 0,
        state: d.state,
      };
      this.callbacks.push(delivery);
      return delivery;
    });
    const released = change.releaseHeld
      ? this.callbacks.filter((d) => d.paymentId === next.paymentId && d.state === 'held' && !added.includes(d))
      : [];
    for (const d of released) d.state = 'sending';
    this.trim();
    return { added: added.map((d) => ({ ...d })), released: released.map((d) => ({ ...d })) };
  }

  async dueForExpiry(now: Date): Promise<SimPayment[]> {
    // The heap hands each due payment over once, all of them: no need to page through memory.
    return this.book.takeDueForExpiry(now).map(copy);
  }

  async searchPayments(ppid: string, query: SearchQuery): Promise<{ page: SimPayment[]; totalElements: number }> {
    const found = searchPayments(this.book.ofProfile(ppid), query);
    return { ...found, page: found.page.map(copy) };
  }

  async addRefund(
    paymentId: string,
    idempotencyKey: string,
    decide: (context: RefundContext) => RefundDecision,
  ): Promise<RefundDecision | undefined> {
    const payment = this.book.get(paymentId);
    if (!payment) return undefined;
    const refunds = this.refunds.get(paymentId) ?? [];
    const previous = refunds.find((r) => r.idempotencyKey === idempotencyKey);
    const committed = refunds.filter((r) => r.status !== 'FAILED').reduce((sum, r) => sum + r.amount, 0);
    const decision = decide({ payment: copy(payment), previous: previous && { ...previous }, committed });
    if (!decision.replayed) {
      this.refunds.set(paymentId, [...refunds, { ...decision.refund }]);
      this.book.refundRequested(payment);
    }
    return decision;
  }

  async getRefund(paymentId: string, refundId: string): Promise<SimRefund | undefined> {
    const refund = this.refunds.get(paymentId)?.find((r) => r.refundId === refundId);
    return refund && { ...refund };
  }

  async settleRefunds(status: 'REFUNDED' | 'FAILED'): Promise<void> {
    for (const payment of this.book.takeRefunding()) {
      for (const refund of this.refunds.get(payment.paymentId) ?? [])
        if (refund.status === 'PENDING') refund.status = status;
    }
  }

  async claimDueDeliveries(now: Date, _leaseMs: number, limit: number): Promise<CallbackDelivery[]> {
    // No lease: in one process a delivery being sent is really on the wire.
    const due = this.callbacks
      .filter((d) => d.state === 'waiting' && d.nextAttemptAt.getTime() <= now.getTime())
      .slice(0, limit);
    for (const d of due) d.state = 'sending';
    return due.map((d) => ({ ...d }));
  }

  async recordAttempt(record: AttemptRecord): Promise<void> {
    const delivery = this.callbacks.find((d) => d.id === record.id);
    if (!delivery) return;
    Object.assign(delivery, {
      state: record.state,
      attempts: record.attempts,
      nextAttemptAt: record.nextAttemptAt,
      lastResult: record.lastResult,
    });
  }

  async deliveries(paymentId?: string): Promise<CallbackDelivery[]> {
    return this.callbacks.filter((d) => paymentId === undefined || d.paymentId === paymentId).map((d) => ({ ...d }));
  }

  async signingKeys(candidate: () => SigningKey): Promise<SigningKey[]> {
    if (this.keys.length === 0) this.keys = [candidate()];
    return [...this.keys];
  }

  async rotateSigningKey(next: SigningKey, now: Date): Promise<SigningKey[]> {
    this.keys = [...this.keys.map((k) => (k.retiredAt ? k : { ...k, retiredAt: now })), next];
    return [...this.keys];
  }

  async pruneSigningKeys(retiredBefore: Date): Promise<void> {
    this.keys = this.keys.filter((k) => !k.retiredAt || k.retiredAt.getTime() >= retiredBefore.getTime());
  }

  async takeJti(ppid: string, jti: string): Promise<boolean> {
    const id = `${ppid} ${jti}`;
    if (this.jtis.has(id)) return false;
    this.jtis.add(id);
    if (this.jtis.size > MAX_REMEMBERED_JTIS) this.jtis.delete(this.jtis.values().next().value!);
    return true;
  }

  async releaseJti(ppid: string, jti: string): Promise<void> {
    this.jtis.delete(`${ppid} ${jti}`);
  }

  async settings(): Promise<SimulatorSettings> {
    return this.current;
  }

  async patchQuirks(patch: Partial<SimulatorQuirks>): Promise<SimulatorSettings> {
    this.current = { ...this.current, quirks: mergeQuirks(this.current.quirks, patch) };
    return this.current;
  }

  async takeFailure(): Promise<{ status: 429 | 500 | 503; settings: SimulatorSettings } | undefined> {
    const fail = this.current.quirks.failNext;
    if (!fail) return undefined;
    this.current = {
      ...this.current,
      quirks: mergeQuirks(this.current.quirks, { failNext: { status: fail.status, count: fail.count - 1 } }),
    };
    return { status: fail.status, settings: this.current };
  }

  async advanceClock(ms: number): Promise<SimulatorSettings> {
    this.current = { ...this.current, clockOffsetMs: this.current.clockOffsetMs + ms };
    return this.current;
  }

  async prune(): Promise<void> {
    // Bounded as they grow (trim, takeJti).
  }

  private trim(): void {
    while (this.callbacks.length > MAX_KEPT_DELIVERIES) {
      const i = this.callbacks.findIndex((d) => d.state === 'delivered' || d.state === 'gave-up');
      if (i < 0) return;
      this.callbacks.splice(i, 1);
    }
  }
}
