import { FlattenedSign } from 'jose';
import { p1363ToDer } from './der-signature.js';
import { newJti } from './ids.js';
import type { SimulatorQuirks } from './quirks.js';
import type { SigningKey } from './signing-keys.js';

/** The five private claims every callback header carries and lists in `crit` (doc §4.3). */
export const PAYCONIQ_CLAIMS = [
  'https://payconiq.com/iat',
  'https://payconiq.com/jti',
  'https://payconiq.com/path',
  'https://payconiq.com/iss',
  'https://payconiq.com/sub',
] as const;

const CRIT_OPTION = Object.fromEntries(PAYCONIQ_CLAIMS.map((c) => [c, true]));

export interface CallbackSignatureInput {
  /** The exact bytes that will be POSTed. */
  body: Uint8Array;
  key: SigningKey;
  /** Full callback URL the payment was created with: the `path` claim. */
  url: string;
  ppid: string;
  now: Date;
  quirks: Pick<SimulatorQuirks, 'lowercaseIss' | 'iatPrecision' | 'derSignature' | 'typLowercase'>;
}

/**
 * The `signature` header: a detached JWS `b64url(header)..b64url(sig)` over
 * `b64url(header).b64url(body)`. Header members keep the real sample's order.
 */
export async function signCallback(input: CallbackSignatureInput): Promise<string> {
  const { quirks } = input;
  const header = {
    typ: quirks.typLowercase ? 'jose+json' : 'JOSE+JSON',
    kid: input.key.kid,
    alg: 'ES256',
    'https://payconiq.com/iat': isoWithPrecision(input.now, quirks.iatPrecision),
    'https://payconiq.com/jti': newJti(),
    'https://payconiq.com/path': input.url,
    'https://payconiq.com/iss': quirks.lowercaseIss ? 'payconiq' : 'Payconiq',
    'https://payconiq.com/sub': input.ppid,
    crit: [...PAYCONIQ_CLAIMS],
  };
  const jws = await new FlattenedSign(input.body)
    .setProtectedHeader(header)
    .sign(input.key.privateKey, { crit: CRIT_OPTION });
  const signature = quirks.derSignature
    ? p1363ToDer(Buffer.from(jws.signature, 'base64url')).toString('base64url')
    : jws.signature;
  return `${jws.protected}..${signature}`;
}

/**
 * ISO-8601 UTC with 3, 6 or 9 fraction digits. The extra µs/ns digits come from the
 * high-resolution timer: only their count matters to a parser.
 */
export function isoWithPrecision(now: Date, precision: 'ms' | 'us' | 'ns'): string {
  const iso = now.toISOString();
  if (precision === 'ms') return iso;
  const extra = String(process.hrtime.bigint() % 1_000_000n)
    .padStart(6, '0')
    .slice(0, precision === 'us' ? 3 : 6);
  return `${iso.slice(0, -1)}${extra}Z`;
}
