import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time equality of two tokens of any length. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * The first line of defence against cross-site forms: a state change must come from a page of
 * this gateway's public origin, as the browser's Origin header (or, lacking it, the Referer)
 * says. A request naming neither is refused: browsers send Origin with every form POST.
 */
export function fromOwnOrigin(req: FastifyRequest, publicOrigin: string): boolean {
  const origin = req.headers.origin;
  if (typeof origin === 'string') return origin === publicOrigin;
  const referer = req.headers.referer;
  if (typeof referer !== 'string' || !URL.canParse(referer)) return false;
  return new URL(referer).origin === publicOrigin;
}

/** The synchronizer token a form carries in its hidden `_csrf` field. */
export function formToken(req: FastifyRequest): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.['_csrf'];
  return typeof value === 'string' ? value : undefined;
}
