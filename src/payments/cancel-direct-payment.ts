import { PartnerError } from '../connectors/partner-port.js';
import { refusedBecause } from '../domain/gateway-error.js';
import { RESULT_CODES } from '../domain/result-codes.js';
import { isFinal, type PaymentSession } from '../domain/payment-session.js';
import type { PaymentDeps } from './deps.js';
import { settlePayment } from './steps/settle-payment.js';
import { syncPartnerPayment } from './sync-partner-payment.js';

/**
 * doReset of a direct payment still waiting for the buyer (the customer left the till): the
 * Payconiq payment is cancelled (DELETE), so its QR code can no longer be paid, and the
 * transaction ends 02014 CANCELLED "handled by merchant". If the partner says it is no longer
 * pending (the buyer just paid or cancelled), its status wins and the reset is refused with the
 * reason. A partner that cannot be reached → 02106, the payment stays as it is (try again); so
 * does a contract whose partner configuration is gone.
 */
export async function cancelDirectPayment(deps: PaymentDeps, session: PaymentSession): Promise<PaymentSession> {
  if (!session.partnerPaymentId) {
    // No partner payment yet: its creation crashed, or is under way and then cancels what it creates.
    return (
      (await settlePayment(deps, session.token, { status: 'CANCELLED', result: '02014', source: 'merchant' })) ??
      session
    );
  }
  const partner = await deps.partners.connect(session.merchantId, session.contractNumber);
  if (!partner)
    throw refusedBecause(
      '02106',
      `the partner configuration of contract ${session.contractNumber} is missing: the payment cannot be cancelled at the partner`,
    );
  // Marked before the DELETE: the partner's CANCELLED callback may arrive before the DELETE's answer.
  await deps.sessions.update(
    session.token,
    (s) => (s.finalAt || s.partnerCancelReason ? undefined : { session: { ...s, partnerCancelReason: 'merchant' } }),
    session,
  );
  let outcome: 'cancelled' | 'not-pending';
  try {
    outcome = await partner.cancelPayment(session.partnerPaymentId);
  } catch (err) {
    if (!(err instanceof PartnerError)) throw err;
    deps.log.warn(
      { transactionId: session.transactionId, kind: err.kind, httpStatus: err.httpStatus },
      'partner unreachable on a merchant reset',
    );
    // The partner answered and refused: no cancel of ours is on its way, so a later CANCELLED is the buyer's.
    if (err.httpStatus !== undefined && err.httpStatus < 500) await forgetMerchantCancel(deps, session.token);
    throw refusedBecause(
      '02106',
      `the partner could not be reached to cancel the payment (${err.kind}), it is still pending: try again`,
    );
  }
  const after =
    outcome === 'cancelled'
      ? await settlePayment(deps, session.token, {
          status: 'CANCELLED',
          rawStatus: 'CANCELLED',
          partnerCode: 'CANCELLED',
          source: 'merchant',
        })
      : await syncPartnerPayment(deps, session.token, 'merchant');
  const final = after ?? session;
  if (final.resultCode === '02014') return final;
  if (final.resultCode === '00000') throw refusedBecause('02600', 'the payer has just paid, use doRefund');
  if (!isFinal(final.resultCode))
    throw refusedBecause('02603', 'the payer is confirming the payment in the app, try again in a moment');
  throw refusedBecause(
    '02302',
    `the payment ended before the reset (${final.resultCode} ${RESULT_CODES[final.resultCode].short})`,
  );
}

async function forgetMerchantCancel(deps: PaymentDeps, token: string): Promise<void> {
  await deps.sessions.update(token, (s) =>
    s.finalAt || s.partnerCancelReason !== 'merchant'
      ? undefined
      : { session: { ...s, partnerCancelReason: undefined } },
  );
}
