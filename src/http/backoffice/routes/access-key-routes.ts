import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { createAccessKey, listAccessKeys, relabelAccessKey, revokeAccessKey } from '../../../backoffice/access-keys.js';
import { formBody, type BackOffice, type MerchantContext } from '../context.js';
import { merchantPath } from '../nav.js';
import { AccessKeysPage } from '../views/access-key-pages.js';
import type { Problems, Values } from '../views/form-kit.js';
import { forMerchant, submit } from './route-kit.js';

export async function accessKeyRoutes(app: FastifyInstance, bo: BackOffice) {
  const { deps } = bo;
  const base = '/merchants/:merchantId/access-keys';
  const page = async (
    c: MerchantContext,
    status = 200,
    extra: { created?: { id: string; accessKey: string }; values?: Values; problems?: Problems } = {},
  ) =>
    c.page(
      h(AccessKeysPage, {
        chrome: c.chrome,
        csrf: c.csrf,
        merchantId: c.merchant.id,
        keys: await listAccessKeys(deps, c.actor, c.merchant.id),
        ...extra,
      }),
      status,
    );
  const back = (c: MerchantContext) => c.redirect(merchantPath(c.merchant.id, 'access-keys'));

  app.get(
    base,
    forMerchant(bo, (c) => page(c)),
  );

  /** The clear key is in this answer only. */
  app.post(
    base,
    forMerchant(bo, (c) =>
      submit(
        async () => {
          const issued = await createAccessKey(deps, c.actor, c.merchant.id, formBody(c.req));
          return page(c, 201, { created: { id: issued.info.id, accessKey: issued.accessKey } });
        },
        (problems) => page(c, 422, { values: formBody(c.req), problems }),
      ),
    ),
  );

  app.post(
    `${base}/label`,
    forMerchant(bo, (c) =>
      submit(
        async () => {
          await relabelAccessKey(deps, c.actor, c.merchant.id, formBody(c.req));
          return back(c);
        },
        (problems) => page(c, 422, { problems }),
      ),
    ),
  );

  app.post(
    `${base}/revoke`,
    forMerchant(bo, async (c) => {
      await revokeAccessKey(deps, c.actor, c.merchant.id, formBody(c.req));
      return back(c);
    }),
  );
}
