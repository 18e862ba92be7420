import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { newKid } from './ids.js';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: { kty: string; crv: string; x: string; y: string; kid: string; use: 'sig'; alg: 'ES256' };
  /** When a newer key took over; the key stays published for the overlap after that. */
  retiredAt?: Date;
}

/** The partner publishes a new key 24 h before it removes the old one (doc §4.4). */
export const KEY_OVERLAP_MS = 24 * 3_600_000;

/**
 * The simulator's callback signing keys (EC P-256). Generated synchronously with node:crypto so
 * rotateKey() needs no await; jose signs with the KeyObject directly.
 */
export class SigningKeyRing {
  private keys: SigningKey[] = [];

  constructor() {
    this.keys.push(generate());
  }

  current(): SigningKey {
    const key = this.keys[this.keys.length - 1];
    if (!key) throw new Error('no signing key');
    return key;
  }

  /** A new current key; the old one keeps verifying callbacks still being retried. */
  rotate(now: Date): SigningKey {
    this.current().retiredAt = now;
    const key = generate();
    this.keys.push(key);
    return key;
  }

  /** Drops keys retired longer than the overlap; by then no retried callback still uses them. */
  prune(now: Date): void {
    this.keys = this.keys.filter((k) => !k.retiredAt || now.getTime() - k.retiredAt.getTime() <= KEY_OVERLAP_MS);
  }

  jwks(): { keys: SigningKey['publicJwk'][] } {
    return { keys: this.keys.map((k) => ({ ...k.publicJwk })) };
  }
}

function generate(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const kid = newKid();
  return { kid, privateKey, publicJwk: { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y), kid, use: 'sig', alg: 'ES256' } };
}
