import type { PartnerConnection, PartnerPayment } from '../../connectors/partner-port.js';
import { isFinal, type PaymentSession } from '../../domain/payment-session.js';
import type { PaymentDeps } from '../deps.js';
import type { PartnerUpdate } from './settle-payment.js';

/**
 * Turns a partner payment into the update of the session: its status, and for an accepted payment
 * the payer data and partnerAdditionalData the connector gives. A SUCCEEDED payment for another
 * amount than the session's is not accepted (02012). A session already final keeps its result
 * (nextResult), so its payer data is not asked for again: that would cost a partner call for nothing.
 */
export async function partnerUpdateOf(
  deps: PaymentDeps,
  session: PaymentSession,
  payment: PartnerPayment,
  partner: PartnerConnection,
  source: PartnerUpdate['source'],
): Promise<PartnerUpdate> {
  const update: PartnerUpdate = {
    status: payment.status,
    rawStatus: payment.rawStatus,
    partnerCode: payment.rawStatus,
    source,
  };
  if (payment.status !== 'SUCCEEDED') return update;

  if (payment.amount !== undefined && payment.amount !== session.amount) {
    deps.log.error(
      { token: session.token, expected: session.amount, paid: payment.amount },
      'partner amount differs from the session amount',
    );
    return { ...update, result: '02012' };
  }
  if (isFinal(session.resultCode)) return update;
  return { ...update, ...(await partner.paidDetails(payment)) };
}
