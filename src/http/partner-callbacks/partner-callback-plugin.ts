import type { FastifyInstance } from 'fastify';
import type { PaymentDeps } from '../../payments/deps.js';
import { handlePartnerCallback } from '../../payments/handle-partner-callback.js';

const CALLBACK_BODY_LIMIT = 16 * 1024;

/**
 * `POST /partners/{callbackId}/callback` (Payconiq: /partners/payconiq/callback): the body is kept
 * as raw bytes, because the partner's signature covers exactly those bytes. Answers fast; 4xx for
 * anything that fails a check.
 */
export async function partnerCallbackPlugin(app: FastifyInstance, { deps }: { deps: PaymentDeps }): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: CALLBACK_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  app.post<{ Body: Buffer; Params: { callbackId: string } }>('/partners/:callbackId/callback', async (req, reply) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]),
    );
    const outcome = await handlePartnerCallback(deps, req.params.callbackId, raw, headers);
    return reply
      .code(outcome.status)
      .send({ status: outcome.status === 200 ? 'OK' : 'REJECTED', detail: outcome.detail });
  });
}
