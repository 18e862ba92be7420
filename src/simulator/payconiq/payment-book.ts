import { MinHeap } from '@datastructures-js/heap';
import { isFinal } from './lifecycle.js';
import type { SimPayment } from './payment.js';

/**
 * The payments of the in-memory store (the standalone simulator: it need not survive restarts).
 * The expiry sweep runs at every tick and before searches, so it must not cost a scan of the whole
 * book: open payments wait in a heap ordered by expireAt (a payment finalised meanwhile is skipped
 * when it surfaces), and payments with a refund in progress in a set of their own.
 */
export class PaymentBook {
  private readonly payments = new Map<string, SimPayment>();
  private readonly byExpiry = new MinHeap<SimPayment>((p) => p.expireAt.getTime());
  private readonly refunding = new Set<SimPayment>();
  private seq = 0;

  add(payment: Omit<SimPayment, 'seq'>): SimPayment {
    const stored = { ...payment, seq: this.seq++ };
    this.payments.set(stored.paymentId, stored);
    if (!isFinal(stored.status)) this.byExpiry.push(stored);
    return stored;
  }

  get(paymentId: string): SimPayment | undefined {
    return this.payments.get(paymentId);
  }

  /** Open payments whose expireAt has passed, taken off the expiry heap: what the sweep finalises. */
  takeDueForExpiry(now: Date): SimPayment[] {
    const due: SimPayment[] = [];
    for (let next = this.byExpiry.top(); next && next.expireAt.getTime() <= now.getTime(); next = this.byExpiry.top()) {
      this.byExpiry.pop();
      if (!isFinal(next.status)) due.push(next);
    }
    return due;
  }

  /** `payment` has a refund the next tick settles. */
  refundRequested(payment: SimPayment): void {
    this.refunding.add(payment);
  }

  /** Payments with a refund in progress, handed over once. */
  takeRefunding(): SimPayment[] {
    const taken = [...this.refunding];
    this.refunding.clear();
    return taken;
  }

  ofProfile(ppid: string): SimPayment[] {
    return [...this.payments.values()].filter((p) => p.ppid === ppid);
  }
}
