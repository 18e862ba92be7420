import type { PaymentSession } from './payment-session.js';
import { RESULT_CODES } from './result-codes.js';

/** Buyer's way back: `returnURL` after a payment, `cancelURL` after a cancellation, with `paylinetoken`. */
export function exitUrl(session: PaymentSession): string {
  const cancelled = RESULT_CODES[session.resultCode].short === 'CANCELLED';
  const target = new URL(cancelled ? session.cancelUrl : session.returnUrl);
  target.searchParams.set('paylinetoken', session.token);
  return target.toString();
}
