import {
  DEFAULT_PAYMENT_DELAY_MINUTES,
  type Contract,
  type PointOfSale,
  type SealedPartnerSettings,
} from '../domain/merchant.js';
import type { MerchantDeps } from './merchant-deps.js';

export interface NewPointOfSale {
  merchantId: string;
  label: string;
  paymentDelayMinutes?: number | undefined;
  notificationUrl?: string | undefined;
}

/** A new point of sale (not stored yet). */
export function buildPointOfSale({ ids }: Pick<MerchantDeps, 'ids'>, input: NewPointOfSale): PointOfSale {
  return {
    id: ids.pointOfSaleId(),
    merchantId: input.merchantId,
    label: input.label,
    paymentDelayMinutes: input.paymentDelayMinutes ?? DEFAULT_PAYMENT_DELAY_MINUTES,
    notificationUrl: input.notificationUrl,
  };
}

export async function createPointOfSale(
  deps: Pick<MerchantDeps, 'merchants' | 'ids'>,
  input: NewPointOfSale,
): Promise<PointOfSale> {
  const pos = buildPointOfSale(deps, input);
  await deps.merchants.createPointOfSale(pos);
  return pos;
}

export interface NewContract {
  merchantId: string;
  contractNumber: string;
  pointOfSaleId: string;
  partnerContractId: string;
  label?: string | undefined;
  tradeName?: string | undefined;
  description?: string | undefined;
  /** Its payment method (a card code of src/connectors/registry.ts). */
  cardCode: string;
  currency?: number | undefined;
  active?: boolean | undefined;
  /** Sealed by src/connectors/sealed-settings.ts. */
  partnerSettings?: SealedPartnerSettings | undefined;
}

/** A new contract (not stored yet). */
export function buildContract(input: NewContract): Contract {
  return {
    merchantId: input.merchantId,
    contractNumber: input.contractNumber,
    pointOfSaleId: input.pointOfSaleId,
    partnerContractId: input.partnerContractId,
    label: input.label ?? input.contractNumber,
    tradeName: input.tradeName,
    description: input.description,
    cardCode: input.cardCode,
    currency: input.currency ?? 978,
    active: input.active ?? true,
    partnerSettings: input.partnerSettings,
  };
}

export async function createContract(
  { merchants }: Pick<MerchantDeps, 'merchants'>,
  input: NewContract,
): Promise<Contract> {
  const contract = buildContract(input);
  await merchants.createContract(contract);
  return contract;
}
