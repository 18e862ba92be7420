import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Clock } from '../ports/clock.js';
import type { SigningKeyStore, StoredSigningKey } from '../ports/signing-key-store.js';
import type { SecretBox } from './secret-box.js';

/**
 * The gateway's own EC P-256 key for signing its requests to Payconiq (Refund API `Signature`
 * header, payconiq-api.md §4.7). One per gateway installation: created on first use, kept in the
 * database with the private part sealed by the secret box, shared by every process on that
 * database. Its public half is served as a JWKS that the operator registers with Payconiq.
 */
export const MERCHANT_SIGNING_KEY_NAME = 'payconiq-merchant-requests';

export interface MerchantSigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

export interface MerchantSigningKeys {
  current(): Promise<MerchantSigningKey>;
  /** `{keys: [public JWK]}`, what `GET /partners/payconiq/merchant-jwks` serves. */
  jwks(): Promise<{ keys: Record<string, unknown>[] }>;
}

export function createMerchantSigningKeys(store: SigningKeyStore, box: SecretBox, clock: Clock): MerchantSigningKeys {
  let loading: Promise<MerchantSigningKey> | undefined;
  const load = async (): Promise<MerchantSigningKey> => {
    const stored =
      (await store.getSigningKey(MERCHANT_SIGNING_KEY_NAME)) ??
      (await store.createSigningKey(generate(box, clock.now())));
    const privateKey = createPrivateKey({
      key: JSON.parse(box.open(stored.privateKeySealed)) as Record<string, string>,
      format: 'jwk',
    });
    return { kid: stored.kid, privateKey, publicJwk: stored.publicJwk };
  };
  const current = (): Promise<MerchantSigningKey> => {
    loading ??= load().catch((err: unknown) => {
      loading = undefined; // a database hiccup must not poison the cache
      throw err;
    });
    return loading;
  };
  return {
    current,
    async jwks() {
      return { keys: [(await current()).publicJwk] };
    },
  };
}

function generate(box: SecretBox, now: Date): StoredSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x, y } = publicKey.export({ format: 'jwk' });
  // RFC 7638 thumbprint: a kid that names this very key.
  const thumbprint = createHash('sha256')
    .update(JSON.stringify({ crv: 'P-256', kty: 'EC', x, y }))
    .digest('base64url');
  const kid = `passerelle-${thumbprint.slice(0, 16)}`;
  return {
    name: MERCHANT_SIGNING_KEY_NAME,
    kid,
    privateKeySealed: box.seal(JSON.stringify(privateKey.export({ format: 'jwk' }))),
    publicJwk: { kty: 'EC', crv: 'P-256', x, y, kid, use: 'sig', alg: 'ES256' },
    createdAt: now,
  };
}
