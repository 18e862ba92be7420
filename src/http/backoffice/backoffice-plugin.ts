import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import type { BackOfficeDeps } from '../../backoffice/deps.js';
import { BackOfficeError } from '../../backoffice/errors.js';
import { resumeSession } from '../../backoffice/sessions.js';
import { assetPlugin } from '../views/asset-plugin.js';
import { AssetBundle } from '../views/assets.js';
import { type BackOffice, requestContext, sessionCookieOf, signedInContext } from './context.js';
import { readCookie, SIGN_IN_COOKIE } from './cookies.js';
import { formToken, fromOwnOrigin, sameToken } from './request-guard.js';
import { accountRoutes } from './routes/account-routes.js';
import { accessKeyRoutes } from './routes/access-key-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { authRoutes, SECOND_FACTOR_PATH, SIGN_IN_PATH } from './routes/auth-routes.js';
import { dashboardRoutes } from './routes/dashboard-routes.js';
import { merchantRoutes } from './routes/merchant-routes.js';
import { notificationRoutes } from './routes/notification-routes.js';
import { paymentMethodRoutes } from './routes/payment-method-routes.js';
import { pointOfSaleRoutes } from './routes/point-of-sale-routes.js';
import { transactionDetailRoutes } from './routes/transaction-detail-routes.js';
import { transactionRoutes } from './routes/transaction-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { webhookSecretRoutes } from './routes/webhook-secret-routes.js';
import { MessagePage } from './views/message-page.js';

export interface BackOfficePluginOptions {
  deps: BackOfficeDeps;
  publicUrl: string;
}

/** The hosted page's policy: nothing but the gateway's own files, no inline script or style, no framing. */
const CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function securityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CSP);
  reply.header('x-content-type-options', 'nosniff');
  // Not no-referrer: with it, browsers send `Origin: null` on form posts, and the origin check needs it.
  // same-origin still gives other sites nothing.
  reply.header('referrer-policy', 'same-origin');
  reply.header('cache-control', 'no-store');
  reply.header('x-frame-options', 'DENY');
}

/** Methods that change nothing (no route of the back-office changes anything on them). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The token a state change must carry: the sign-in form's cookie before anyone signed in, the
 * session's own synchronizer token after.
 */
function expectedToken(req: FastifyRequest): string | undefined {
  const path = req.url.split('?')[0];
  if (path === SIGN_IN_PATH) return readCookie(req, SIGN_IN_COOKIE);
  const session = req.backOfficeSession?.session;
  if (!session) return undefined;
  const stageFits = path === SECOND_FACTOR_PATH ? session.stage === 'second-factor' : session.stage === 'active';
  return stageFits ? session.csrfToken : undefined;
}

/**
 * The back-office at /admin/: server-rendered pages over the use cases of src/backoffice, on
 * every gateway process (sessions are in the database). Every state change (any method but
 * GET, HEAD, OPTIONS) is checked for its origin and its synchronizer token before any route
 * sees it; each route then asks its use case, which applies the profile's rules
 * (src/backoffice/policy.ts).
 */
export async function backOfficePlugin(app: FastifyInstance, { deps, publicUrl }: BackOfficePluginOptions) {
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  const bundle = await AssetBundle.load('admin', '/assets/admin');
  await app.register(assetPlugin, { bundle });
  const bo: BackOffice = {
    deps,
    assets: { stylesheet: bundle.url('admin.css'), script: bundle.url('admin.js') },
    secure: publicUrl.startsWith('https:'),
    publicOrigin: new URL(publicUrl).origin,
  };

  const refuse = (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    kind: 'csrf' | 'forbidden' | 'notFound' | 'error',
  ) => {
    const c = requestContext(bo, req, reply);
    const open = req.backOfficeSession;
    const chrome = open?.session.stage === 'active' ? signedInContext(c, open).chrome : c.chrome;
    const titles = {
      csrf: c.t.csrfTitle,
      forbidden: c.t.forbiddenTitle,
      notFound: c.t.notFoundTitle,
      error: c.t.errorTitle,
    };
    const messages = { csrf: c.t.csrf, forbidden: c.t.forbidden, notFound: c.t.notFound, error: c.t.error };
    return c.page(
      h(MessagePage, { chrome, title: titles[kind], message: messages[kind], testId: `error-${kind}` }),
      status,
    );
  };

  await app.register(
    async (admin) => {
      admin.addHook('onRequest', async (_req, reply) => securityHeaders(reply));
      admin.addHook('preHandler', async (req, reply) => {
        req.backOfficeSession = await resumeSession(deps, sessionCookieOf(req));
        // Every method but the safe ones, not only POST: a PUT or DELETE route added later is covered too.
        if (SAFE_METHODS.has(req.method)) return;
        // A form of a session that is over changes nothing: the user is sent to sign in again.
        const path = req.url.split('?')[0];
        if (!req.backOfficeSession && path !== SIGN_IN_PATH) {
          const why = path === '/admin/sign-out' ? 'signed-out' : path === SECOND_FACTOR_PATH ? 'again' : 'ended';
          return reply.redirect(`${SIGN_IN_PATH}?m=${why}`, 303);
        }
        if (!fromOwnOrigin(req, bo.publicOrigin) || !sameToken(formToken(req), expectedToken(req))) {
          req.log.warn({ url: req.url }, 'back-office form refused: origin or anti-forgery token');
          return refuse(req, reply, 403, 'csrf');
        }
      });
      admin.setErrorHandler((err: FastifyError, req, reply) => {
        if (err instanceof BackOfficeError)
          return refuse(
            req,
            reply,
            err.kind === 'forbidden' ? 403 : 404,
            err.kind === 'forbidden' ? 'forbidden' : 'notFound',
          );
        const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
        if (status === 500) req.log.error({ err }, 'back-office request failed');
        return refuse(req, reply, status, 'error');
      });
      admin.setNotFoundHandler((req, reply) => {
        securityHeaders(reply);
        return refuse(req, reply, 404, 'notFound');
      });
      for (const routes of [
        authRoutes,
        accountRoutes,
        merchantRoutes,
        dashboardRoutes,
        accessKeyRoutes,
        pointOfSaleRoutes,
        paymentMethodRoutes,
        userRoutes,
        auditRoutes,
        transactionRoutes,
        notificationRoutes,
        webhookSecretRoutes,
        transactionDetailRoutes,
      ])
        await routes(admin, bo);
    },
    { prefix: '/admin' },
  );
}
