import type { Logger } from 'pino';
import type { CallbackDispatcher } from './callback-dispatcher.js';
import type { SimClock } from './clock.js';
import type { CreateRequest } from './create-request.js';
import { newDebtor } from './debtor.js';
import { paymentNotFound, paymentNotPending, SimulatorError, type ErrorShape } from './errors.js';
import { newObjectId, OBJECT_ID } from './ids.js';
import { isFinal, merchantCanCancel, stepsFor, type PayerAction, type PaymentStatus } from './lifecycle.js';
import type { PaymentBook } from './payment-book.js';
import type { SimPayment } from './payment.js';
import { callbackBody, type ViewContext } from './payment-views.js';
import type { SimulatorProfile } from './profile.js';

/**
 * The partner's behaviour, free of HTTP: creating payments, the state machine and the callbacks
 * each status change triggers. Routes and payer actions both go through here.
 */
export class SimulatorCore {
  constructor(
    readonly deps: { book: PaymentBook; clock: SimClock; dispatcher: CallbackDispatcher; view: ViewContext; logger: Logger },
  ) {}

  create(profile: SimulatorProfile, req: CreateRequest): SimPayment {
    const now = this.deps.clock.now();
    const callbackUrl = req.callbackUrl ?? profile.defaultCallbackUrl;
    return this.deps.book.add({
      paymentId: newObjectId(),
      profile,
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
      refunds: [],
    });
  }

  /**
   * A payment as one profile may see it. Another profile's payment is refused with 403 (the
   * partner's "not a participant"), not hidden behind a 404: clearer when a gateway mixes keys up.
   */
  owned(profile: SimulatorProfile, paymentId: string, forbidden = { code: 'ACCESS_DENIED', message: 'Access denied' }, shape: ErrorShape = 'payment'): SimPayment {
    this.expireDue();
    const payment = this.find(paymentId, shape);
    if (payment.profile.ppid !== profile.ppid) throw new SimulatorError(403, forbidden.code, forbidden.message, shape);
    return payment;
  }

  find(paymentId: string, shape: ErrorShape = 'payment'): SimPayment {
    const payment = OBJECT_ID.test(paymentId) ? this.deps.book.get(paymentId) : undefined;
    if (!payment) throw shape === 'payment' ? paymentNotFound() : new SimulatorError(404, 'PAYMENT_NOT_FOUND', 'Payment not found', 'refund');
    return payment;
  }

  /** DELETE by the merchant: PENDING/IDENTIFIED → CANCELLED, with its callback. */
  cancelByMerchant(profile: SimulatorProfile, paymentId: string): void {
    const payment = this.owned(profile, paymentId, { code: 'CALLER_NOT_ALLOWED_TO_CANCEL', message: 'Caller is not allowed to cancel this payment' });
    if (!merchantCanCancel(payment.status)) throw paymentNotPending();
    this.advance(payment, ['CANCELLED']);
  }

  /** A payer action (the phone) or the passing of time. */
  act(paymentId: string, action: PayerAction): PaymentStatus {
    this.expireDue();
    const payment = this.find(paymentId);
    const steps = stepsFor(payment.status, action);
    if (!steps) throw paymentNotPending();
    this.advance(payment, steps);
    return payment.status;
  }

  /** Expiry on the simulator clock; also run before reads so a GET never shows a stale PENDING. */
  expireDue(): void {
    for (const payment of this.deps.book.takeDueForExpiry(this.deps.clock.now())) this.advance(payment, ['EXPIRED']);
  }

  /**
   * Applies statuses one by one and queues a callback snapshot for each: IDENTIFIED to the
   * identify URL (only when one was given), AUTHORIZED and every final status to callbackUrl.
   */
  private advance(payment: SimPayment, steps: PaymentStatus[]): void {
    const now = this.deps.clock.now();
    for (const status of steps) {
      payment.status = status;
      if (status === 'IDENTIFIED' && !payment.debtor) payment.debtor = newDebtor();
      if (status === 'SUCCEEDED') payment.succeededAt = now;
      const final = isFinal(status);
      this.deps.dispatcher.enqueue({
        paymentId: payment.paymentId,
        ppid: payment.profile.ppid,
        status,
        url: status === 'IDENTIFIED' ? payment.identifyCallbackUrl : payment.callbackUrl,
        body: callbackBody(this.deps.view, payment),
        final,
      });
      this.deps.logger.info({ paymentId: payment.paymentId, status }, 'simulator payment status');
    }
  }
}
