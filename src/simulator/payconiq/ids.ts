import { randomBytes } from 'node:crypto';

/** Payment and refund ids: 24 lowercase hex, the ObjectId-like shape real ids have (doc §2.2). */
export function newObjectId(): string {
  return randomBytes(12).toString('hex');
}

/** traceId / spanId of an error body: random hex, only there so clients have something to log. */
export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

export function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

/** Callback `jti`: the real sample carries 15 hex chars (doc §4.3). */
export function newJti(): string {
  return randomBytes(8).toString('hex').slice(0, 15);
}

/** Signing key id, shaped like the legacy public kids (`es.signature.ext.payconiq.com`). */
export function newKid(): string {
  return `es.signature.simulator.${randomBytes(4).toString('hex')}`;
}

export const OBJECT_ID = /^[0-9a-f]{24}$/;
