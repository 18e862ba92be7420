import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Where the store and HTTP suites run: in-memory PGlite by default, a PostgreSQL server when
 * TEST_DATABASE_URL is set. On PostgreSQL every test database is a schema of its own, dropped
 * afterwards, so suites can run side by side.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const DRIVER = TEST_DATABASE_URL ? 'postgres' : 'pglite';

export interface TestDatabase {
  databaseUrl?: string | undefined;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) return { databaseUrl: undefined, drop: async () => undefined };
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    databaseUrl: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
