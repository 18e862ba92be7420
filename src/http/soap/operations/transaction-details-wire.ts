import { partnerPaymentLinks } from '../../../domain/partner-payment-links.js';
import { formatPaylineDateTime } from '../../../domain/payline-date.js';
import { historyStatus, type StatusHistoryEntry } from '../../../domain/transaction-history.js';
import { asWireObject, type WireObject } from '../../../domain/wire-object.js';
import type { TransactionDetails } from '../../../payments/get-transaction-details.js';
import type { TransactionsFound } from '../../../payments/search-transactions.js';
import type { TransactionRecord } from '../../../ports/transactions.js';

const asObject = (v: unknown): WireObject => asWireObject(v) ?? {};

/** payment.action: 101 for a payment (authorization + capture), 421 for a refund. */
const actionOf = (type: string) => (type === 'REFUND' ? '421' : '101');

function paymentWire({ transaction: t, session }: TransactionRecord): WireObject {
  return {
    amount: String(t.amount),
    currency: String(t.currency),
    action: actionOf(t.type),
    mode: 'CPT',
    contractNumber: t.contractNumber,
    method: session?.cardCode,
    softDescriptor: t.softDescriptor,
  };
}

/** obj:card: the payment method (its card code) of the transaction's payment. */
const cardWire = ({ session }: TransactionRecord): WireObject | undefined => session && { type: session.cardCode };

/**
 * obj:transaction. In a transactionList it also carries its payment and card (they are top-level in
 * getTransactionDetails).
 */
export function transactionWire(record: TransactionRecord, nested: boolean): WireObject {
  const { transaction: t, session } = record;
  return {
    id: t.id,
    date: formatPaylineDateTime(t.createdAt),
    isDuplicated: '0',
    isPossibleFraud: '0',
    threeDSecure: 'N',
    softDescriptor: t.softDescriptor,
    partnerAdditionalData: t.partnerAdditionalData ?? (session && partnerPaymentLinks(session)),
    type: t.type,
    orderReference: session?.orderRef,
    ...(nested && { payment: paymentWire(record), card: cardWire(record) }),
  };
}

const associatedWire = ({ transaction: t }: TransactionRecord): WireObject => ({
  transactionId: t.id,
  type: t.type,
  date: formatPaylineDateTime(t.createdAt),
  amount: String(t.amount),
  status: historyStatus(t.resultCode),
  originTransactionId: t.originalTransactionId ?? '',
  currency: String(t.currency),
});

const historyWire = (h: StatusHistoryEntry): WireObject => ({
  transactionId: h.transactionId,
  date: formatPaylineDateTime(h.at),
  amount: String(h.amount),
  fees: '0',
  status: h.status,
  originTransactionId: h.originTransactionId ?? '',
});

/** getTransactionDetailsResponse: the transaction, its payment's order and buyer, linked transactions, history. */
export function transactionDetailsToWire({ result, record, associated, history }: TransactionDetails): WireObject {
  const { transaction: t, session, pointOfSale } = record;
  const request = session?.request;
  const isPayment = t.type === 'AUTHOR+CAP';
  const buyer: WireObject | undefined = request?.buyer && { ...asObject(request.buyer) };
  if (buyer && isPayment && t.payerName) buyer.firstName = t.payerName;
  return {
    result: { ...result },
    transaction: transactionWire(record, false),
    payment: paymentWire(record),
    authorization: { number: '', date: formatPaylineDateTime(t.createdAt) },
    order: request && asObject(request.order),
    buyer,
    privateDataList: request?.privateDataList,
    card: cardWire(record),
    associatedTransactionsList: { associatedTransactions: associated.map(associatedWire) },
    statusHistoryList: history && { statusHistory: history.map(historyWire) },
    contractNumber: t.contractNumber,
    bankAccountData: isPayment && t.bankAccount ? { ...t.bankAccount } : undefined,
    pointOfSell: pointOfSale && { id: pointOfSale.id, label: pointOfSale.label },
  };
}

/** transactionsSearchResponse. */
export function transactionsFoundToWire({ result, records }: TransactionsFound): WireObject {
  return { result: { ...result }, transactionList: { transaction: records.map((r) => transactionWire(r, true)) } };
}
