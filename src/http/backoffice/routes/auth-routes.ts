import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { completeSecondFactor, signIn } from '../../../backoffice/sign-in.js';
import { endSession } from '../../../backoffice/sessions.js';
import { isOperator } from '../../../backoffice/policy.js';
import { formBody, sessionCookieOf, type BackOffice, type RequestContext } from '../context.js';
import { clearCookie, LANGUAGE_COOKIE, readCookie, SESSION_COOKIE, setCookie, SIGN_IN_COOKIE } from '../cookies.js';
import { formatDateTime } from '../i18n.js';
import { merchantPath } from '../nav.js';
import { SecondFactorPage, SignInPage } from '../views/sign-in-pages.js';
import { anyone, safeNext, signedIn } from './route-kit.js';

export const SIGN_IN_PATH = '/admin/sign-in';
export const SECOND_FACTOR_PATH = '/admin/sign-in/code';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export async function authRoutes(app: FastifyInstance, bo: BackOffice) {
  const { deps } = bo;
  const setSession = (c: RequestContext, id: string) => setCookie(c.reply, SESSION_COOKIE, id, { secure: bo.secure });

  /** The sign-in form, with its anti-forgery cookie (kept if the browser has one). */
  function signInForm(
    c: RequestContext,
    status: number,
    extra: { email?: string; message?: { kind: 'info' | 'error'; text: string } },
  ) {
    const csrf = readCookie(c.req, SIGN_IN_COOKIE) ?? deps.boIds.csrfToken();
    setCookie(c.reply, SIGN_IN_COOKIE, csrf, { secure: bo.secure, maxAge: 3600 });
    const next = safeNext((c.req.query as Record<string, unknown>)['next']);
    return c.page(h(SignInPage, { chrome: c.chrome, csrf, next, ...extra }), status);
  }

  app.get(
    '/',
    signedIn(bo, async (c) =>
      c.redirect(isOperator(c.actor.user) ? '/admin/merchants' : merchantPath(c.actor.user.merchantId!)),
    ),
  );

  app.get(
    '/sign-in',
    anyone(bo, async (c) => {
      const m = text((c.req.query as Record<string, unknown>)['m']);
      const messages: Record<string, string> = {
        'signed-out': c.t.signedOut,
        ended: c.t.sessionEnded,
        again: c.t.startAgain,
      };
      return signInForm(c, 200, { message: messages[m] ? { kind: 'info', text: messages[m] } : undefined });
    }),
  );

  app.post(
    '/sign-in',
    anyone(bo, async (c) => {
      const body = formBody(c.req);
      const email = text(body['email']);
      const outcome = await signIn(deps, {
        email,
        password: text(body['password']),
        address: c.req.ip,
        previousSessionId: sessionCookieOf(c.req),
      });
      if (outcome.kind === 'refused')
        return signInForm(c, 401, { email, message: { kind: 'error', text: c.t.refused } });
      if (outcome.kind === 'locked')
        return signInForm(c, 429, {
          email,
          message: { kind: 'error', text: c.t.locked(formatDateTime(c.lang, outcome.until)) },
        });
      clearCookie(c.reply, SIGN_IN_COOKIE, bo.secure);
      setSession(c, outcome.sessionId);
      if (outcome.kind === 'second-factor') return c.redirect(SECOND_FACTOR_PATH);
      return c.redirect(safeNext((c.req.query as Record<string, unknown>)['next']) ?? '/admin/');
    }),
  );

  app.get(
    '/sign-in/code',
    anyone(bo, async (c) => {
      if (c.open?.session.stage !== 'second-factor') return c.redirect(SIGN_IN_PATH);
      return c.page(h(SecondFactorPage, { chrome: c.chrome, csrf: c.open.session.csrfToken }));
    }),
  );

  app.post(
    '/sign-in/code',
    anyone(bo, async (c) => {
      const outcome = await completeSecondFactor(deps, {
        sessionId: sessionCookieOf(c.req) ?? '',
        code: text(formBody(c.req)['code']),
        address: c.req.ip,
      });
      if (outcome.kind === 'signed-in') {
        setSession(c, outcome.sessionId);
        return c.redirect('/admin/');
      }
      if (outcome.kind === 'wrong-code')
        return c.page(h(SecondFactorPage, { chrome: c.chrome, csrf: c.open!.session.csrfToken, wrong: true }), 401);
      clearCookie(c.reply, SESSION_COOKIE, bo.secure);
      if (outcome.kind === 'locked')
        return signInForm(c, 429, {
          message: { kind: 'error', text: c.t.locked(formatDateTime(c.lang, outcome.until)) },
        });
      return c.redirect(`${SIGN_IN_PATH}?m=again`);
    }),
  );

  app.post(
    '/sign-out',
    anyone(bo, async (c) => {
      await endSession(deps, sessionCookieOf(c.req));
      clearCookie(c.reply, SESSION_COOKIE, bo.secure);
      return c.redirect(`${SIGN_IN_PATH}?m=signed-out`);
    }),
  );

  /** A preference, not a change of anything stored: a plain link sets it. */
  app.get<{ Params: { lang: string }; Querystring: { next?: string } }>(
    '/language/:lang',
    anyone(bo, async (c) => {
      const { lang } = c.req.params as { lang: string };
      if (lang === 'fr' || lang === 'en')
        setCookie(c.reply, LANGUAGE_COOKIE, lang, { secure: bo.secure, maxAge: 365 * 86400 });
      return c.redirect(safeNext((c.req.query as Record<string, unknown>)['next']) ?? '/admin/');
    }),
  );
}
