import { GatewayError, refusedBecause } from '../domain/gateway-error.js';
import { RESULT_CODES } from '../domain/result-codes.js';
import type { PaymentDeps } from './deps.js';
import { findMerchantTransaction } from './find-merchant-transaction.js';

/**
 * doReset. Payconiq moves the money when the buyer pays: there is no authorization or remittance
 * to cancel, so an accepted transaction cannot be reset (02600; doRefund gives money back); a
 * payment that was not accepted has nothing to reset (02302); unknown → 02604.
 */
export async function resetTransaction(deps: PaymentDeps, merchantId: string, transactionId: unknown): Promise<never> {
  const { transaction: t } = await findMerchantTransaction(deps, merchantId, transactionId);
  if (t.type === 'AUTHOR+CAP' && t.resultCode !== '00000') {
    throw refusedBecause('02302', `${t.id} was not accepted (${t.resultCode} ${RESULT_CODES[t.resultCode].short}), there is nothing to reset`);
  }
  const why = t.type === 'AUTHOR+CAP' ? 'Payconiq by Bancontact payments are captured at once and cannot be reset, use doRefund' : 'a refund cannot be reset';
  throw new GatewayError('02600', `${t.type}: ${why}`);
}
