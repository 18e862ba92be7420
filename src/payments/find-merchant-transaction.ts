import { GatewayError } from '../domain/gateway-error.js';
import { idField } from '../domain/transaction-criteria.js';
import type { TransactionRecord } from '../ports/transactions.js';
import type { PaymentDeps } from './deps.js';

/**
 * The merchant's transaction a DirectPaymentAPI call names in `transactionID` (doCapture,
 * doReset): missing → 02308, not an id → 02305, unknown or another merchant's → 02604, the same
 * answer in both cases.
 */
export async function findMerchantTransaction(
  deps: Pick<PaymentDeps, 'transactions'>,
  merchantId: string,
  transactionId: unknown,
): Promise<TransactionRecord> {
  const id = idField(transactionId, 'transactionID');
  if (!id) throw new GatewayError('02308', 'transactionID');
  const [record] = await deps.transactions.find(merchantId, { transactionId: id }, { limit: 1 });
  if (!record) throw new GatewayError('02604');
  return record;
}
