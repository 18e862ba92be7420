import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import {
  changePassword,
  confirmTotpEnrolment,
  disableTotp,
  pendingTotpEnrolment,
  recoveryCodesLeft,
  signOutEverywhere,
  startTotpEnrolment,
} from '../../../backoffice/my-account.js';
import { formBody, type BackOffice, type SignedInContext } from '../context.js';
import { clearCookie, SESSION_COOKIE } from '../cookies.js';
import { AccountPage, RecoveryCodesPage, TotpEnrolPage } from '../views/account-pages.js';
import type { Problems } from '../views/form-kit.js';
import { signedIn, submit } from './route-kit.js';
import { SIGN_IN_PATH } from './auth-routes.js';

/** My account: password, second factor, sign out everywhere. Every user, about themselves only. */
export async function accountRoutes(app: FastifyInstance, bo: BackOffice) {
  const { deps } = bo;
  const accountPage = async (
    c: SignedInContext,
    status = 200,
    extra: { passwordProblems?: Problems; disableProblems?: Problems } = {},
  ) => {
    const notices: Record<string, string> = { password: c.t.passwordChanged, saved: c.t.saved };
    const notice = notices[String((c.req.query as Record<string, unknown>)['done'] ?? '')];
    const left = await recoveryCodesLeft(deps, c.actor);
    return c.page(
      h(AccountPage, { chrome: c.chrome, csrf: c.csrf, user: c.actor.user, recoveryCodesLeft: left, notice, ...extra }),
      status,
    );
  };

  app.get(
    '/account',
    signedIn(bo, (c) => accountPage(c)),
  );

  app.post(
    '/account/password',
    signedIn(bo, (c) =>
      submit(
        async () => {
          await changePassword(deps, c.actor, c.open.session.idHash, formBody(c.req));
          return c.redirect('/admin/account?done=password');
        },
        (problems) => accountPage(c, 422, { passwordProblems: problems }),
      ),
    ),
  );

  app.post(
    '/account/totp/start',
    signedIn(bo, async (c) => {
      await startTotpEnrolment(deps, c.actor);
      return c.redirect('/admin/account/totp');
    }),
  );

  const enrolPage = async (c: SignedInContext, status = 200, problems?: Problems) => {
    const enrolment = await pendingTotpEnrolment(deps, c.actor);
    if (!enrolment) return c.redirect('/admin/account');
    return c.page(h(TotpEnrolPage, { chrome: c.chrome, csrf: c.csrf, enrolment, problems }), status);
  };

  app.get(
    '/account/totp',
    signedIn(bo, (c) => enrolPage(c)),
  );

  /** The recovery codes are in this answer only: they are not kept anywhere to show again. */
  app.post(
    '/account/totp/confirm',
    signedIn(bo, (c) =>
      submit(
        async () => {
          const codes = await confirmTotpEnrolment(deps, c.actor, formBody(c.req));
          return c.page(h(RecoveryCodesPage, { chrome: c.chrome, codes }));
        },
        (problems) => enrolPage(c, 422, problems),
      ),
    ),
  );

  app.post(
    '/account/totp/disable',
    signedIn(bo, (c) =>
      submit(
        async () => {
          await disableTotp(deps, c.actor, formBody(c.req));
          return c.redirect('/admin/account?done=saved');
        },
        (problems) => accountPage(c, 422, { disableProblems: problems }),
      ),
    ),
  );

  app.post(
    '/account/sign-out-everywhere',
    signedIn(bo, async (c) => {
      await signOutEverywhere(deps, c.actor);
      clearCookie(c.reply, SESSION_COOKIE, bo.secure);
      return c.redirect(`${SIGN_IN_PATH}?m=signed-out`);
    }),
  );
}
