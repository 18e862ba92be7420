import { GatewayError } from '../domain/gateway-error.js';
import { resultOf, type Result } from '../domain/result-codes.js';
import {
  validateTransactionDetailsRequest,
  type TransactionDetailsRequest,
} from '../domain/transaction-details-request.js';
import { statusHistory, type StatusHistoryEntry } from '../domain/transaction-history.js';
import type { TransactionRecord } from '../ports/transactions.js';
import type { PaymentDeps } from './deps.js';

export interface TransactionDetails {
  /** The transaction's own result (00000, 02008, 02324, …; a refund's 00000/02000/…). */
  result: Result;
  record: TransactionRecord;
  /** The other transactions of its payment: the payment and its refunds, oldest first. */
  associated: TransactionRecord[];
  /** With transactionHistory=Y. */
  history?: StatusHistoryEntry[] | undefined;
}

/** WSDL cap of associatedTransactionsList. */
const MAX_ASSOCIATED = 100;

/**
 * getTransactionDetails (and REST GET /v1/checkout/transactions/{id}): one of the merchant's
 * transactions with its payment's order and buyer, its linked transactions and, on request, its
 * status history. Unknown or another merchant's id → 02301; an order reference without
 * transaction → 02310.
 */
export async function getTransactionDetails(
  deps: Pick<PaymentDeps, 'transactions' | 'history'>,
  merchantId: string,
  req: TransactionDetailsRequest,
): Promise<TransactionDetails> {
  const { criteria, withHistory, byOrderRef } = validateTransactionDetailsRequest(req);
  const [record] = await deps.transactions.find(merchantId, criteria, { limit: 1, newestFirst: true });
  if (!record) throw new GatewayError(byOrderRef ? '02310' : '02301');
  const { transaction, session } = record;

  const root = transaction.originalTransactionId ?? transaction.id;
  const family = await deps.transactions.find(merchantId, { familyOf: root }, { limit: MAX_ASSOCIATED + 1 });
  const associated = family.filter((r) => r.transaction.id !== transaction.id).slice(0, MAX_ASSOCIATED);

  const ownSession = session && session.transactionId === transaction.id ? session : undefined;
  const result = resultOf(transaction.resultCode);
  if (ownSession?.partnerCode) result.partnerCode = ownSession.partnerCode;

  let history: StatusHistoryEntry[] | undefined;
  if (withHistory) {
    const events = ownSession ? await deps.history.list(ownSession.token) : [];
    history = statusHistory({
      transactionId: transaction.id,
      amount: transaction.amount,
      currency: transaction.currency,
      resultCode: transaction.resultCode,
      resultAt:
        ownSession?.channel === 'direct' ? (ownSession.finalAt ?? transaction.createdAt) : transaction.createdAt,
      originTransactionId: transaction.originalTransactionId,
      events,
    });
  }
  return { result, record, associated, history };
}
