import type { Result } from '../../domain/result-codes.js';
import { asWireObject, type WireObject } from '../../domain/wire-object.js';
import type { WebPaymentDetails } from '../../payments/get-web-payment-details.js';

/** Retail result shape: `{title, code, detail}` (title = Payline short message). */
export const restResult = (r: Result) => ({
  title: r.shortMessage,
  code: r.code,
  detail: r.longMessage,
  ...(r.partnerCode && { partnerCode: r.partnerCode }),
});

const asObject = (v: unknown): WireObject => asWireObject(v) ?? {};

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `GET /v1/checkout/sessions/{id}`: result, transactions, order, buyer, privateData. */
export function sessionDetailsToJson({ result, session, transaction }: WebPaymentDetails) {
  const order = asObject(session.request.order);
  const privateData = Object.fromEntries(
    ((asObject(session.request.privateDataList).privateData as WireObject[] | undefined) ?? []).map((p) => [
      String(p.key),
      String(p.value),
    ]),
  );
  return {
    result: restResult(result),
    sessionId: session.token,
    transactions: transaction
      ? [
          {
            id: transaction.id,
            date: transaction.createdAt.toISOString(),
            type: 'AUTHORIZATION_AND_CAPTURE',
            paymentMethodId: transaction.contractNumber,
            requestedAmount: transaction.amount,
            currency: 'EUR',
            paymentType: 'ONE_OFF',
            capture: 'AUTOMATIC',
            softDescriptor: transaction.softDescriptor,
            result: restResult(result),
            ...(transaction.partnerAdditionalData && {
              partnerAdditionalData: parseJsonOrText(transaction.partnerAdditionalData),
            }),
            ...(transaction.bankAccount && { bankAccountData: transaction.bankAccount }),
          },
        ]
      : [],
    order: {
      reference: session.orderRef,
      amount: Number(order.amount),
      currency: 'EUR',
      country: order.country,
      date: order.date,
    },
    buyer: { ...asObject(session.request.buyer), ...(transaction?.payerName && { firstName: transaction.payerName }) },
    privateData,
    expiresAt: session.expiresAt.toISOString(),
  };
}
