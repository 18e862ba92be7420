import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { newKid } from './ids.js';
import type { SimulatorStore } from './simulator-store.js';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: { kty: string; crv: string; x: string; y: string; kid: string; use: 'sig'; alg: 'ES256' };
  createdAt: Date;
  /** When a newer key took over; the key stays published for the overlap after that. */
  retiredAt?: Date;
}

/** The partner publishes a new key 24 h before it removes the old one (doc §4.4). */
export const KEY_OVERLAP_MS = 24 * 3_600_000;

/**
 * The simulator's callback signing keys (EC P-256), kept in the store so that every process signs
 * with keys the one JWKS publishes. Signing uses the key ring read at most `ttlMs` ago: after a
 * rotation by another process this one may sign with the previous key for that long, which the
 * JWKS still publishes (for 24 h). The JWKS itself is always read from the store.
 */
export class SigningKeyRing {
  private keys: SigningKey[] | undefined;
  private readAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: SimulatorStore,
    private readonly clock: { now(): Date },
    private readonly ttlMs: number,
  ) {}

  async current(): Promise<SigningKey> {
    if (!this.keys || performance.now() - this.readAt >= this.ttlMs)
      this.keep(await this.store.signingKeys(() => generateSigningKey(this.clock.now())));
    const key = this.keys?.[this.keys.length - 1];
    if (!key) throw new Error('no signing key');
    return key;
  }

  /** A new current key; the old one keeps verifying callbacks still being retried. */
  async rotate(): Promise<SigningKey> {
    const now = this.clock.now();
    this.keep(await this.store.rotateSigningKey(generateSigningKey(now), now));
    return this.current();
  }

  /** Drops keys retired longer than the overlap; by then no retried callback still uses them. */
  async prune(): Promise<void> {
    // The cached ring may keep a pruned key a little longer: only its last (current) key signs.
    await this.store.pruneSigningKeys(new Date(this.clock.now().getTime() - KEY_OVERLAP_MS));
  }

  async jwks(): Promise<{ keys: SigningKey['publicJwk'][] }> {
    const keys = await this.store.signingKeys(() => generateSigningKey(this.clock.now()));
    this.keep(keys);
    return { keys: keys.map((k) => ({ ...k.publicJwk })) };
  }

  private keep(keys: SigningKey[]): void {
    this.keys = keys;
    this.readAt = performance.now();
  }
}

export function generateSigningKey(now: Date): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const kid = newKid();
  return {
    kid,
    privateKey,
    publicJwk: { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y), kid, use: 'sig', alg: 'ES256' },
    createdAt: now,
  };
}
