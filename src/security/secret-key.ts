import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key of the secret box: PASSERELLE_SECRET_KEY (base64, 32 bytes) when set. In homologation
 * without it, a key is generated once and kept in DATA_DIR/secret.key (mode 600), or kept in
 * memory for an in-memory database. Production requires the variable (checked by the config).
 */
export function loadSecretKey(configured: string | undefined, dataDir: string | undefined): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  if (!dataDir) return randomBytes(32);
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}
