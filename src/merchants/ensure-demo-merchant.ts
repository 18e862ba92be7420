import type { Merchant } from '../domain/merchant.js';
import { hashAccessKey } from '../payments/authenticate-merchant.js';
import { DuplicateKeyError } from '../ports/duplicate-key-error.js';
import { issueAccessKey } from './access-keys.js';
import { buildContract, buildPointOfSale } from './configure-contract.js';
import { createMerchant } from './create-merchant.js';
import type { MerchantDeps } from './merchant-deps.js';

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
export async function ensureDemoMerchant(deps: MerchantDeps, opts: DemoOptions): Promise<DemoMerchant> {
  try {
    return await ensureOnce(deps, opts);
  } catch (err) {
    // Several gateway processes starting together on one PostgreSQL: one creates, the others
    // hit the primary key and find the merchant (whole: it is written in one transaction) on a
    // second look.
    if (!(err instanceof DuplicateKeyError)) throw err;
    return ensureOnce(deps, opts);
  }
}

type DemoOptions = {
  merchantId?: string | undefined;
  accessKey?: string | undefined;
  /** The demo contract's payment method. */
  cardCode: string;
};

async function ensureOnce(deps: MerchantDeps, opts: DemoOptions): Promise<DemoMerchant> {
  const existing = opts.merchantId
    ? await deps.merchants.getMerchant(opts.merchantId)
    : await deps.merchants.findDemoMerchant();
  if (existing) {
    if (
      opts.accessKey &&
      !(await deps.merchants.activeKeyHashes(existing.id)).includes(hashAccessKey(opts.accessKey))
    ) {
      await issueAccessKey(deps, existing.id, 'demo (configured)', opts.accessKey);
    }
    return { merchant: existing, created: false, accessKey: opts.accessKey };
  }
  const { merchant, key } = await createMerchant(
    deps,
    { id: opts.merchantId, companyName: DEMO.companyName, tradeName: DEMO.tradeName, demo: true },
    {
      accessKey: { label: 'demo', key: opts.accessKey },
      setup: (m) => {
        const pos = buildPointOfSale(deps, { merchantId: m.id, label: DEMO.pointOfSale });
        const contract = buildContract({
          merchantId: m.id,
          contractNumber: DEMO.contractNumber,
          cardCode: opts.cardCode,
          pointOfSaleId: pos.id,
          partnerContractId: DEMO.partnerContractId,
          label: DEMO.contractNumber,
          tradeName: DEMO.contractTradeName,
        });
        return { pointsOfSale: [pos], contracts: [contract] };
      },
    },
  );
  return { merchant, created: true, accessKey: key.accessKey };
}
