import { PartnerError } from '../connectors/partner-port.js';
import type { PaymentSession } from '../domain/payment-session.js';
import type { PaymentDeps } from './deps.js';
import { settlePayment } from './steps/settle-payment.js';
import { syncPartnerPayment } from './sync-partner-payment.js';

/**
 * The buyer's "cancel and return to the shop": the partner payment is cancelled first (DELETE);
 * if the partner says it is no longer pending (the buyer just paid on the phone), its status wins.
 */
export async function cancelByBuyer(deps: PaymentDeps, token: string): Promise<PaymentSession | undefined> {
  const session = await deps.sessions.get(token);
  if (session?.channel !== 'web') return undefined;
  if (session.finalAt) return session;
  const partner = session.partnerPaymentId
    ? await deps.partners.connect(session.merchantId, session.contractNumber)
    : undefined;
  if (partner && session.partnerPaymentId) {
    try {
      if ((await partner.cancelPayment(session.partnerPaymentId)) === 'not-pending')
        return syncPartnerPayment(deps, token, 'buyer');
    } catch (err) {
      if (!(err instanceof PartnerError)) throw err;
      // The buyer leaves anyway; the partner payment expires on its own at the partner.
      deps.log.warn({ token, kind: err.kind }, 'partner cancel failed on buyer cancel');
    }
  }
  return settlePayment(deps, token, {
    status: 'CANCELLED',
    rawStatus: 'CANCELLED',
    partnerCode: 'BUYER_CANCELLED',
    source: 'buyer',
  });
}
