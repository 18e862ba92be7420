import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JSX } from 'preact';
import type { Actor } from '../../backoffice/actor.js';
import type { BackOfficeDeps } from '../../backoffice/deps.js';
import { merchantOf } from '../../backoffice/merchant-accounts.js';
import type { OpenSession } from '../../backoffice/sessions.js';
import type { Merchant } from '../../domain/merchant.js';
import { renderPage } from '../views/render.js';
import { LANGUAGE_COOKIE, readCookie, SESSION_COOKIE } from './cookies.js';
import { boTexts, pickBoLanguage, type BoLanguage, type BoTexts } from './i18n.js';
import { navLinks } from './nav.js';
import type { AdminAssets, Chrome } from './views/layout.js';

/** What the plugin knows of the back-office for every route. */
export interface BackOffice {
  deps: BackOfficeDeps;
  assets: AdminAssets;
  /** Cookies get `Secure` when the public URL is https. */
  secure: boolean;
  publicOrigin: string;
}

/** One request, before anyone is known. */
export interface RequestContext {
  bo: BackOffice;
  req: FastifyRequest;
  reply: FastifyReply;
  lang: BoLanguage;
  t: BoTexts;
  /** The session the cookie names (any stage), already checked for expiry. */
  open: OpenSession | undefined;
  chrome: Chrome;
  /** Sends a page as HTML. */
  page(page: JSX.Element, status?: number): FastifyReply;
  /** Redirect-after-post (303), or a plain redirect of a GET. */
  redirect(to: string): FastifyReply;
}

/** A request of a signed-in user (an active session). */
export interface SignedInContext extends RequestContext {
  open: OpenSession;
  actor: Actor;
  csrf: string;
}

/** A request about one merchant, in the user's scope. */
export interface MerchantContext extends SignedInContext {
  merchant: Merchant;
}

/** The session the request carries, as the plugin resolved it in its preHandler. */
declare module 'fastify' {
  interface FastifyRequest {
    backOfficeSession?: OpenSession | undefined;
  }
}

export const sessionCookieOf = (req: FastifyRequest) => readCookie(req, SESSION_COOKIE);

export function requestContext(bo: BackOffice, req: FastifyRequest, reply: FastifyReply): RequestContext {
  const lang = pickBoLanguage(readCookie(req, LANGUAGE_COOKIE), req.headers['accept-language']);
  const t = boTexts(lang);
  return {
    bo,
    req,
    reply,
    lang,
    t,
    open: req.backOfficeSession,
    chrome: { lang, t, assets: bo.assets, path: req.url },
    page: (page, status = 200) => reply.code(status).type('text/html; charset=utf-8').send(renderPage(page)),
    redirect: (to) => reply.redirect(to, req.method === 'GET' ? 302 : 303),
  };
}

/** The signed-in view of a request: its chrome gets the user, the navigation and the merchant in view. */
export function signedInContext(c: RequestContext, open: OpenSession, merchant?: Merchant): SignedInContext {
  const actor: Actor = { user: open.user, address: c.req.ip };
  const merchantId = merchant?.id ?? open.user.merchantId;
  return {
    ...c,
    open,
    actor,
    csrf: open.session.csrfToken,
    chrome: {
      ...c.chrome,
      user: open.user,
      csrf: open.session.csrfToken,
      nav: navLinks(open.user, c.t, merchantId),
      merchant: merchant ? { id: merchant.id, tradeName: merchant.tradeName } : undefined,
    },
  };
}

export async function merchantContext(c: SignedInContext, named: string): Promise<MerchantContext> {
  const merchant = await merchantOf(c.bo.deps, c.actor, named);
  return { ...signedInContext(c, c.open, merchant), merchant };
}

/** The form body as sent (formbody gives strings, or arrays of strings for repeated fields). */
export const formBody = (req: FastifyRequest): Record<string, unknown> =>
  req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
