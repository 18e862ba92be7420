import { formatPaylineShortDateTime } from '../../../domain/payline-date.js';
import type { WireObject } from '../../../domain/wire-object.js';
import { captureTransaction } from '../../../payments/capture-transaction.js';
import { getTransactionDetails } from '../../../payments/get-transaction-details.js';
import { resetTransaction } from '../../../payments/reset-transaction.js';
import { searchTransactions } from '../../../payments/search-transactions.js';
import type { SoapOperation } from './registry.js';
import { transactionDetailsToWire, transactionsFoundToWire } from './transaction-details-wire.js';

/** ExtendedAPI reads, and the DirectPaymentAPI management calls that look a transaction up. */
export const TRANSACTION_OPERATIONS: Record<string, SoapOperation> = {
  async getTransactionDetails(deps, merchantId, body) {
    return transactionDetailsToWire(await getTransactionDetails(deps, merchantId, body));
  },

  async transactionsSearch(deps, merchantId, body) {
    return transactionsFoundToWire(await searchTransactions(deps, merchantId, body));
  },

  // Always refuses (with the reason): the SOAP plugin turns the refusal into `{result}`.
  async doCapture(deps, merchantId, body): Promise<WireObject> {
    return captureTransaction(deps, merchantId, body.transactionID);
  },

  async doReset(deps, merchantId, body): Promise<WireObject> {
    const answer = await resetTransaction(deps, merchantId, body.transactionID);
    return {
      result: { ...answer.result },
      transaction: {
        id: answer.transactionId,
        date: formatPaylineShortDateTime(answer.at),
        isDuplicated: '0',
        isPossibleFraud: '0',
        fraudResult: '',
        explanation: '',
      },
    };
  },
};
