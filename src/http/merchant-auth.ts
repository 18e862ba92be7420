import type { FastifyRequest } from 'fastify';
import { authenticateMerchant } from '../payments/authenticate-merchant.js';
import type { Store } from '../ports.js';
import { parseBasicAuth } from './basic-auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    merchantId: string;
  }
}

const CACHE_TTL_MS = 5_000;

/**
 * Resolves the merchant of a request from HTTP Basic credentials. Successful checks are cached a
 * few seconds so that a merchant's burst does not hash and query per request; a revoked key stops
 * working within that delay.
 */
export function merchantAuthenticator(store: Store) {
  const cache = new Map<string, number>();
  return async function authenticate(req: FastifyRequest): Promise<string | undefined> {
    const header = req.headers.authorization;
    const creds = parseBasicAuth(header);
    if (!creds) return undefined;
    const now = Date.now();
    const cachedUntil = cache.get(header!);
    if (cachedUntil && cachedUntil > now) return creds.merchantId;
    if (!(await authenticateMerchant(store, creds.merchantId, creds.accessKey))) return undefined;
    if (cache.size > 10_000) cache.clear();
    cache.set(header!, now + CACHE_TTL_MS);
    return creds.merchantId;
  };
}

export type MerchantAuthenticator = ReturnType<typeof merchantAuthenticator>;
