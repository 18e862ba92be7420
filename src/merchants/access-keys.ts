import { randomUUID } from 'node:crypto';
import { newAccessKey } from '../domain/ids.js';
import type { AccessKeyInfo } from '../domain/merchant.js';
import { hashAccessKey } from '../payments/authenticate-merchant.js';
import type { MerchantDeps } from './merchant-deps.js';

/** Issues an access key. The clear key is returned once; only its hash is stored. */
export async function issueAccessKey({ merchants, clock }: MerchantDeps, merchantId: string, label: string, key = newAccessKey()): Promise<{ info: AccessKeyInfo; accessKey: string }> {
  const info: AccessKeyInfo = { id: randomUUID(), merchantId, label, createdAt: clock.now() };
  await merchants.addAccessKey(info, hashAccessKey(key));
  return { info, accessKey: key };
}
