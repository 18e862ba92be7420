import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import {
  createMerchantUser,
  getMerchantUser,
  listMerchantUsers,
  resetMerchantUserPassword,
  updateMerchantUser,
} from '../../../backoffice/merchant-users.js';
import { assignableProfiles } from '../../../backoffice/policy.js';
import { listPointsOfSale } from '../../../backoffice/points-of-sale.js';
import { formBody, type BackOffice, type MerchantContext } from '../context.js';
import { merchantPath } from '../nav.js';
import type { Problems } from '../views/form-kit.js';
import { UserFormPage, UsersPage } from '../views/user-pages.js';
import { forMerchant, submit } from './route-kit.js';

/** The merchant's users: its administrators and operators manage them (the use cases check it). */
export async function userRoutes(app: FastifyInstance, bo: BackOffice) {
  const { deps } = bo;
  const base = '/merchants/:merchantId/users';
  const idOf = (c: MerchantContext) => (c.req.params as { userId: string }).userId;
  const pointsOfSale = async (c: MerchantContext) =>
    (await listPointsOfSale(deps, c.actor, c.merchant.id)).map((v) => v.pointOfSale);

  app.get(
    base,
    forMerchant(bo, async (c) => {
      const users = await listMerchantUsers(deps, c.actor, c.merchant.id);
      return c.page(
        h(UsersPage, {
          chrome: c.chrome,
          merchantId: c.merchant.id,
          users,
          pointsOfSale: await pointsOfSale(c),
          me: c.actor.user.id,
        }),
      );
    }),
  );

  const formPage = async (
    c: MerchantContext,
    status: number,
    extra: { userId?: string; problems?: Problems; resetProblems?: Problems; notice?: string } = {},
  ) => {
    const user = extra.userId ? await getMerchantUser(deps, c.actor, c.merchant.id, extra.userId) : undefined;
    if (!user) await listMerchantUsers(deps, c.actor, c.merchant.id); // the same check as the list's
    return c.page(
      h(UserFormPage, {
        chrome: c.chrome,
        csrf: c.csrf,
        merchantId: c.merchant.id,
        pointsOfSale: await pointsOfSale(c),
        profiles: assignableProfiles(c.actor.user),
        user,
        values: extra.problems ? formBody(c.req) : undefined,
        problems: extra.problems,
        resetProblems: extra.resetProblems,
        notice: extra.notice,
      }),
      status,
    );
  };

  app.get(
    `${base}/new`,
    forMerchant(bo, (c) => formPage(c, 200)),
  );

  app.post(
    `${base}/new`,
    forMerchant(bo, (c) =>
      submit(
        async () => {
          await createMerchantUser(deps, c.actor, c.merchant.id, formBody(c.req));
          return c.redirect(merchantPath(c.merchant.id, 'users'));
        },
        (problems) => formPage(c, 422, { problems }),
      ),
    ),
  );

  app.get(
    `${base}/:userId`,
    forMerchant(bo, (c) => {
      const query = c.req.query as Record<string, unknown>;
      const notice =
        query['saved'] !== undefined ? c.t.saved : query['reset'] !== undefined ? c.t.passwordReset : undefined;
      return formPage(c, 200, { userId: idOf(c), notice });
    }),
  );

  app.post(
    `${base}/:userId`,
    forMerchant(bo, (c) =>
      submit(
        async () => {
          await updateMerchantUser(deps, c.actor, c.merchant.id, idOf(c), formBody(c.req));
          return c.redirect(`${merchantPath(c.merchant.id, `users/${encodeURIComponent(idOf(c))}`)}?saved`);
        },
        (problems) => formPage(c, 422, { userId: idOf(c), problems }),
      ),
    ),
  );

  app.post(
    `${base}/:userId/password`,
    forMerchant(bo, (c) =>
      submit(
        async () => {
          await resetMerchantUserPassword(deps, c.actor, c.merchant.id, idOf(c), formBody(c.req));
          return c.redirect(`${merchantPath(c.merchant.id, `users/${encodeURIComponent(idOf(c))}`)}?reset`);
        },
        (resetProblems) => formPage(c, 422, { userId: idOf(c), resetProblems }),
      ),
    ),
  );
}
