import { MIGRATIONS } from '../../src/store/migrations.js';
import { openPgliteDb } from '../../src/store/pglite-db.js';

/** An in-memory database with the migrations up to `version` applied the way migrate() does (an older database). */
export async function databaseAt(version: number) {
  const db = await openPgliteDb();
  await db.query(
    'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  for (const m of MIGRATIONS.filter((m) => m.version <= version)) {
    for (const statement of m.sql
      .split(/;\s*\n/)
      .map((s) => s.trim())
      .filter(Boolean))
      await db.query(statement);
    await db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
  }
  return db;
}
