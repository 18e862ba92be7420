import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { can, reachesWholeMerchant, requireCapability, requireWholeMerchant } from '../../../backoffice/policy.js';
import {
  createPointOfSaleFor,
  getPointOfSale,
  listPointsOfSale,
  updatePointOfSale,
} from '../../../backoffice/points-of-sale.js';
import { signingStatus } from '../../../backoffice/webhook-secrets.js';
import { formBody, type BackOffice, type MerchantContext } from '../context.js';
import { merchantPath } from '../nav.js';
import { PointOfSaleFormPage, PointsOfSalePage } from '../views/point-of-sale-pages.js';
import type { Problems } from '../views/form-kit.js';
import type { IssuedSecret } from '../views/webhook-secret-section.js';
import { forMerchant, submit } from './route-kit.js';

/** The point of sale's page: its form, and its notification signature section (`issued`: a secret just made). */
export async function pointOfSaleEditPage(
  bo: BackOffice,
  c: MerchantContext,
  { status = 200, problems, issued }: { status?: number; problems?: Problems; issued?: IssuedSecret } = {},
) {
  requireCapability(c.actor.user, 'configuration.edit');
  const posId = (c.req.params as { posId: string }).posId;
  const { pointOfSale, warnings } = await getPointOfSale(bo.deps, c.actor, c.merchant.id, posId);
  return c.page(
    h(PointOfSaleFormPage, {
      chrome: c.chrome,
      csrf: c.csrf,
      merchantId: c.merchant.id,
      pointOfSale,
      warnings,
      values: problems ? formBody(c.req) : undefined,
      problems,
      saved: (c.req.query as Record<string, unknown>)['saved'] !== undefined,
      signing: { status: await signingStatus(bo.deps, c.actor, c.merchant.id, pointOfSale.id), issued },
    }),
    status,
  );
}

export async function pointOfSaleRoutes(app: FastifyInstance, bo: BackOffice) {
  const { deps } = bo;
  const base = '/merchants/:merchantId/points-of-sale';
  const idOf = (c: MerchantContext) => (c.req.params as { posId: string }).posId;

  app.get(
    base,
    forMerchant(bo, async (c) =>
      c.page(
        h(PointsOfSalePage, {
          chrome: c.chrome,
          merchantId: c.merchant.id,
          pointsOfSale: await listPointsOfSale(deps, c.actor, c.merchant.id),
          canEdit: can(c.actor.user, 'configuration.edit'),
          canCreate: can(c.actor.user, 'configuration.edit') && reachesWholeMerchant(c.actor.user),
        }),
      ),
    ),
  );

  const newPage = (c: MerchantContext, status = 200, problems?: Problems) => {
    requireCapability(c.actor.user, 'configuration.edit');
    requireWholeMerchant(c.actor.user);
    return c.page(
      h(PointOfSaleFormPage, {
        chrome: c.chrome,
        csrf: c.csrf,
        merchantId: c.merchant.id,
        values: problems ? formBody(c.req) : undefined,
        problems,
      }),
      status,
    );
  };

  app.get(
    `${base}/new`,
    forMerchant(bo, async (c) => newPage(c)),
  );

  app.post(
    `${base}/new`,
    forMerchant(bo, (c) =>
      submit(
        async () => {
          const pos = await createPointOfSaleFor(deps, c.actor, c.merchant.id, formBody(c.req));
          return c.redirect(`${merchantPath(c.merchant.id, `points-of-sale/${encodeURIComponent(pos.id)}`)}?saved`);
        },
        (problems) => newPage(c, 422, problems),
      ),
    ),
  );

  const editPage = (c: MerchantContext, status = 200, problems?: Problems) =>
    pointOfSaleEditPage(bo, c, { status, problems });

  app.get(
    `${base}/:posId`,
    forMerchant(bo, (c) => editPage(c)),
  );

  app.post(
    `${base}/:posId`,
    forMerchant(bo, (c) =>
      submit(
        async () => {
          await updatePointOfSale(deps, c.actor, c.merchant.id, idOf(c), formBody(c.req));
          return c.redirect(`${merchantPath(c.merchant.id, `points-of-sale/${encodeURIComponent(idOf(c))}`)}?saved`);
        },
        (problems) => editPage(c, 422, problems),
      ),
    ),
  );
}
