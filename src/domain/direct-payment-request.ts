import { GatewayError } from './gateway-error.js';
import { PAYCONIQ_CARD_CODE } from './merchant.js';
import { text, validateOrder, validatePayment, type ValidOrder, type ValidPayment } from './payment-order.js';
import type { WireObject } from './wire-object.js';

/** doAuthorization input (DirectPaymentAPI), the parts a Payconiq payment uses. */
export interface DirectPaymentRequest {
  version?: string | undefined;
  payment: WireObject;
  /** Only its `type` is read: card data is refused before the operation runs (src/domain/card-data.ts). */
  card?: WireObject | undefined;
  order: WireObject;
  buyer?: WireObject | undefined;
  privateDataList?: WireObject | undefined;
}

export type ValidDirectPayment = ValidPayment & ValidOrder;

/**
 * doWebPayment's payment, order and buyer rules; no URLs (there is no page). `card.type`, when
 * sent, must name the wallet: a card brand on a Payconiq contract is a mistake worth naming.
 */
export function validateDirectPayment(req: DirectPaymentRequest): ValidDirectPayment {
  const payment = validatePayment(req.payment ?? {});
  const cardType = text(req.card?.type);
  if (cardType !== undefined && cardType.toUpperCase() !== PAYCONIQ_CARD_CODE) {
    throw new GatewayError('02308', `card.type (${PAYCONIQ_CARD_CODE} expected, the contract pays with the Payconiq app)`);
  }
  return { ...payment, ...validateOrder(req.order ?? {}, req.buyer, payment.amount) };
}
