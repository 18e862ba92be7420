import type { FastifyReply, FastifyRequest } from 'fastify';

/** The back-office's cookies: all under /admin, HttpOnly, SameSite=Lax, Secure when the public URL is https. */
export const SESSION_COOKIE = 'passerelle_admin';
/** The sign-in form's anti-forgery value (double submit: cookie and hidden field must match). */
export const SIGN_IN_COOKIE = 'passerelle_sign_in';
export const LANGUAGE_COOKIE = 'passerelle_lang';
export const COOKIE_PATH = '/admin';

/** Values the back-office sets are base64url or a language code: nothing else is read. */
const VALUE = /^[A-Za-z0-9_-]{1,100}$/;

export function readCookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return VALUE.test(value) ? value : undefined;
  }
  return undefined;
}

export interface CookieOptions {
  secure: boolean;
  /** Seconds; undefined = a session cookie (gone when the browser closes). 0 deletes it. */
  maxAge?: number | undefined;
}

/** Adds a Set-Cookie header (several may be set on one reply). */
export function setCookie(reply: FastifyReply, name: string, value: string, opts: CookieOptions): void {
  const attributes = [`${name}=${value}`, `Path=${COOKIE_PATH}`, 'HttpOnly', 'SameSite=Lax'];
  if (opts.secure) attributes.push('Secure');
  if (opts.maxAge !== undefined) attributes.push(`Max-Age=${opts.maxAge}`);
  const previous = reply.getHeader('set-cookie');
  const all = previous === undefined ? [] : Array.isArray(previous) ? previous.map(String) : [String(previous)];
  reply.header('set-cookie', [...all.filter((c) => !c.startsWith(`${name}=`)), attributes.join('; ')]);
}

export const clearCookie = (reply: FastifyReply, name: string, secure: boolean) =>
  setCookie(reply, name, '', { secure, maxAge: 0 });
