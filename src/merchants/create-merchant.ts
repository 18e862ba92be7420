import type { Merchant } from '../domain/merchant.js';
import type { MerchantSetup } from '../ports/merchant-configuration.js';
import { buildAccessKey, type IssuedAccessKey } from './access-keys.js';
import type { MerchantDeps } from './merchant-deps.js';

export interface NewMerchant {
  /** Drawn when not given. */
  id?: string | undefined;
  companyName: string;
  tradeName: string;
  demo?: boolean;
}

export interface MerchantStart {
  /** Its first access key: a label, and the clear key when given (else a new one). */
  accessKey: { label: string; key?: string | undefined };
  /** The points of sale and contracts it starts with (buildPointOfSale, buildContract of configure-contract.ts). */
  setup?: ((merchant: Merchant) => Pick<MerchantSetup, 'pointsOfSale' | 'contracts'>) | undefined;
}

/**
 * A new merchant with its first access key (and, given `start.setup`, its points of sale and
 * contracts), stored in one database transaction: all of it, or nothing when the id is taken.
 */
export async function createMerchant(
  deps: MerchantDeps,
  input: NewMerchant,
  start: MerchantStart,
): Promise<{ merchant: Merchant; key: IssuedAccessKey }> {
  const merchant: Merchant = {
    id: input.id ?? deps.ids.merchantId(),
    companyName: input.companyName,
    tradeName: input.tradeName,
    demo: input.demo ?? false,
    createdAt: deps.clock.now(),
  };
  const { stored, accessKey } = buildAccessKey(deps, merchant.id, start.accessKey.label, start.accessKey.key);
  await deps.merchants.createMerchant(merchant, { ...start.setup?.(merchant), accessKeys: [stored] });
  return { merchant, key: { info: stored.info, accessKey } };
}
