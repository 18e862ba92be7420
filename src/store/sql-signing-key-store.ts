import type { SigningKeyStore, StoredSigningKey } from '../ports/signing-key-store.js';
import type { Db, Row } from './db.js';

const toKey = (r: Row): StoredSigningKey => ({
  name: String(r.name),
  kid: String(r.kid),
  privateKeySealed: String(r.private_key_sealed),
  publicJwk: (typeof r.public_jwk === 'string' ? JSON.parse(r.public_jwk) : r.public_jwk) as Record<string, unknown>,
  createdAt: r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at)),
});

/** Signing keys in the `signing_keys` table; private keys arrive sealed, the store never sees them in clear. */
export class SqlSigningKeyStore implements SigningKeyStore {
  constructor(private readonly db: Db) {}

  async getSigningKey(name: string): Promise<StoredSigningKey | undefined> {
    const [row] = await this.db.query('SELECT * FROM signing_keys WHERE name = $1', [name]);
    return row && toKey(row);
  }

  async createSigningKey(key: StoredSigningKey): Promise<StoredSigningKey> {
    // Several processes may create the key at once: the first insert wins, the others read it.
    await this.db.query(
      'INSERT INTO signing_keys (name, kid, private_key_sealed, public_jwk, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING',
      [key.name, key.kid, key.privateKeySealed, JSON.stringify(key.publicJwk), key.createdAt],
    );
    return (await this.getSigningKey(key.name))!;
  }
}
