import { GatewayError, refusedBecause } from '../domain/gateway-error.js';
import { RESULT_CODES, resultOf, type Result } from '../domain/result-codes.js';
import { cancelDirectPayment } from './cancel-direct-payment.js';
import type { PaymentDeps } from './deps.js';
import { findMerchantTransaction } from './find-merchant-transaction.js';

export interface ResetAnswer {
  result: Result;
  transactionId: string;
  at: Date;
}

/**
 * doReset. A direct payment still waiting for the buyer is cancelled at the partner (00000; the
 * payment's transaction ends 02014). Otherwise Payconiq has moved the money when the buyer paid:
 * there is no authorization or remittance to cancel, so an accepted transaction cannot be reset
 * (02600; doRefund gives money back); a payment that was not accepted has nothing to reset
 * (02302), one reset already 02601; unknown → 02604.
 */
export async function resetTransaction(
  deps: PaymentDeps,
  merchantId: string,
  transactionId: unknown,
): Promise<ResetAnswer> {
  const { transaction: t, session } = await findMerchantTransaction(deps, merchantId, transactionId);
  if (session?.channel === 'direct' && session.transactionId === t.id && !session.finalAt) {
    await cancelDirectPayment(deps, session);
    return { result: resultOf('00000'), transactionId: t.id, at: deps.clock.now() };
  }
  if (t.type === 'AUTHOR+CAP' && t.resultCode === '02014')
    throw refusedBecause('02601', `${t.id} was cancelled by the merchant already`);
  if (t.type === 'AUTHOR+CAP' && t.resultCode !== '00000') {
    throw refusedBecause(
      '02302',
      `${t.id} was not accepted (${t.resultCode} ${RESULT_CODES[t.resultCode].short}), there is nothing to reset`,
    );
  }
  const why =
    t.type === 'AUTHOR+CAP'
      ? 'Payconiq by Bancontact payments are captured at once and cannot be reset, use doRefund'
      : 'a refund cannot be reset';
  throw new GatewayError('02600', `${t.type}: ${why}`);
}
