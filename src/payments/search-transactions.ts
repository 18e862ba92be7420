import { GatewayError } from '../domain/gateway-error.js';
import { resultOf, type Result } from '../domain/result-codes.js';
import {
  MAX_SEARCH_RESULTS,
  tooManyResults,
  validateTransactionsSearch,
  type TransactionsSearchRequest,
} from '../domain/transactions-search-request.js';
import type { TransactionRecord } from '../ports/transactions.js';
import type { PaymentDeps } from './deps.js';

export interface TransactionsFound {
  result: Result;
  records: TransactionRecord[];
}

/**
 * transactionsSearch: the merchant's transactions matching every criterion given, oldest first.
 * None → 02310; more than 5000 → 02311 (nothing listed: the merchant narrows the search).
 */
export async function searchTransactions(
  deps: Pick<PaymentDeps, 'transactions' | 'paymentMethods'>,
  merchantId: string,
  req: TransactionsSearchRequest,
): Promise<TransactionsFound> {
  const criteria = validateTransactionsSearch(req, deps.paymentMethods);
  const records = await deps.transactions.find(merchantId, criteria, { limit: MAX_SEARCH_RESULTS + 1 });
  if (records.length === 0) throw new GatewayError('02310');
  if (records.length > MAX_SEARCH_RESULTS) throw tooManyResults();
  return { result: resultOf('00000'), records };
}
