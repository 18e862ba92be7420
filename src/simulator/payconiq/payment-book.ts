import { isFinal } from './lifecycle.js';
import type { SimPayment } from './payment.js';

/** All payments the simulator knows, in memory: a homologation partner need not survive restarts. */
export class PaymentBook {
  private readonly payments = new Map<string, SimPayment>();
  private seq = 0;

  add(payment: Omit<SimPayment, 'seq'>): SimPayment {
    const stored = { ...payment, seq: this.seq++ };
    this.payments.set(stored.paymentId, stored);
    return stored;
  }

  get(paymentId: string): SimPayment | undefined {
    return this.payments.get(paymentId);
  }

  /** Open payments whose expireAt has passed: what the expiry sweep finalises. */
  dueForExpiry(now: Date): SimPayment[] {
    return [...this.payments.values()].filter((p) => !isFinal(p.status) && p.expireAt.getTime() <= now.getTime());
  }

  ofProfile(ppid: string): SimPayment[] {
    return [...this.payments.values()].filter((p) => p.profile.ppid === ppid);
  }

  all(): SimPayment[] {
    return [...this.payments.values()];
  }
}
