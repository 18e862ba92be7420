/**
 * Checks a callback signature with node:crypto (no hand-rolled ECDSA).
 *
 * ES256 signatures are 64-byte r‖s (IEEE P1363) per RFC 7518, which is what Payconiq's samples
 * carry. During the 2025 host migration a client library had to start accepting DER-encoded
 * ones too (payconiq-api.md §4.3), so anything that is not 64 bytes is tried as DER.
 */
import { createPublicKey, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { CallbackRejected } from '../partner-port.js';
import type { CallbackAlg } from './callback-claims.js';
import type { Jwk } from './jwks-cache.js';

const P1363_ES256_LENGTH = 64;
const MIN_RSA_BITS = 2048;

/** True when `signature` over `input` verifies with `jwk`; throws CallbackRejected when the key cannot serve `alg`. */
export function verifySignature(alg: CallbackAlg, jwk: Jwk, input: Buffer, signature: Buffer): boolean {
  const key = publicKeyFor(alg, jwk);
  try {
    if (alg === 'RS256') return verify('sha256', input, key, signature);
    const dsaEncoding = signature.length === P1363_ES256_LENGTH ? 'ieee-p1363' : 'der';
    return verify('sha256', input, { key, dsaEncoding }, signature);
  } catch {
    return false; // malformed DER
  }
}

function publicKeyFor(alg: CallbackAlg, jwk: Jwk): KeyObject {
  if (typeof jwk['alg'] === 'string' && jwk['alg'] !== alg)
    throw new CallbackRejected(`key ${jwk.kid} is for ${jwk['alg']}, not ${alg}`);
  if (typeof jwk['use'] === 'string' && jwk['use'] !== 'sig')
    throw new CallbackRejected(`key ${jwk.kid} is not a signing key`);
  const key = importKey(jwk);
  if (alg === 'ES256') {
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new CallbackRejected(`ES256 needs a P-256 key; ${jwk.kid} is not one`);
    }
  } else if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw new CallbackRejected(`RS256 needs an RSA key of ${MIN_RSA_BITS}+ bits; ${jwk.kid} is not one`);
  }
  return key;
}

/**
 * Imported once per key of a fetched JWKS: the cache hands out the same Jwk object until it
 * re-fetches, so a rotated or re-fetched key set is imported afresh and a dropped one is forgotten.
 */
const imported = new WeakMap<Jwk, KeyObject>();

function importKey(jwk: Jwk): KeyObject {
  let key = imported.get(jwk);
  if (!key) {
    key = importJwk(jwk);
    imported.set(jwk, key);
  }
  return key;
}

/** From the JWK's own parameters, else from its first x5c certificate (legacy keys may only have that). */
function importJwk(jwk: Jwk): KeyObject {
  try {
    if (
      jwk['kty'] === 'EC' &&
      typeof jwk['crv'] === 'string' &&
      typeof jwk['x'] === 'string' &&
      typeof jwk['y'] === 'string'
    ) {
      return createPublicKey({ key: { kty: 'EC', crv: jwk['crv'], x: jwk['x'], y: jwk['y'] }, format: 'jwk' });
    }
    if (jwk['kty'] === 'RSA' && typeof jwk['n'] === 'string' && typeof jwk['e'] === 'string') {
      return createPublicKey({ key: { kty: 'RSA', n: jwk['n'], e: jwk['e'] }, format: 'jwk' });
    }
    const x5c = jwk['x5c'];
    if (Array.isArray(x5c) && typeof x5c[0] === 'string')
      return new X509Certificate(Buffer.from(x5c[0], 'base64')).publicKey;
  } catch {
    throw new CallbackRejected(`key ${jwk.kid} in the JWKS cannot be imported`);
  }
  throw new CallbackRejected(`key ${jwk.kid} in the JWKS has no usable public key`);
}
