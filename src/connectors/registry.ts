import type { Logger } from 'pino';
import type { Clock } from '../ports/clock.js';
import type { PaymentMethod, PaymentMethods } from './partner-port.js';
import { createPayconiqMethod, type PayconiqMethodOptions } from './payconiq/payment-method.js';

/** What a connector is built with, whatever its partner. */
export interface ConnectorRuntime {
  logger: Logger;
  clock: Clock;
  /** Per partner call. */
  timeoutMs: number;
  /** The HTTP client (the worker's ends its calls when it stops). */
  fetch?: typeof fetch | undefined;
  homologation: boolean;
}

/**
 * The payment methods every gateway offers. Without options they serve administration only
 * (settings schemas and descriptions) and call no partner with credentials they lack.
 */
export function builtInPaymentMethods(opts: { payconiq?: PayconiqMethodOptions } = {}): PaymentMethod[] {
  return [createPayconiqMethod(opts.payconiq)];
}

/**
 * The payment methods a gateway offers, keyed by card code: closed once built. A contract, a
 * request or a search naming another card code is refused; nothing outside the connectors and
 * this registry knows a card code.
 */
export function createPaymentMethods(methods: readonly PaymentMethod[]): PaymentMethods {
  const byCardCode = new Map<string, PaymentMethod>();
  const byCallbackId = new Map<string, PaymentMethod>();
  for (const method of methods) {
    if (byCardCode.has(method.cardCode)) throw new Error(`two payment methods for card code ${method.cardCode}`);
    if (byCallbackId.has(method.callbackId))
      throw new Error(`two payment methods with callback id ${method.callbackId}`);
    byCardCode.set(method.cardCode, method);
    byCallbackId.set(method.callbackId, method);
  }
  return {
    byCardCode: (cardCode) => byCardCode.get(cardCode.toUpperCase()),
    byCallbackId: (callbackId) => byCallbackId.get(callbackId),
    cardCodes: [...byCardCode.keys()],
    cardCodesText: [...byCardCode.keys()].join(' or '),
    appNamesText: methods.map((m) => m.appName).join(' or '),
  };
}
