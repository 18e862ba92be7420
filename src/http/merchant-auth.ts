import type { FastifyRequest } from 'fastify';
import { authenticateMerchant } from '../payments/authenticate-merchant.js';
import type { PaymentDeps } from '../payments/deps.js';
import { parseBasicAuth } from './basic-auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    merchantId: string;
  }
}

/** How long a successful check is trusted; also how long a key revoked elsewhere may keep working here. */
export const AUTH_CACHE_TTL_MS = 5_000;

export interface MerchantAuthenticator {
  (req: FastifyRequest): Promise<string | undefined>;
  /** Drops the cached checks of a merchant (a key of theirs was revoked through this process). */
  forget(merchantId: string): void;
}

/**
 * Resolves the merchant of a request from HTTP Basic credentials. Successful checks are cached a
 * few seconds so that a merchant's burst does not hash and query per request; a key revoked by
 * another process (e.g. the CLI on PostgreSQL) stops working here within that delay.
 */
export function merchantAuthenticator(deps: Pick<PaymentDeps, 'merchants'>): MerchantAuthenticator {
  const cache = new Map<string, { merchantId: string; until: number }>();
  // A check that read the keys before a revocation must not cache its answer after it.
  let revocations = 0;
  const authenticate = async (req: FastifyRequest): Promise<string | undefined> => {
    const header = req.headers.authorization;
    const creds = parseBasicAuth(header);
    if (!creds) return undefined;
    const now = Date.now();
    const cached = cache.get(header!);
    if (cached && cached.until > now) return creds.merchantId;
    const seen = revocations;
    if (!(await authenticateMerchant(deps, creds.merchantId, creds.accessKey))) return undefined;
    if (seen !== revocations) return creds.merchantId;
    if (cache.size > 10_000) cache.clear();
    cache.set(header!, { merchantId: creds.merchantId, until: now + AUTH_CACHE_TTL_MS });
    return creds.merchantId;
  };
  return Object.assign(authenticate, {
    forget(merchantId: string) {
      revocations++;
      for (const [header, entry] of cache) if (entry.merchantId === merchantId) cache.delete(header);
    },
  });
}
