import { partnerPaymentLinks } from '../../../domain/partner-payment-links.js';
import { formatPaylineShortDateTime } from '../../../domain/payline-date.js';
import { resultOf } from '../../../domain/result-codes.js';
import type { PaymentSession } from '../../../domain/payment-session.js';
import { asWireObject, type WireObject } from '../../../domain/wire-object.js';
import { authorizeDirectPayment } from '../../../payments/authorize-direct-payment.js';
import type { SoapOperation } from './registry.js';

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * doAuthorizationResponse of a Payconiq payment: 02000 ONHOLD_PARTNER with the transaction id,
 * and the partner's payment link (QR payload, app deep link) in transaction.partnerAdditionalData;
 * 02106 when the partner could not create it. Dates `dd/MM/yy HH:mm:ss` as in Payline's samples.
 */
export function directPaymentToWire(session: PaymentSession): WireObject {
  const result = resultOf(session.resultCode);
  if (session.partnerCode) result.partnerCode = session.partnerCode;
  const date = formatPaylineShortDateTime(session.createdAt);
  return {
    result: { ...result },
    transaction: {
      id: session.transactionId ?? '',
      date,
      isDuplicated: '0',
      isPossibleFraud: '0',
      fraudResult: '',
      explanation: '',
      threeDSecure: 'N',
      softDescriptor: session.softDescriptor,
      partnerAdditionalData: partnerPaymentLinks(session),
      type: 'AUTHOR+CAP',
      orderReference: session.orderRef,
    },
    authorization: { number: '', date },
    card: { type: session.cardCode },
    extendedCard: { type: session.cardCode },
    privateDataList: session.request.privateDataList,
    contractNumber: session.contractNumber,
  };
}

/** DirectPaymentAPI doAuthorization with a wallet contract (src/payments/authorize-direct-payment.ts). */
export const DIRECT_PAYMENT_OPERATIONS: Record<string, SoapOperation> = {
  async doAuthorization(deps, merchantId, body) {
    const session = await authorizeDirectPayment(deps, merchantId, {
      version: text(body.version),
      payment: asWireObject(body.payment) ?? {},
      card: asWireObject(body.card),
      order: asWireObject(body.order) ?? {},
      buyer: asWireObject(body.buyer),
      privateDataList: asWireObject(body.privateDataList),
    });
    return directPaymentToWire(session);
  },
};
