import type { PartnerContractConfig, PartnerPayment } from '../../connectors/partner-port.js';
import { bicForBelgianIban } from '../../domain/belgian-bic.js';
import type { PaymentSession } from '../../domain/payment-session.js';
import type { PaymentDeps } from '../deps.js';
import type { PartnerUpdate } from './settle-payment.js';

/**
 * Turns a partner payment into the update of the session: status, payer data for
 * getWebPaymentDetails (debtor first name, masked IBAN as given, BIC from the unmasked refund
 * IBAN when the partner provides it) and partnerAdditionalData. A SUCCEEDED payment for another
 * amount than the session's is not accepted (02012).
 */
export async function partnerUpdateOf(
  deps: PaymentDeps,
  session: PaymentSession,
  payment: PartnerPayment,
  contract: PartnerContractConfig,
  source: PartnerUpdate['source'],
): Promise<PartnerUpdate> {
  const update: PartnerUpdate = { status: payment.status, rawStatus: payment.rawStatus, partnerCode: payment.rawStatus, source };
  if (payment.status !== 'SUCCEEDED') return update;

  if (payment.amount !== undefined && payment.amount !== session.amount) {
    deps.log.error({ token: session.token, expected: session.amount, paid: payment.amount }, 'partner amount differs from the session amount');
    return { ...update, result: '02012' };
  }
  let bankCode: string | undefined;
  try {
    const iban = await deps.connector.getRefundIban(contract, payment.partnerPaymentId);
    bankCode = iban ? bicForBelgianIban(iban) : undefined;
  } catch (err) {
    deps.log.warn({ token: session.token, err: (err as Error).message }, 'refund IBAN not available');
  }
  return {
    ...update,
    payerName: payment.debtorName,
    bankAccount: payment.debtorIbanMasked || bankCode ? { accountNumber: payment.debtorIbanMasked, bankCode, countryCode: 'BE' } : undefined,
    partnerAdditionalData: JSON.stringify({
      transactionFlow: 'ecommerce',
      paymentId: payment.partnerPaymentId,
      status: payment.rawStatus,
      ...(payment.debtorName && { debtorName: payment.debtorName }),
      ...(payment.debtorIbanMasked && { debtorIban: payment.debtorIbanMasked }),
      ...(payment.succeededAt && { succeededAt: payment.succeededAt.toISOString() }),
    }),
  };
}
