import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const COOKIE = 'shop_session';

/**
 * Forms protected twice: the session cookie is SameSite=Strict (another site's form does not
 * carry it) and each form holds a token derived from it (HMAC with a secret of this process),
 * checked with the request's Origin. No server state: the token is recomputed from the cookie.
 */
export class CsrfGuard {
  readonly #secret = randomBytes(32);

  /** @param publicUrl the shop's URL: its scheme is that of every origin the shop accepts. */
  constructor(private readonly publicUrl: string) {}

  /** The session id of the request's cookie, if it has a well-formed one. */
  sessionOf(req: IncomingMessage): string | undefined {
    const cookies = req.headers.cookie?.split(';') ?? [];
    for (const c of cookies) {
      const [name, value] = c.trim().split('=');
      if (name === COOKIE && value && /^[\w-]{43}$/.test(value)) return value;
    }
    return undefined;
  }

  /** A new session id and the Set-Cookie header that stores it. */
  newSession(): { session: string; setCookie: string } {
    const session = randomBytes(32).toString('base64url');
    const secure = this.publicUrl.startsWith('https:') ? '; Secure' : '';
    return { session, setCookie: `${COOKIE}=${session}; Path=/; HttpOnly; SameSite=Strict${secure}` };
  }

  tokenFor(session: string): string {
    return createHmac('sha256', this.#secret).update(session).digest('base64url');
  }

  /** Why this POST must be refused, or undefined when it came from one of the shop's own forms. */
  refusal(req: IncomingMessage, formToken: string | null): string | undefined {
    // The page's own origin is the host the browser asked for (localhost or 127.0.0.1 alike).
    const origin = req.headers.origin;
    const own = `${new URL(this.publicUrl).protocol}//${req.headers.host ?? ''}`;
    if (origin !== undefined && origin !== own) return 'the form was sent from another site';
    const session = this.sessionOf(req);
    if (!session) return 'your session has expired (or cookies are off)';
    const expected = Buffer.from(this.tokenFor(session));
    const given = Buffer.from(formToken ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return 'the form is out of date (it was opened in another session)';
    return undefined;
  }
}
