import type { FastifyInstance } from 'fastify';
import { issueWebhookSecret, removeWebhookSecret } from '../../../backoffice/webhook-secrets.js';
import type { BackOffice, MerchantContext } from '../context.js';
import { merchantPath } from '../nav.js';
import { pointOfSaleEditPage } from './point-of-sale-routes.js';
import { forMerchant } from './route-kit.js';

/** A point of sale's notification signing secret: created or rotated (shown in that answer only), or dropped. */
export async function webhookSecretRoutes(app: FastifyInstance, bo: BackOffice) {
  const path = '/merchants/:merchantId/points-of-sale/:posId/signing-secret';
  const posId = (c: MerchantContext) => (c.req.params as { posId: string }).posId;

  app.post(
    path,
    forMerchant(bo, async (c) => {
      const issued = await issueWebhookSecret(bo.deps, c.actor, c.merchant.id, posId(c));
      return pointOfSaleEditPage(bo, c, { status: 201, issued });
    }),
  );

  app.post(
    `${path}/remove`,
    forMerchant(bo, async (c) => {
      await removeWebhookSecret(bo.deps, c.actor, c.merchant.id, posId(c));
      return c.redirect(merchantPath(c.merchant.id, `points-of-sale/${encodeURIComponent(posId(c))}`));
    }),
  );
}
