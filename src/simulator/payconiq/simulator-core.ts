import type { Logger } from 'pino';
import type { CallbackDispatcher, CallbackEvent } from './callback-dispatcher.js';
import type { SimClock } from './clock.js';
import type { CreateRequest } from './create-request.js';
import { newDebtor } from './debtor.js';
import { paymentNotFound, paymentNotPending, SimulatorError, type ErrorShape } from './errors.js';
import { newObjectId, OBJECT_ID } from './ids.js';
import { isFinal, merchantCanCancel, stepsFor, type PayerAction, type PaymentStatus } from './lifecycle.js';
import type { SimPayment } from './payment.js';
import { callbackBody, type ViewContext } from './payment-views.js';
import type { SimulatorProfile } from './profile.js';
import type { SimulatorStore } from './simulator-store.js';

/** Due payments expired per store query by the sweep. */
const EXPIRY_BATCH = 500;
/** A change re-decided this many times in a row lost every race: something is wrong, say so. */
const MAX_CHANGE_ATTEMPTS = 20;

/**
 * The partner's behaviour, free of HTTP: creating payments, the state machine and the callbacks
 * each status change triggers. Routes and payer actions both go through here. Every change of a
 * payment is decided on the payment as read and stored only if nobody changed it meanwhile (another
 * request, another process), else decided again on what is there now.
 */
export class SimulatorCore {
  constructor(
    private readonly deps: {
      store: SimulatorStore;
      clock: SimClock;
      dispatcher: CallbackDispatcher;
      view: ViewContext;
      logger: Logger;
    },
  ) {}

  create(profile: SimulatorProfile, req: CreateRequest): Promise<SimPayment> {
    const now = this.deps.clock.now();
    const callbackUrl = req.callbackUrl ?? profile.defaultCallbackUrl;
    return this.deps.store.addPayment({
      paymentId: newObjectId(),
      ppid: profile.ppid,
      creditor: { merchantId: profile.merchantId, name: profile.name, iban: profile.iban },
      amount: req.amount,
      currency: 'EUR',
      ...(req.description !== undefined ? { description: req.description } : {}),
      ...(req.reference !== undefined ? { reference: req.reference } : {}),
      ...(req.bulkId !== undefined ? { bulkId: req.bulkId } : {}),
      ...(callbackUrl !== undefined ? { callbackUrl } : {}),
      ...(req.identifyCallbackUrl !== undefined ? { identifyCallbackUrl: req.identifyCallbackUrl } : {}),
      ...(req.returnUrl !== undefined ? { returnUrl: req.returnUrl } : {}),
      status: 'PENDING',
      createdAt: now,
      expireAt: new Date(now.getTime() + (profile.expiryMinutes ?? 20) * 60_000),
    });
  }

  /**
   * A payment as one profile may see it. Another profile's payment is refused with 403 (the
   * partner's "not a participant"), not hidden behind a 404: clearer when a gateway mixes keys up.
   */
  async owned(
    profile: SimulatorProfile,
    paymentId: string,
    forbidden = { code: 'ACCESS_DENIED', message: 'Access denied' },
    shape: ErrorShape = 'payment',
  ): Promise<SimPayment> {
    const payment = await this.find(paymentId, shape);
    if (payment.ppid !== profile.ppid) throw new SimulatorError(403, forbidden.code, forbidden.message, shape);
    return payment;
  }

  /** A payment as it is now: one whose expireAt passed is expired first, so a read never shows a stale PENDING. */
  async find(paymentId: string, shape: ErrorShape = 'payment'): Promise<SimPayment> {
    const payment = OBJECT_ID.test(paymentId) ? await this.deps.store.getPayment(paymentId) : undefined;
    if (!payment)
      throw shape === 'payment'
        ? paymentNotFound()
        : new SimulatorError(404, 'PAYMENT_NOT_FOUND', 'Payment not found', 'refund');
    return this.isDue(payment) ? this.change(payment, (p) => (this.isDue(p) ? ['EXPIRED'] : [])) : payment;
  }

  /** DELETE by the merchant: PENDING/IDENTIFIED → CANCELLED, with its callback. */
  async cancelByMerchant(profile: SimulatorProfile, paymentId: string): Promise<void> {
    const payment = await this.owned(profile, paymentId, {
      code: 'CALLER_NOT_ALLOWED_TO_CANCEL',
      message: 'Caller is not allowed to cancel this payment',
    });
    await this.change(payment, (p) => {
      if (!merchantCanCancel(p.status)) throw paymentNotPending();
      return ['CANCELLED'];
    });
  }

  /** A payer action (the phone) or the passing of time. */
  async act(paymentId: string, action: PayerAction): Promise<PaymentStatus> {
    const payment = await this.find(paymentId);
    const changed = await this.change(payment, (p) => {
      const steps = stepsFor(p.status, action);
      if (!steps) throw paymentNotPending();
      return steps;
    });
    return changed.status;
  }

  /** Expiry on the simulator clock, for every payment due (the tick, and before a search). */
  async expireDue(): Promise<void> {
    for (;;) {
      const due = await this.deps.store.dueForExpiry(this.deps.clock.now(), EXPIRY_BATCH);
      for (const payment of due) await this.change(payment, (p) => (this.isDue(p) ? ['EXPIRED'] : []));
      if (due.length < EXPIRY_BATCH) return;
    }
  }

  private isDue(p: SimPayment): boolean {
    return !isFinal(p.status) && p.expireAt.getTime() <= this.deps.clock.now().getTime();
  }

  /**
   * Applies the statuses `stepsOf` decides for the payment, with a signed callback snapshot for
   * each (IDENTIFIED to the identify URL, only when one was given; AUTHORIZED and every final
   * status to callbackUrl), as one compare-and-set. `stepsOf` may throw to refuse.
   */
  private async change(read: SimPayment, stepsOf: (p: SimPayment) => PaymentStatus[]): Promise<SimPayment> {
    const { store, dispatcher, logger } = this.deps;
    let current: SimPayment | undefined = read;
    for (let attempt = 1; ; attempt++) {
      if (!current) throw paymentNotFound();
      const steps = stepsOf(current);
      if (steps.length === 0) return current;
      const { next, events } = this.advance(current, steps);
      const plan = await dispatcher.plan(events);
      const stored = await store.updatePayment(next, current.version, plan);
      if (stored) {
        dispatcher.send(plan, stored);
        for (const status of steps) logger.info({ paymentId: next.paymentId, status }, 'simulator payment status');
        return { ...next, version: current.version + 1 };
      }
      if (attempt >= MAX_CHANGE_ATTEMPTS)
        throw new Error(`payment ${read.paymentId} kept changing under ${attempt} attempts`);
      current = await store.getPayment(read.paymentId);
    }
  }

  /** The payment after `steps`, and the callback of each step (a snapshot of the payment at that status). */
  private advance(payment: SimPayment, steps: PaymentStatus[]): { next: SimPayment; events: CallbackEvent[] } {
    const now = this.deps.clock.now();
    let next = payment;
    const events: CallbackEvent[] = [];
    for (const status of steps) {
      next = { ...next, status };
      if (status === 'IDENTIFIED' && !next.debtor) next.debtor = newDebtor();
      if (status === 'SUCCEEDED') next.succeededAt = now;
      events.push({
        paymentId: next.paymentId,
        ppid: next.ppid,
        status,
        url: status === 'IDENTIFIED' ? next.identifyCallbackUrl : next.callbackUrl,
        body: callbackBody(this.deps.view, next),
        final: isFinal(status),
      });
    }
    return { next, events };
  }
}
