import { createHash, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Clock } from '../ports/clock.js';
import type { SigningKeyStore, StoredSigningKey } from '../ports/signing-key-store.js';
import type { SecretBox } from './secret-box.js';

/**
 * The gateway's RSA key that getEncryptionKey hands out. Payline gives merchants such a key to
 * encrypt card data (`card.encryptedData`); shop modules also call getEncryptionKey just to test
 * their connection. Passerelle accepts no card data at all (src/domain/card-data.ts), encrypted or
 * not, so it never decrypts with this key: the key exists so that the connection test passes with
 * a real public key rather than a made-up one. One per installation, created on first use and kept
 * in the `signing_keys` table with its private half sealed, shared by every process on that
 * database (the first writer wins).
 */
export const CARD_ENCRYPTION_KEY_NAME = 'passerelle-card-encryption';
const MODULUS_BITS = 2048;

/** The public half, as getEncryptionKey describes it. */
export interface CardEncryptionKey {
  /** Payline's `key.keyId` is an xsd:integer: a number derived from the key itself. */
  keyId: string;
  name: string;
  /** RSA modulus and public exponent, hexadecimal, big-endian. */
  modulusHex: string;
  publicExponentHex: string;
  sizeBits: number;
}

export interface CardEncryptionKeys {
  current(): Promise<CardEncryptionKey>;
}

const generateRsa = promisify(generateKeyPair);

export function createCardEncryptionKeys(store: SigningKeyStore, box: SecretBox, clock: Clock): CardEncryptionKeys {
  let loading: Promise<CardEncryptionKey> | undefined;
  const load = async (): Promise<CardEncryptionKey> => {
    const stored =
      (await store.getSigningKey(CARD_ENCRYPTION_KEY_NAME)) ??
      (await store.createSigningKey(await generate(box, clock.now())));
    const { n, e } = stored.publicJwk as { n: string; e: string };
    const hex = (b64url: string) => Buffer.from(b64url, 'base64url').toString('hex').toUpperCase();
    return {
      keyId: stored.kid,
      name: stored.name,
      modulusHex: hex(n),
      publicExponentHex: hex(e),
      sizeBits: Buffer.from(n, 'base64url').length * 8,
    };
  };
  return {
    current() {
      loading ??= load().catch((err: unknown) => {
        loading = undefined; // a database hiccup must not poison the cache
        throw err;
      });
      return loading;
    },
  };
}

async function generate(box: SecretBox, now: Date): Promise<StoredSigningKey> {
  // Asynchronous: generating a 2048-bit key takes long enough to stall the event loop.
  const { privateKey, publicKey } = (await generateRsa('rsa', { modulusLength: MODULUS_BITS })) as {
    privateKey: KeyObject;
    publicKey: KeyObject;
  };
  const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  // RFC 7638 thumbprint, folded into 31 bits: an integer id that names this very key.
  const thumbprint = createHash('sha256')
    .update(JSON.stringify({ e, kty: 'RSA', n }))
    .digest();
  const kid = String(thumbprint.readUInt32BE(0) >>> 1);
  return {
    name: CARD_ENCRYPTION_KEY_NAME,
    kid,
    privateKeySealed: box.seal(JSON.stringify(privateKey.export({ format: 'jwk' }))),
    publicJwk: { kty: 'RSA', n, e, kid, use: 'enc' },
    createdAt: now,
  };
}
