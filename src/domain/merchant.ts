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

export const DEFAULT_PAYMENT_DELAY_MINUTES = 61;

export interface Contract {
  merchantId: string;
  contractNumber: string;
  /** Payline's card_code: which payment method (src/connectors/registry.ts) pays. */
  cardCode: string;
  currency: number;
  pointOfSaleId: string;
  active: boolean;
  label: string;
  /** The contract id at the partner ("ID contrat", e.g. MONEXTTESTCONTRACT). */
  partnerContractId: string;
  /** "Description" of the back-office screen: the merchant's own note. */
  description?: string | undefined;
  /** "Nom d'enseigne" of the payment method; the soft descriptor falls back to it. */
  tradeName?: string | undefined;
  /**
   * How to reach the partner for this contract, in the shape its payment method defines;
   * undefined = not connected to a partner (in homologation: the embedded simulator).
   */
  partnerSettings?: SealedPartnerSettings | undefined;
}

/** A contract's partner settings as stored: secret fields sealed (src/connectors/sealed-settings.ts). */
export type SealedPartnerSettings = Readonly<Record<string, unknown>>;

export interface AccessKeyInfo {
  id: string;
  merchantId: string;
  label: string;
  createdAt: Date;
  revokedAt?: Date | undefined;
}
