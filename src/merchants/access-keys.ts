import type { AccessKeyInfo } from '../domain/merchant.js';
import { hashAccessKey } from '../payments/authenticate-merchant.js';
import type { StoredAccessKey } from '../ports/merchant-configuration.js';
import type { MerchantDeps } from './merchant-deps.js';

export interface IssuedAccessKey {
  info: AccessKeyInfo;
  /** The clear key: returned once, only its hash is stored. */
  accessKey: string;
}

/**
 * A new access key of the merchant, not stored yet (`stored` is what is kept of it): `key` when given, else a new one.
 */
export function buildAccessKey(
  { clock, ids }: Pick<MerchantDeps, 'clock' | 'ids'>,
  merchantId: string,
  label: string,
  key = ids.accessKey(),
): { stored: StoredAccessKey; accessKey: string } {
  const info: AccessKeyInfo = { id: ids.accessKeyId(), merchantId, label, createdAt: clock.now() };
  return { stored: { info, keyHash: hashAccessKey(key) }, accessKey: key };
}

/** Issues an access key. The clear key is returned once; only its hash is stored. */
export async function issueAccessKey(
  deps: MerchantDeps,
  merchantId: string,
  label: string,
  key?: string,
): Promise<IssuedAccessKey> {
  const { stored, accessKey } = buildAccessKey(deps, merchantId, label, key);
  await deps.merchants.addAccessKey(stored.info, stored.keyHash);
  return { info: stored.info, accessKey };
}
