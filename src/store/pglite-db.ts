import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, Row } from './db.js';
import { translateDriverError } from './driver-errors.js';
import { lockDirectory } from './directory-lock.js';

/**
 * Embedded PostgreSQL (WASM). `dataDir` undefined keeps everything in memory (tests). On disk, the
 * directory is locked first: PGlite has no locking of its own, and two processes on one directory
 * silently overwrite each other's writes.
 */
export async function openPgliteDb(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lock = dataDir ? await lockDirectory(dataDir) : undefined;
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir);
  } catch (err) {
    lock?.release();
    throw err;
  }
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<T extends Row>(sql: string, params: unknown[] = []) {
      try {
        return (await q.query<T>(sql, params)).rows;
      } catch (err) {
        throw translateDriverError(err);
      }
    },
  });
  return {
    driver: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    // One process, one connection: a NOTIFY reaches the listener before the statement that sent it resolves.
    listen: async (channel, { notified, listening }) => {
      await pg.listen(channel, notified);
      listening(true);
    },
    close: async () => {
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}
