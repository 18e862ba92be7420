import { partnerPaymentLinks } from '../../domain/partner-payment-links.js';
import { asWireObject, type WireObject } from '../../domain/wire-object.js';
import type { TransactionDetails } from '../../payments/get-transaction-details.js';
import type { TransactionRecord } from '../../ports/transactions.js';
import { restResult } from './session-response.js';

const asObject = (v: unknown): WireObject => asWireObject(v) ?? {};

/** Retail transaction types. */
const REST_TYPE: Record<string, string> = { 'AUTHOR+CAP': 'AUTHORIZATION_AND_CAPTURE', REFUND: 'REFUND' };
const restType = (type: string) => REST_TYPE[type] ?? type;

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function transactionJson({ transaction: t, session }: TransactionRecord) {
  const partnerData = t.partnerAdditionalData ?? (session && partnerPaymentLinks(session));
  return {
    id: t.id,
    date: t.createdAt.toISOString(),
    type: restType(t.type),
    paymentMethodId: t.contractNumber,
    requestedAmount: t.amount,
    currency: 'EUR',
    paymentType: 'ONE_OFF',
    capture: 'AUTOMATIC',
    softDescriptor: t.softDescriptor,
    ...(session?.channel === 'web' && { sessionId: session.token }),
    ...(t.originalTransactionId && { originTransactionId: t.originalTransactionId }),
    ...(partnerData && { partnerAdditionalData: parseJsonOrText(partnerData) }),
    ...(t.type === 'AUTHOR+CAP' && t.bankAccount && { bankAccountData: t.bankAccount }),
  };
}

/** `GET /v1/checkout/transactions/{id}`: result, transaction, its payment's order and buyer, linked transactions. */
export function transactionDetailsToJson({ result, record, associated }: TransactionDetails) {
  const { transaction: t, session } = record;
  const request = session?.request;
  const order = asObject(request?.order);
  const privateData = Object.fromEntries(
    ((asObject(request?.privateDataList).privateData as WireObject[] | undefined) ?? []).map((p) => [
      String(p.key),
      String(p.value),
    ]),
  );
  return {
    result: restResult(result),
    transaction: transactionJson(record),
    ...(session && {
      order: {
        reference: session.orderRef,
        amount: Number(order.amount),
        currency: 'EUR',
        country: order.country,
        date: order.date,
      },
      buyer: { ...asObject(request?.buyer), ...(t.type === 'AUTHOR+CAP' && t.payerName && { firstName: t.payerName }) },
      privateData,
    }),
    associatedTransactions: associated.map(({ transaction: a }) => ({
      id: a.id,
      date: a.createdAt.toISOString(),
      type: restType(a.type),
      amount: a.amount,
      currency: 'EUR',
      status: a.resultCode === '00000' ? 'OK' : 'KO',
      ...(a.originalTransactionId && { originTransactionId: a.originalTransactionId }),
    })),
  };
}
