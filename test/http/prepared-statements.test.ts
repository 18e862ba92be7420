import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../src/store/db.js';
import { openPostgresDb } from '../../src/store/postgres-db.js';
import { MAX_PREPARED } from '../../src/store/prepared-statements.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/test-database.js';

const SKIP = !TEST_DATABASE_URL && 'needs PostgreSQL (TEST_DATABASE_URL): PGlite has no named prepared statements';

/** PostgreSQL's statements go as named queries: prepared once per connection, bounded, and safe across migrations. */
describe('prepared statements on PostgreSQL', { skip: SKIP }, () => {
  let database: TestDatabase;
  let db: Db;
  before(async () => {
    database = await createTestDatabase();
    // One connection: what one statement prepared is what the next one sees.
    db = await openPostgresDb(database.databaseUrl!, 1);
    await db.exec('CREATE TABLE prep_probe (a int)');
    await db.query('INSERT INTO prep_probe (a) VALUES ($1)', [1]);
  });
  after(async () => {
    await db.close();
    await database.drop();
  });

  const prepared = async () =>
    (await db.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements')).map((r) => r.statement);

  it('a statement is prepared once on the connection and reused', async () => {
    const sql = 'SELECT a FROM prep_probe WHERE a = $1';
    assert.deepEqual(await db.query(sql, [1]), [{ a: 1 }]);
    assert.deepEqual(await db.query(sql, [1]), [{ a: 1 }]);
    assert.equal((await prepared()).filter((s) => s === sql).length, 1);
  });

  it('a schema change under a prepared statement: resent unprepared, the right columns, and from then on', async () => {
    const sql = 'SELECT * FROM prep_probe ORDER BY a';
    assert.deepEqual(await db.query(sql), [{ a: 1 }]);
    // Another process migrating: the prepared plan's result type no longer matches.
    await db.exec('ALTER TABLE prep_probe ADD COLUMN b text');
    assert.deepEqual(await db.query(sql), [{ a: 1, b: null }]);
    assert.deepEqual(await db.query(sql), [{ a: 1, b: null }]);
  });

  it(`at most ${MAX_PREPARED} statements are prepared per process`, async () => {
    for (let i = 0; i < MAX_PREPARED + 20; i++) await db.query(`SELECT ${i} AS n, a FROM prep_probe LIMIT $1`, [1]);
    assert.ok((await prepared()).length <= MAX_PREPARED, `${(await prepared()).length} prepared`);
  });

  it('errors are still translated (a duplicate key, prepared or not)', async () => {
    await db.exec('CREATE TABLE prep_unique (k text PRIMARY KEY)');
    const sql = 'INSERT INTO prep_unique (k) VALUES ($1)';
    await db.query(sql, ['x']);
    const err = await db.query(sql, ['x']).catch((e: unknown) => e);
    assert.equal((err as { name?: string }).name, 'DuplicateKeyError', String(err));
  });
});
