import { GatewayError } from './gateway-error.js';
import { text, validateOrder, validatePayment, type ValidOrder, type ValidPayment } from './payment-order.js';
import type { WireObject } from './wire-object.js';

/** doAuthorization input (DirectPaymentAPI), the parts a wallet payment uses. */
export interface DirectPaymentRequest {
  version?: string | undefined;
  payment: WireObject;
  /** Only its `type` is read: card data is refused before the operation runs (src/domain/card-data.ts). */
  card?: WireObject | undefined;
  order: WireObject;
  buyer?: WireObject | undefined;
  privateDataList?: WireObject | undefined;
}

export type ValidDirectPayment = ValidPayment &
  ValidOrder & {
    /** `card.type` as sent (upper case): it must be the contract's card code. */
    cardType?: string | undefined;
  };

/** doWebPayment's payment, order and buyer rules; no URLs (there is no page). */
export function validateDirectPayment(req: DirectPaymentRequest): ValidDirectPayment {
  const payment = validatePayment(req.payment ?? {});
  const cardType = text(req.card?.type)?.toUpperCase();
  return { ...payment, ...validateOrder(req.order ?? {}, req.buyer, payment.amount), cardType };
}

/**
 * `card.type`, when sent, must name the contract's wallet: a card brand on a wallet contract is a
 * mistake worth naming.
 */
export function checkCardType(cardType: string | undefined, contract: { cardCode: string; appName: string }): void {
  if (cardType !== undefined && cardType !== contract.cardCode) {
    throw new GatewayError(
      '02308',
      `card.type (${contract.cardCode} expected, the contract pays with the ${contract.appName} app)`,
    );
  }
}
