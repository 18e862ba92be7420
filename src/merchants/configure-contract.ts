import { randomUUID } from 'node:crypto';
import { DEFAULT_PAYMENT_DELAY_MINUTES, PAYCONIQ_CARD_CODE, type Contract, type PartnerSettings, type PointOfSale } from '../domain/merchant.js';
import type { MerchantDeps } from './merchant-deps.js';

export interface NewPointOfSale {
  merchantId: string;
  label: string;
  paymentDelayMinutes?: number | undefined;
  notificationUrl?: string | undefined;
}

export async function createPointOfSale({ merchants }: Pick<MerchantDeps, 'merchants'>, input: NewPointOfSale): Promise<PointOfSale> {
  const pos: PointOfSale = {
    id: randomUUID(),
    merchantId: input.merchantId,
    label: input.label,
    paymentDelayMinutes: input.paymentDelayMinutes ?? DEFAULT_PAYMENT_DELAY_MINUTES,
    notificationUrl: input.notificationUrl,
  };
  await merchants.createPointOfSale(pos);
  return pos;
}

export interface NewContract {
  merchantId: string;
  contractNumber: string;
  pointOfSaleId: string;
  partnerContractId: string;
  label?: string | undefined;
  tradeName?: string | undefined;
  cardCode?: string | undefined;
  currency?: number | undefined;
  active?: boolean | undefined;
  partner?: PartnerSettings | undefined;
}

export async function createContract({ merchants }: Pick<MerchantDeps, 'merchants'>, input: NewContract): Promise<Contract> {
  const contract: Contract = {
    merchantId: input.merchantId,
    contractNumber: input.contractNumber,
    pointOfSaleId: input.pointOfSaleId,
    partnerContractId: input.partnerContractId,
    label: input.label ?? input.contractNumber,
    tradeName: input.tradeName,
    cardCode: input.cardCode ?? PAYCONIQ_CARD_CODE,
    currency: input.currency ?? 978,
    active: input.active ?? true,
    partner: input.partner,
  };
  await merchants.createContract(contract);
  return contract;
}
