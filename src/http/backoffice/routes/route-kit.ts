import type { FastifyReply, FastifyRequest } from 'fastify';
import { FormRejected } from '../../../backoffice/errors.js';
import {
  merchantContext,
  sessionCookieOf,
  requestContext,
  signedInContext,
  type BackOffice,
  type MerchantContext,
  type RequestContext,
  type SignedInContext,
} from '../context.js';
import type { Problems } from '../views/form-kit.js';

type Route = (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** A path of the back-office a sign-in may send the user back to (never another site). */
export function safeNext(next: unknown): string | undefined {
  return typeof next === 'string' && /^\/admin\/[^\\]*$/.test(next) && !next.startsWith('//') && next.length < 500
    ? next
    : undefined;
}

export const anyone =
  (bo: BackOffice, handler: (c: RequestContext) => Promise<FastifyReply>): Route =>
  (req, reply) =>
    handler(requestContext(bo, req, reply));

/** Only for a signed-in user; anyone else is sent to the sign-in page (and back here after it). */
export const signedIn =
  (bo: BackOffice, handler: (c: SignedInContext) => Promise<FastifyReply>): Route =>
  async (req, reply) => {
    const c = requestContext(bo, req, reply);
    if (!c.open || c.open.session.stage !== 'active') {
      // A cookie naming no session any more: it ended (idle, signed out elsewhere).
      const params = new URLSearchParams();
      if (sessionCookieOf(req)) params.set('m', 'ended');
      if (req.method === 'GET' && req.url !== '/admin/') params.set('next', req.url);
      const query = params.toString();
      return c.redirect(`/admin/sign-in${query ? `?${query}` : ''}`);
    }
    return handler(signedInContext(c, c.open));
  };

/** A page about the merchant of the URL, which must be in the user's scope (policy.merchantInScope). */
export const forMerchant = (bo: BackOffice, handler: (c: MerchantContext) => Promise<FastifyReply>): Route =>
  signedIn(bo, async (c) => {
    const { merchantId } = (c.req.params ?? {}) as { merchantId?: string };
    return handler(await merchantContext(c, merchantId ?? ''));
  });

/** Runs a form's use case: on FormRejected, the form comes back (422) with the problems next to its fields. */
export async function submit(
  run: () => Promise<FastifyReply>,
  again: (problems: Problems) => FastifyReply | Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof FormRejected) return again(err.problems);
    throw err;
  }
}

export const merchantParam = (c: MerchantContext) => c.merchant.id;
