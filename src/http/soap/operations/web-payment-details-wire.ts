import { formatPaylineDateTime } from '../../../domain/payline-date.js';
import { asWireObject, type WireObject } from '../../../domain/wire-object.js';
import type { WebPaymentDetails } from '../../../payments/get-web-payment-details.js';

const asObject = (v: unknown): WireObject => asWireObject(v) ?? {};

/** getWebPaymentDetailsResponse body: the result, the transaction once final, the request echoed back. */
export function webPaymentDetailsToWire({ result, session, transaction }: WebPaymentDetails): WireObject {
  const req = session.request;
  const buyer: WireObject = { ...asObject(req.buyer) };
  const payment: WireObject = {
    ...asObject(req.payment),
    amount: String(session.amount),
    currency: String(session.currency),
    contractNumber: session.contractNumber,
    softDescriptor: session.softDescriptor,
    method: session.cardCode,
  };
  const wire: WireObject = {
    result: { ...result },
    payment,
    order: asObject(req.order),
    privateDataList: req.privateDataList,
    contractNumber: session.contractNumber,
    buyer,
  };
  if (transaction) {
    const date = formatPaylineDateTime(transaction.createdAt);
    wire.transaction = {
      id: transaction.id,
      date,
      isDuplicated: '0',
      isPossibleFraud: '0',
      threeDSecure: 'N',
      softDescriptor: transaction.softDescriptor,
      partnerAdditionalData: transaction.partnerAdditionalData,
      type: transaction.type,
      orderReference: session.orderRef,
    };
    wire.authorization = { number: '', date };
    wire.card = { type: session.cardCode };
    if (transaction.bankAccount) wire.bankAccountData = { ...transaction.bankAccount };
    if (transaction.payerName) buyer.firstName = transaction.payerName;
  }
  return wire;
}
