/**
 * The protected-header rules of a Payconiq callback (payconiq-api.md §4.3, §4.5 steps 3-5).
 *
 * These bind a signature to one merchant profile (`sub` = PPID) and one callback URL (`path`).
 * Without them a callback validly signed for another merchant could be replayed to settle a
 * victim's payment (the hole fixed in Odoo PR #279417). Payconiq's format has drifted before
 * (iss case, iat precision, typ case), so every comparison is exactly as lenient as the drift
 * seen in the field and no more.
 */
import { CallbackRejected } from '../partner-port.js';
import { parseIsoInstant } from './iso-instant.js';

export const CLAIM = {
  iat: 'https://payconiq.com/iat',
  jti: 'https://payconiq.com/jti',
  path: 'https://payconiq.com/path',
  iss: 'https://payconiq.com/iss',
  sub: 'https://payconiq.com/sub',
} as const;

const REQUIRED_CRIT: readonly string[] = Object.values(CLAIM);

/**
 * Callbacks are retried for 24 h with byte-identical headers, so an old `iat` is legitimate and
 * we set no maximum age (replays are stopped by `jti` de-duplication upstream). Only an `iat`
 * clearly in the future betrays a forged or broken header.
 */
export const MAX_IAT_SKEW_MS = 60_000;

export type CallbackAlg = 'ES256' | 'RS256';

export interface CallbackClaims {
  alg: CallbackAlg;
  kid: string;
  jti: string;
  iat: Date;
}

export interface ExpectedCallback {
  ppid: string;
  callbackUrl: string;
  now: Date;
}

export function checkCallbackHeader(header: Record<string, unknown>, expected: ExpectedCallback): CallbackClaims {
  const alg = header['alg'];
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none')
    throw new CallbackRejected('unsigned JWS (alg none) is not accepted');
  // RS256 is accepted here only provisionally: the key lookup requires an RSA key for it.
  if (alg !== 'ES256' && alg !== 'RS256') throw new CallbackRejected(`unsupported alg ${JSON.stringify(alg)}`);

  const typ = header['typ'];
  if (typeof typ !== 'string' || typ.toLowerCase() !== 'jose+json')
    throw new CallbackRejected(`unexpected typ ${JSON.stringify(typ)}`);

  const kid = header['kid'];
  if (typeof kid !== 'string' || kid === '') throw new CallbackRejected('missing kid');

  checkCrit(header['crit']);
  // b64:false would change the signing input (RFC 7797); it is not part of Payconiq's format.
  if ('b64' in header) throw new CallbackRejected('unexpected b64 header parameter');

  const claim = (name: keyof typeof CLAIM): string => {
    const value = header[CLAIM[name]];
    if (typeof value !== 'string' || value === '') throw new CallbackRejected(`missing claim ${CLAIM[name]}`);
    return value;
  };

  // Bancontact sent "payconiq" for a while in 2026 and broke exact-match verifiers.
  if (claim('iss').toLowerCase() !== 'payconiq') throw new CallbackRejected('iss is not Payconiq');
  if (claim('sub') !== expected.ppid) throw new CallbackRejected("sub is not this contract's payment profile id");
  if (normaliseCallbackUrl(claim('path')) !== normaliseCallbackUrl(expected.callbackUrl)) {
    throw new CallbackRejected('path is not the callback URL this payment was created with');
  }
  const iat = parseIsoInstant(claim('iat'));
  if (!iat) throw new CallbackRejected('iat is not an ISO-8601 instant');
  if (iat.getTime() - expected.now.getTime() > MAX_IAT_SKEW_MS) throw new CallbackRejected('iat is in the future');
  const jti = claim('jti');
  if (jti.length > 256) throw new CallbackRejected('jti too long');

  return { alg, kid, jti, iat };
}

/** JWS `crit` (RFC 7515 §4.1.11): must list exactly Payconiq's five claims, each once. */
function checkCrit(crit: unknown): void {
  if (!Array.isArray(crit) || crit.length === 0) throw new CallbackRejected('missing crit');
  const seen = new Set<string>();
  for (const entry of crit) {
    if (typeof entry !== 'string' || !REQUIRED_CRIT.includes(entry))
      throw new CallbackRejected(`unknown crit entry ${JSON.stringify(entry)}`);
    if (seen.has(entry)) throw new CallbackRejected(`duplicate crit entry ${entry}`);
    seen.add(entry);
  }
  const missing = REQUIRED_CRIT.filter((c) => !seen.has(c));
  if (missing.length > 0) throw new CallbackRejected(`crit lacks ${missing.join(', ')}`);
}

/**
 * The callback URL as compared with `path`: scheme ignored (http and https are the same
 * endpoint behind a TLS-offloading proxy), default ports and a trailing slash dropped, host
 * lower-cased, query string kept (it may carry routing parameters), fragment dropped.
 */
export function normaliseCallbackUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return value.trim();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return url.href;
  const port = url.port === '' || url.port === '80' || url.port === '443' ? '' : `:${url.port}`;
  return `//${url.hostname}${port}${url.pathname.replace(/\/+$/, '')}${url.search}`;
}
