import { createHash, timingSafeEqual } from 'node:crypto';
import type { PaymentDeps } from './deps.js';

/** Access keys are random 20-character secrets, so a plain SHA-256 is a sufficient one-way hash. */
export function hashAccessKey(accessKey: string): string {
  return createHash('sha256').update(accessKey, 'utf8').digest('hex');
}

/**
 * True when `accessKey` is one of the merchant's active keys. Says nothing about which part was
 * wrong, and compares in constant time.
 */
export async function authenticateMerchant(
  { merchants }: Pick<PaymentDeps, 'merchants'>,
  merchantId: string,
  accessKey: string,
): Promise<boolean> {
  if (merchantId === '' || accessKey === '' || merchantId.length > 64 || accessKey.length > 256) return false;
  const presented = Buffer.from(hashAccessKey(accessKey), 'hex');
  let match = false;
  for (const stored of await merchants.activeKeyHashes(merchantId)) {
    if (timingSafeEqual(presented, Buffer.from(stored, 'hex'))) match = true;
  }
  return match;
}
