import type { Logger } from 'pino';
import type { PaidDetails } from '../partner-port.js';
import { bicForBelgianIban } from './belgian-bic.js';
import type { PayconiqContract } from './contract-settings.js';
import type { PayconiqConnector } from './payconiq-connector.js';
import type { PayconiqPayment } from './payment-mapping.js';

/**
 * The payer of a SUCCEEDED Payconiq payment as getWebPaymentDetails shows it: the debtor's first
 * name, the IBAN masked as Payconiq sent it, the BIC derived from the unmasked refund IBAN when
 * Payconiq gives it (it never sends a BIC), and partnerAdditionalData.
 */
export async function paidDetailsOf(
  connector: Pick<PayconiqConnector, 'getRefundIban'>,
  contract: PayconiqContract,
  payment: PayconiqPayment,
  log: Logger | undefined,
): Promise<PaidDetails> {
  let bankCode: string | undefined;
  try {
    const iban = await connector.getRefundIban(contract, payment.partnerPaymentId);
    bankCode = iban ? bicForBelgianIban(iban) : undefined;
  } catch (err) {
    log?.warn({ partnerPaymentId: payment.partnerPaymentId, err: (err as Error).message }, 'refund IBAN not available');
  }
  return {
    payerName: payment.debtorName,
    bankAccount:
      payment.debtorIbanMasked || bankCode
        ? { accountNumber: payment.debtorIbanMasked, bankCode, countryCode: 'BE' }
        : undefined,
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
