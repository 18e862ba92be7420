import { randomBytes } from 'node:crypto';
import type { Basket } from './catalogue.js';
import type { WebPaymentDetails } from './payline-client.js';
import { outcomeOf, type Outcome } from './outcome.js';

/** How the buyer pays: on the gateway's hosted page, or in the widget in one of its templates. */
export const PAYMENT_CHOICES = ['redirect', 'column', 'tab', 'lightbox', 'shortcut'] as const;
export type PaymentChoice = (typeof PAYMENT_CHOICES)[number];
export type WidgetTemplate = Exclude<PaymentChoice, 'redirect'>;

/** One GET the gateway made on the shop's notificationURL. */
export interface ReceivedNotification {
  at: Date;
  notificationType: 'WEBTRS' | 'TRS';
  token: string | undefined;
  transactionId: string | undefined;
}

export interface Order {
  ref: string;
  createdAt: Date;
  basket: Basket;
  buyer: { firstName: string; lastName: string };
  choice: PaymentChoice;
  token: string;
  /** Not known until the shop has read getWebPaymentDetails (return page or notification). */
  outcome: Outcome | undefined;
  resultCode: string | undefined;
  resultMessage: string | undefined;
  transactionId: string | undefined;
  notifications: ReceivedNotification[];
}

/**
 * The shop's orders, in memory (a real shop has a database): the token of each order's payment,
 * its last known result and the notifications received for it.
 */
export class OrderBook {
  readonly #orders = new Map<string, Order>();
  readonly #byToken = new Map<string, string>();
  /** Notifications that name no order of the shop (a refund's TRS, an unknown token). */
  readonly unmatched: ReceivedNotification[] = [];

  /** A fresh order reference: a date part for people, a random part so references are not guessable. */
  newRef(now: Date): string {
    return `DEMO-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex').toUpperCase()}`;
  }

  add(order: Omit<Order, 'outcome' | 'resultCode' | 'resultMessage' | 'transactionId' | 'notifications'>): Order {
    const full: Order = {
      ...order,
      outcome: undefined,
      resultCode: undefined,
      resultMessage: undefined,
      transactionId: undefined,
      notifications: [],
    };
    this.#orders.set(full.ref, full);
    this.#byToken.set(full.token, full.ref);
    return full;
  }

  get(ref: string): Order | undefined {
    return this.#orders.get(ref);
  }

  byToken(token: string): Order | undefined {
    const ref = this.#byToken.get(token);
    return ref === undefined ? undefined : this.#orders.get(ref);
  }

  /** Newest first. */
  list(): Order[] {
    return [...this.#orders.values()].reverse();
  }

  /** What getWebPaymentDetails answered, kept on the order. A final result is never overwritten. */
  applyDetails(order: Order, details: WebPaymentDetails): void {
    if (order.outcome && order.outcome !== 'pending') return;
    order.outcome = outcomeOf(details.result.code);
    order.resultCode = details.result.code;
    order.resultMessage = details.result.longMessage || details.result.shortMessage;
    order.transactionId = details.transactionId || undefined;
  }

  /** Files a notification with its order, or with the unmatched ones; returns the order. */
  record(n: ReceivedNotification): Order | undefined {
    const order = n.token === undefined ? undefined : this.byToken(n.token);
    (order ? order.notifications : this.unmatched).push(n);
    return order;
  }
}
