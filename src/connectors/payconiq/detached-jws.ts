/**
 * The `signature` header of a Payconiq callback: a JWS in compact form with a detached payload,
 * `BASE64URL(protected header) + ".." + BASE64URL(signature)` (payconiq-api.md §4.3). The
 * payload is the raw request body, re-encoded by the receiver.
 */
import { CallbackRejected } from '../partner-port.js';
import { isObject } from './payment-mapping.js';

/** Far above any real header (≈ 600 chars): refuse to decode megabytes of attacker input. */
const MAX_HEADER_CHARS = 16_384;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export interface DetachedJws {
  /** The protected header as sent (base64url), part of the signing input. */
  encodedHeader: string;
  header: Record<string, unknown>;
  signature: Buffer;
}

export function parseDetachedJws(value: string | undefined): DetachedJws {
  if (value === undefined || value.trim() === '') throw new CallbackRejected('missing signature header');
  const trimmed = value.trim();
  if (trimmed.length > MAX_HEADER_CHARS) throw new CallbackRejected('signature header too long');
  const parts = trimmed.split('.');
  if (parts.length !== 3) throw new CallbackRejected('malformed signature header: expected 3 dot-separated parts');
  const [encodedHeader = '', payload, encodedSignature = ''] = parts;
  if (payload !== '')
    throw new CallbackRejected('malformed signature header: the payload part must be empty (detached JWS)');
  // An empty signature is left to fail verification, so that `alg: none` gets its own clear reason.
  if (encodedHeader === '' || !BASE64URL.test(encodedHeader) || !BASE64URL.test(encodedSignature)) {
    throw new CallbackRejected('malformed signature header: parts are not base64url');
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(encodedHeader, 'base64url')));
  } catch {
    throw new CallbackRejected('malformed signature header: the protected header is not JSON');
  }
  if (!isObject(header))
    throw new CallbackRejected('malformed signature header: the protected header is not a JSON object');
  return { encodedHeader, header, signature: Buffer.from(encodedSignature, 'base64url') };
}

/** The JWS signing input for a detached payload: `header '.' BASE64URL(raw body bytes)`. */
export function signingInput(encodedHeader: string, rawBody: Buffer): Buffer {
  return Buffer.from(`${encodedHeader}.${rawBody.toString('base64url')}`, 'ascii');
}
