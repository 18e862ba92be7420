import type { PartnerUpdate } from '../payments/settle-web-payment.js';

/**
 * What the homologation partner reports for an accepted payment: the seed's sample payer data
 * ("Exemple d'information du moyen de paiement").
 */
export const HOMOLOGATION_ACCEPTED: PartnerUpdate = {
  status: 'SUCCEEDED',
  partnerCode: 'SUCCEEDED',
  partnerAdditionalData: JSON.stringify({ cardMaskedPan: '670999XXXXXX9999', cardExpiry: '12/22', transactionFlow: 'ecommerce' }),
  bankAccount: { bankCode: 'GKCCBEBB', accountNumber: 'BE12XXXXXXXXXX92', countryCode: 'BE' },
};

export const HOMOLOGATION_ABORTED: PartnerUpdate = { status: 'CANCELLED', partnerCode: 'CANCELLED' };
