import { createRemoteJWKSet, flattenedVerify, errors as joseErrors } from 'jose';
import { PAYCONIQ_CLAIMS } from './callback-signature.js';
import { SimulatorError } from './errors.js';
import type { SimClock } from './clock.js';
import type { SimulatorProfile } from './profile.js';
import type { SimulatorStore } from './simulator-store.js';

/**
 * The Refund API's check of the merchant's `Signature` header (payconiq-api.md §4.7, §5.2): a
 * detached ES256 JWS over the exact body, with the five critical Payconiq claims, verified with
 * the key the merchant published at the JWKS URL it registered at onboarding. Anything wrong is
 * 401 UNAUTHORIZED ("invalid JWS"); a JWKS the simulator cannot fetch is its own technical error
 * (500), which a merchant retries. Profiles without a registered JWKS URL are not checked.
 *
 * A signature is good for one request: an `iat` more than a minute ahead of the simulator clock is
 * refused, and so is a `jti` the profile already used (the Idempotency-Key is not signed, so a
 * replayed signature with a fresh key would otherwise refund twice). No maximum age is enforced:
 * a homologation user may move the simulator clock forward, and the merchant's clock with it
 * would not follow; the store keeps the last MAX_REMEMBERED_JTIS request ids instead (shared by
 * every process of the simulator, so a copy sent to another process is refused too).
 */

/** The same five claims as the partner's own callback signatures. */
const CRITICAL: readonly string[] = PAYCONIQ_CLAIMS;
const CRIT_OPTION = Object.fromEntries(CRITICAL.map((c) => [c, true]));
const [IAT, JTI, PATH, ISS, SUB] = PAYCONIQ_CLAIMS;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_HEADER_CHARS = 16_384;
const MAX_CLOCK_SKEW_MS = 60_000;
export const MAX_REMEMBERED_JTIS = 100_000;

export interface SignedRequest {
  signature: string | undefined;
  /** The URL the request reached, as the merchant addressed it (scheme, host, path, query). */
  url: string;
  /** The exact body text received. */
  body: string;
}

export class MerchantSignatureChecker {
  private readonly keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  constructor(
    private readonly clock: SimClock,
    private readonly store: Pick<SimulatorStore, 'takeJti' | 'releaseJti'>,
  ) {}

  async check(profile: SimulatorProfile, req: SignedRequest): Promise<void> {
    if (!profile.merchantJwksUrl) return;
    const [encodedHeader, payload, signature] = detachedParts(req.signature);
    if (payload !== '') throw invalid('the payload part must be empty (detached)');
    const header = readHeader(encodedHeader);
    checkClaims(header, profile, req.url, this.clock.now());
    const jti = header[JTI] as string;
    // Taken before the (asynchronous) verification so that two copies sent at once cannot both pass.
    if (!(await this.store.takeJti(profile.ppid, jti)))
      throw invalid(`${JTI} already used: a signature is good for one request`);
    try {
      await flattenedVerify(
        { protected: encodedHeader, payload: Buffer.from(req.body, 'utf8').toString('base64url'), signature },
        this.keySet(profile.merchantJwksUrl),
        { algorithms: ['ES256'], crit: CRIT_OPTION },
      );
    } catch (err) {
      await this.store.releaseJti(profile.ppid, jti);
      if (err instanceof joseErrors.JWKSNoMatchingKey)
        throw invalid(`no key ${JSON.stringify(header['kid'])} in the merchant JWKS`);
      if (
        err instanceof joseErrors.JWSSignatureVerificationFailed ||
        err instanceof joseErrors.JWSInvalid ||
        err instanceof joseErrors.JOSEAlgNotAllowed ||
        err instanceof joseErrors.JWKSMultipleMatchingKeys
      ) {
        throw invalid('the signature does not verify');
      }
      // The JWKS could not be fetched or read: the partner's own failure, which the merchant retries.
      throw new SimulatorError(500, 'TECHNICAL_ERROR', 'Could not read the merchant JWKS', 'refund');
    }
  }

  /** jose caches the set and refetches it (at most every 30 s) when a kid is unknown. */
  private keySet(url: string): ReturnType<typeof createRemoteJWKSet> {
    let set = this.keySets.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000 });
      this.keySets.set(url, set);
    }
    return set;
  }
}

function invalid(reason: string): SimulatorError {
  return new SimulatorError(401, 'UNAUTHORIZED', `Invalid JWS signature: ${reason}`, 'refund');
}

function detachedParts(value: string | undefined): [string, string, string] {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') throw invalid('missing Signature header');
  if (trimmed.length > MAX_HEADER_CHARS) throw invalid('Signature header too long');
  const parts = trimmed.split('.');
  if (parts.length !== 3) throw invalid('expected 3 dot-separated parts');
  const [encodedHeader = '', payload = '', signature = ''] = parts;
  if (!BASE64URL.test(encodedHeader) || !BASE64URL.test(signature)) throw invalid('parts are not base64url');
  return [encodedHeader, payload, signature];
}

function readHeader(encodedHeader: string): Record<string, unknown> {
  try {
    const header: unknown = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8'));
    if (typeof header === 'object' && header !== null && !Array.isArray(header))
      return header as Record<string, unknown>;
  } catch {
    // falls through to the refusal
  }
  throw invalid('unreadable protected header');
}

function checkClaims(header: Record<string, unknown>, profile: SimulatorProfile, url: string, now: Date): void {
  if (header['alg'] !== 'ES256') throw invalid(`alg must be ES256, got ${JSON.stringify(header['alg'])}`);
  const crit = header['crit'];
  if (!Array.isArray(crit) || crit.length !== CRITICAL.length || !CRITICAL.every((c) => crit.includes(c)))
    throw invalid('crit must list the five Payconiq claims');
  for (const claim of CRITICAL) {
    if (typeof header[claim] !== 'string' || header[claim] === '') throw invalid(`missing ${claim}`);
  }
  const issuedAt = Date.parse(header[IAT] as string);
  if (Number.isNaN(issuedAt)) throw invalid(`${IAT} is not a date`);
  if (issuedAt - now.getTime() > MAX_CLOCK_SKEW_MS) throw invalid(`${IAT} is in the future`);
  if (header[SUB] !== profile.ppid) throw invalid(`${SUB} is not this payment profile`);
  const iss = (header[ISS] as string).toLowerCase();
  if (iss !== profile.merchantId.toLowerCase() && iss !== 'payconiq')
    throw invalid(`${ISS} is neither the merchant id nor Payconiq`);
  if (normalisedUrl(header[PATH] as string) !== normalisedUrl(url)) throw invalid(`${PATH} is not the URL called`);
}

/** http/https and a trailing slash are not told apart (a TLS-terminating proxy may sit in front). */
function normalisedUrl(value: string): string {
  try {
    const u = new URL(value);
    return `${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}${u.search}`;
  } catch {
    return `invalid:${value}`;
  }
}
