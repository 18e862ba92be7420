import type { Merchant } from '../domain/merchant.js';
import { hashAccessKey } from '../payments/authenticate-merchant.js';
import { DuplicateKeyError, type Clock, type Store } from '../ports.js';
import { issueAccessKey } from './access-keys.js';
import { createContract, createPointOfSale } from './configure-contract.js';
import { createMerchant } from './create-merchant.js';

export const DEMO = {
  companyName: 'DEMO',
  tradeName: 'Enseigne Mon compte',
  pointOfSale: 'DemoShop',
  contractNumber: 'PAYCONIQFP',
  partnerContractId: 'MONEXTTESTCONTRACT',
  contractTradeName: 'Monext Demo',
} as const;

export interface DemoMerchant {
  merchant: Merchant;
  created: boolean;
  /** The clear access key, known only when it was created now or given by configuration. */
  accessKey?: string | undefined;
}

/**
 * The seed's demo configuration (DemoShop, delay 61, contract PAYCONIQFP of `cardCode`, partner id
 * MONEXTTESTCONTRACT, trade name "Monext Demo"), created on first start. A configured access key
 * is (re)added if the merchant does not have it yet.
 */
export async function ensureDemoMerchant(store: Store, clock: Clock, opts: DemoOptions): Promise<DemoMerchant> {
  try {
    return await ensureOnce(store, clock, opts);
  } catch (err) {
    // Several gateway processes starting together on one PostgreSQL: one creates, the others
    // hit the primary key and find the merchant on a second look.
    if (!(err instanceof DuplicateKeyError)) throw err;
    return ensureOnce(store, clock, opts);
  }
}

type DemoOptions = {
  merchantId?: string | undefined;
  accessKey?: string | undefined;
  /** The demo contract's payment method. */
  cardCode: string;
};

async function ensureOnce(store: Store, clock: Clock, opts: DemoOptions): Promise<DemoMerchant> {
  const existing = opts.merchantId ? await store.getMerchant(opts.merchantId) : await store.findDemoMerchant();
  if (existing) {
    if (opts.accessKey && !(await store.activeKeyHashes(existing.id)).includes(hashAccessKey(opts.accessKey))) {
      await issueAccessKey(store, clock, existing.id, 'demo (configured)', opts.accessKey);
    }
    return { merchant: existing, created: false, accessKey: opts.accessKey };
  }
  const merchant = await createMerchant(store, clock, { id: opts.merchantId, companyName: DEMO.companyName, tradeName: DEMO.tradeName, demo: true });
  const pos = await createPointOfSale(store, { merchantId: merchant.id, label: DEMO.pointOfSale });
  await createContract(store, {
    merchantId: merchant.id,
    contractNumber: DEMO.contractNumber,
    cardCode: opts.cardCode,
    pointOfSaleId: pos.id,
    partnerContractId: DEMO.partnerContractId,
    label: DEMO.contractNumber,
    tradeName: DEMO.contractTradeName,
  });
  const { accessKey } = await issueAccessKey(store, clock, merchant.id, 'demo', opts.accessKey);
  return { merchant, created: true, accessKey };
}
