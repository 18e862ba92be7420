/** The merchant account as the back-office configures it (seed: "Configuration - Moyens de paiement"). */
export interface Merchant {
  id: string;
  companyName: string;
  tradeName: string;
  /** The merchant `npm start` creates for homologation. */
  demo: boolean;
  createdAt: Date;
}

export interface PointOfSale {
  id: string;
  merchantId: string;
  label: string;
  /** Minutes a buyer has to finish a payment; the seed requires 61 for Payconiq. */
  paymentDelayMinutes: number;
  notificationUrl?: string | undefined;
}

export const PAYCONIQ_CARD_CODE = 'PAYCONIQ_MNXT';
export const DEFAULT_PAYMENT_DELAY_MINUTES = 61;

export interface Contract {
  merchantId: string;
  contractNumber: string;
  cardCode: string;
  currency: number;
  pointOfSaleId: string;
  active: boolean;
  label: string;
  /** The contract id at the partner ("ID contrat", e.g. MONEXTTESTCONTRACT). */
  partnerContractId: string;
  /** "Nom d'enseigne" of the payment method; the soft descriptor falls back to it. */
  tradeName?: string | undefined;
  /** How to reach the partner for this contract; undefined = not connected to a partner. */
  partner?: PartnerSettings | undefined;
}

export interface PartnerSettings {
  /** API key encrypted at rest (see src/security/secret-box.ts). */
  apiKeyEncrypted: string;
  ppid: string;
  apiBaseUrl: string;
  jwksUrl: string;
}

export interface AccessKeyInfo {
  id: string;
  merchantId: string;
  label: string;
  createdAt: Date;
  revokedAt?: Date | undefined;
}
