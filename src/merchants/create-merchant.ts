import { randomInt } from 'node:crypto';
import type { Merchant } from '../domain/merchant.js';
import type { MerchantDeps } from './merchant-deps.js';

export interface NewMerchant {
  id?: string | undefined;
  companyName: string;
  tradeName: string;
  demo?: boolean;
}

/** Merchant ids look like Payline's: 14 digits. */
export function newMerchantId(): string {
  return `${randomInt(1, 10)}${Array.from({ length: 13 }, () => randomInt(10)).join('')}`;
}

export async function createMerchant({ merchants, clock }: MerchantDeps, input: NewMerchant): Promise<Merchant> {
  const merchant: Merchant = {
    id: input.id ?? newMerchantId(),
    companyName: input.companyName,
    tradeName: input.tradeName,
    demo: input.demo ?? false,
    createdAt: clock.now(),
  };
  await merchants.createMerchant(merchant);
  return merchant;
}
