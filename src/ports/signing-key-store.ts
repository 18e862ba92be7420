/** A private key kept in the database, sealed with the secret box (src/security/secret-box.ts). */
export interface StoredSigningKey {
  name: string;
  kid: string;
  privateKeySealed: string;
  publicJwk: Record<string, unknown>;
  createdAt: Date;
}

export interface SigningKeyStore {
  getSigningKey(name: string): Promise<StoredSigningKey | undefined>;
  /** Stores `key` unless a key of that name exists; returns the stored one (the first writer wins). */
  createSigningKey(key: StoredSigningKey): Promise<StoredSigningKey>;
}
