import { randomUUID } from 'node:crypto';
import { DEFAULT_PAYMENT_DELAY_MINUTES, type Contract, type PointOfSale, type SealedPartnerSettings } from '../domain/merchant.js';
import type { Store } from '../ports.js';

export interface NewPointOfSale {
  merchantId: string;
  label: string;
  paymentDelayMinutes?: number | undefined;
  notificationUrl?: string | undefined;
}

export async function createPointOfSale(store: Store, input: NewPointOfSale): Promise<PointOfSale> {
  const pos: PointOfSale = {
    id: randomUUID(),
    merchantId: input.merchantId,
    label: input.label,
    paymentDelayMinutes: input.paymentDelayMinutes ?? DEFAULT_PAYMENT_DELAY_MINUTES,
    notificationUrl: input.notificationUrl,
  };
  await store.createPointOfSale(pos);
  return pos;
}

export interface NewContract {
  merchantId: string;
  contractNumber: string;
  pointOfSaleId: string;
  partnerContractId: string;
  label?: string | undefined;
  tradeName?: string | undefined;
  /** Its payment method (a card code of src/connectors/registry.ts). */
  cardCode: string;
  currency?: number | undefined;
  active?: boolean | undefined;
  /** Sealed by src/connectors/sealed-settings.ts. */
  partnerSettings?: SealedPartnerSettings | undefined;
}

export async function createContract(store: Store, input: NewContract): Promise<Contract> {
  const contract: Contract = {
    merchantId: input.merchantId,
    contractNumber: input.contractNumber,
    pointOfSaleId: input.pointOfSaleId,
    partnerContractId: input.partnerContractId,
    label: input.label ?? input.contractNumber,
    tradeName: input.tradeName,
    cardCode: input.cardCode,
    currency: input.currency ?? 978,
    active: input.active ?? true,
    partnerSettings: input.partnerSettings,
  };
  await store.createContract(contract);
  return contract;
}
