import type { PaymentStatus } from './lifecycle.js';

/**
 * `held`: kept back by the outOfOrderCallbacks quirk until the payment's final callback;
 * `sending`: an attempt is under way (its lease says until when, so another process can take over
 * a delivery whose process died); `waiting`: the next retry is due at nextAttemptAt.
 */
export type DeliveryState = 'held' | 'sending' | 'waiting' | 'delivered' | 'gave-up';

/** One delivery and its attempts. `body` and `signature` never change once made. */
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
  state: DeliveryState;
  lastResult?: string;
}

/** A delivery as a status change creates it, before its first attempt. */
export interface NewDelivery {
  paymentId: string;
  status: PaymentStatus;
  url: string;
  body: string;
  signature: string;
  state: 'held' | 'sending';
  createdAt: Date;
}

/** The outcome of one attempt, as stored. */
export interface AttemptRecord {
  id: number;
  state: 'waiting' | 'delivered' | 'gave-up';
  attempts: number;
  nextAttemptAt: Date;
  lastResult: string;
}

/** Finished (delivered, given up) deliveries are forgotten beyond about this many, oldest first. */
export const MAX_KEPT_DELIVERIES = 5_000;

/** The headers of every attempt, in the partner's order: only the signature differs between callbacks. */
export function callbackHeaders(signature: string): Readonly<Record<string, string>> {
  return Object.freeze({ signature, 'content-type': 'application/json', 'user-agent': 'Payconiq Payments/v3' });
}
