/**
 * Payconiq callback verification, exactly payconiq-api.md §4.5: parse the detached JWS, check
 * the protected header against this contract and callback URL, find the key by kid, verify the
 * signature over the raw body bytes, and only then read the body.
 *
 * Every failure is a CallbackRejected (JwksUnavailable when the key set could not be fetched);
 * nothing else escapes, so the HTTP layer can answer 4xx without guessing.
 */
import { CallbackRejected, PartnerError } from '../partner-port.js';
import type { PayconiqContract } from './contract-settings.js';
import { checkCallbackHeader } from './callback-claims.js';
import { parseDetachedJws, signingInput } from './detached-jws.js';
import type { JwksCache } from './jwks-cache.js';
import { isObject, toPartnerPayment, type PayconiqPayment } from './payment-mapping.js';
import { verifySignature } from './signature-check.js';

export interface CallbackVerifierDeps {
  jwks: JwksCache;
  clock: { now(): Date };
}

export type CallbackVerifier = (
  rawBody: Buffer,
  signature: string | undefined,
  expected: { contract: PayconiqContract; callbackUrl: string },
) => Promise<{ payment: PayconiqPayment; jti: string }>;

export function createCallbackVerifier(deps: CallbackVerifierDeps): CallbackVerifier {
  return async (rawBody, signature, expected) => {
    try {
      const jws = parseDetachedJws(signature);
      // Cheap, local checks first: a forged or misrouted callback costs no JWKS fetch.
      const claims = checkCallbackHeader(jws.header, {
        ppid: expected.contract.ppid,
        callbackUrl: expected.callbackUrl,
        now: deps.clock.now(),
      });
      const jwk = await deps.jwks.findKey(expected.contract.jwksUrl, claims.kid);
      if (!jwk) throw new CallbackRejected(`unknown kid ${JSON.stringify(claims.kid)}`);
      if (!verifySignature(claims.alg, jwk, signingInput(jws.encodedHeader, rawBody), jws.signature)) {
        throw new CallbackRejected('signature does not verify');
      }
      return { payment: toPartnerPayment(parseBody(rawBody)), jti: claims.jti };
    } catch (err) {
      if (err instanceof CallbackRejected) throw err;
      if (err instanceof PartnerError) throw new CallbackRejected(`signed body is not a payment: ${err.message}`);
      throw new CallbackRejected(`callback verification failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

/**
 * The paymentId of a callback body, read WITHOUT verification: only to find which payment (and
 * so which contract and callback URL) to verify it against. Never trust anything else in it.
 */
export function peekCallbackPaymentId(rawBody: Buffer): string | undefined {
  try {
    const json: unknown = JSON.parse(rawBody.toString('utf8'));
    const id = isObject(json) ? json['paymentId'] : undefined;
    return typeof id === 'string' && /^[0-9a-f]{24}$/i.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

function parseBody(rawBody: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rawBody));
  } catch {
    throw new CallbackRejected('signed body is not UTF-8 JSON');
  }
}
