import type { FastifyRequest } from 'fastify';
import { authenticateMerchant } from '../payments/authenticate-merchant.js';
import type { PaymentDeps } from '../payments/deps.js';
import { parseBasicAuth } from './basic-auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    merchantId: string;
  }
}

export type MerchantAuthenticator = (req: FastifyRequest) => Promise<string | undefined>;

/**
 * Resolves the merchant of a request from HTTP Basic credentials. The merchant's key hashes come from the gateway's
 * configuration cache (src/store/cached-merchant-configuration.ts): a key revoked by any process stops working here
 * as soon as that change is notified.
 */
export function merchantAuthenticator(deps: Pick<PaymentDeps, 'merchants'>): MerchantAuthenticator {
  return async (req) => {
    const creds = parseBasicAuth(req.headers.authorization);
    if (!creds) return undefined;
    return (await authenticateMerchant(deps, creds.merchantId, creds.accessKey)) ? creds.merchantId : undefined;
  };
}
