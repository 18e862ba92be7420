import { join } from 'node:path';
import type { Db } from './db.js';
import { migrate } from './migrations.js';
import { openPgliteDb } from './pglite-db.js';
import { openPostgresDb } from './postgres-db.js';
import { SqlStore } from './sql-store.js';

export interface StoreOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; undefined = in memory. */
  dataDir?: string | undefined;
  poolSize?: number;
}

export async function openDb(opts: StoreOptions): Promise<Db> {
  return opts.databaseUrl ? openPostgresDb(opts.databaseUrl, opts.poolSize) : openPgliteDb(opts.dataDir && join(opts.dataDir, 'pglite'));
}

/** Opens the database, applies pending migrations and returns the store. */
export async function openStore(opts: StoreOptions): Promise<{ store: SqlStore; db: Db }> {
  const db = await openDb(opts);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return { store: new SqlStore(db), db };
}
