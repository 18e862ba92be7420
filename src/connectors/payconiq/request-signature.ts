/**
 * The merchant's signature of a request to Payconiq (payconiq-api.md §4.7): the Refund API
 * requires a detached ES256 JWS in the `Signature` header, shaped like the partner's own callback
 * signatures (five critical claims), made with the merchant's key whose JWKS the partner fetches.
 * Claims as live integrations send them: `iss` = the partner merchant id, `sub` = the payment
 * profile id, `path` = the full request URL.
 */
import { randomBytes, sign, type KeyObject } from 'node:crypto';
import { signingInput } from './detached-jws.js';

export interface RequestSigningKey {
  kid: string;
  /** EC P-256 private key. */
  privateKey: KeyObject;
}

export const REQUEST_SIGNATURE_CLAIMS = [
  'https://payconiq.com/iat',
  'https://payconiq.com/jti',
  'https://payconiq.com/path',
  'https://payconiq.com/iss',
  'https://payconiq.com/sub',
] as const;

export interface SignedTarget {
  url: string;
  /** The exact body text sent. */
  body: string;
  iss: string;
  sub: string;
  now: Date;
}

/** `BASE64URL(header) + ".." + BASE64URL(r‖s)` over `BASE64URL(header) + "." + BASE64URL(body)`. */
export function signPartnerRequest(key: RequestSigningKey, target: SignedTarget): string {
  const header = {
    typ: 'jose+json',
    kid: key.kid,
    alg: 'ES256',
    'https://payconiq.com/iat': target.now.toISOString(),
    'https://payconiq.com/jti': randomBytes(8).toString('hex'),
    'https://payconiq.com/path': target.url,
    'https://payconiq.com/iss': target.iss,
    'https://payconiq.com/sub': target.sub,
    crit: [...REQUEST_SIGNATURE_CLAIMS],
  };
  const encodedHeader = Buffer.from(JSON.stringify(header), 'utf8').toString('base64url');
  const signature = sign('sha256', signingInput(encodedHeader, Buffer.from(target.body, 'utf8')), {
    key: key.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${encodedHeader}..${signature.toString('base64url')}`;
}
