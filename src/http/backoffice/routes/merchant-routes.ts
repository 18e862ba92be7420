import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { createMerchantAccount, listMerchants, updateMerchantAccount } from '../../../backoffice/merchant-accounts.js';
import { can, requireCapability } from '../../../backoffice/policy.js';
import { formBody, type BackOffice, type MerchantContext } from '../context.js';
import { merchantPath } from '../nav.js';
import type { Problems, Values } from '../views/form-kit.js';
import { MerchantAccountPage, MerchantCreatedPage, MerchantsPage, NewMerchantPage } from '../views/merchant-pages.js';
import { forMerchant, signedIn, submit } from './route-kit.js';

/** Operators: the merchants; everyone: the merchant's account. */
export async function merchantRoutes(app: FastifyInstance, bo: BackOffice) {
  const { deps } = bo;

  app.get(
    '/merchants',
    signedIn(bo, async (c) =>
      c.page(h(MerchantsPage, { chrome: c.chrome, merchants: await listMerchants(deps, c.actor) })),
    ),
  );

  app.get(
    '/merchants/new',
    signedIn(bo, async (c) => {
      requireCapability(c.actor.user, 'merchants');
      return c.page(h(NewMerchantPage, { chrome: c.chrome, csrf: c.csrf }));
    }),
  );

  /** The new merchant's first access key is in this answer only. */
  app.post(
    '/merchants/new',
    signedIn(bo, (c) =>
      submit(
        async () => {
          const { merchant, accessKey } = await createMerchantAccount(deps, c.actor, formBody(c.req));
          return c.page(h(MerchantCreatedPage, { chrome: c.chrome, merchant, accessKey }), 201);
        },
        (problems) =>
          c.page(h(NewMerchantPage, { chrome: c.chrome, csrf: c.csrf, values: formBody(c.req), problems }), 422),
      ),
    ),
  );

  const accountPage = (c: MerchantContext, status = 200, values?: Values, problems?: Problems) =>
    c.page(
      h(MerchantAccountPage, {
        chrome: c.chrome,
        csrf: c.csrf,
        merchant: c.merchant,
        editable: can(c.actor.user, 'account.edit'),
        values,
        problems,
        saved: (c.req.query as Record<string, unknown>)['saved'] !== undefined,
      }),
      status,
    );

  app.get(
    '/merchants/:merchantId/account',
    forMerchant(bo, async (c) => accountPage(c)),
  );

  app.post(
    '/merchants/:merchantId/account',
    forMerchant(bo, (c) =>
      submit(
        async () => {
          await updateMerchantAccount(deps, c.actor, c.merchant.id, formBody(c.req));
          return c.redirect(`${merchantPath(c.merchant.id, 'account')}?saved`);
        },
        (problems) => accountPage(c, 422, formBody(c.req), problems),
      ),
    ),
  );
}
