import { refusedBecause } from '../domain/gateway-error.js';
import { RESULT_CODES } from '../domain/result-codes.js';
import { isFinal } from '../domain/payment-session.js';
import type { PaymentDeps } from './deps.js';
import { findMerchantTransaction } from './find-merchant-transaction.js';

/**
 * doCapture. A Payconiq payment is captured when the buyer pays (action 101 only), so there is
 * never an authorization left to capture: an accepted payment → 02617; a payment still waiting
 * for the buyer, one that was not accepted, or a refund → 02302; unknown → 02604. It always
 * refuses, with the reason.
 */
export async function captureTransaction(
  deps: Pick<PaymentDeps, 'transactions'>,
  merchantId: string,
  transactionId: unknown,
): Promise<never> {
  const { transaction: t } = await findMerchantTransaction(deps, merchantId, transactionId);
  if (t.type !== 'AUTHOR+CAP')
    throw refusedBecause('02302', `${t.id} is a ${t.type} transaction, only a payment can be captured`);
  if (!isFinal(t.resultCode)) {
    throw refusedBecause(
      '02302',
      `${t.id} is still waiting for the buyer (${t.resultCode} ${RESULT_CODES[t.resultCode].short}): Payconiq captures it when the buyer pays`,
    );
  }
  if (t.resultCode !== '00000') {
    throw refusedBecause(
      '02302',
      `${t.id} was not accepted (${t.resultCode} ${RESULT_CODES[t.resultCode].short}), there is nothing to capture`,
    );
  }
  throw refusedBecause('02617', 'Payconiq by Bancontact payments are captured when the buyer pays');
}
