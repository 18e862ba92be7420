import type { FastifyInstance } from 'fastify';

export const MERCHANT_JWKS_PATH = '/partners/payconiq/merchant-jwks';

/**
 * `GET /partners/payconiq/merchant-jwks`: the public key the gateway signs its Payconiq Refund API
 * requests with. The operator gives this URL (and the kid) to Payconiq at onboarding; Payconiq
 * fetches it to check the `Signature` header. Public, like any JWKS.
 */
export async function merchantJwksPlugin(
  app: FastifyInstance,
  opts: { jwks: () => Promise<{ keys: Record<string, unknown>[] }> },
): Promise<void> {
  app.get(MERCHANT_JWKS_PATH, { schema: { hide: true } }, async (_req, reply) =>
    reply
      .header('cache-control', 'public, max-age=3600')
      .type('application/json')
      .send(await opts.jwks()),
  );
}
