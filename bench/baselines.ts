/**
 * The reference servers measured in the same run, on the same machine, as the gateway:
 * - bare JSON: a Fastify route answering a small JSON object (the HTTP + framework ceiling);
 * - bare INSERT: a Fastify route parsing a small JSON body and doing one durable
 *   `INSERT … RETURNING id` on the same database as the gateway (PGlite resp. PostgreSQL with a
 *   pg.Pool of the gateway's size), i.e. the "one commit per request" ceiling;
 * - bare SELECT: the same server's route parsing a small JSON body naming a row and answering that row, read by
 *   primary key from a seeded table of BARE_READ_ROWS rows, i.e. the "one read per request" ceiling.
 * Same Fastify major as the gateway; logging off (the gateway's logger is silent during the bench).
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import type { BenchDatabase } from './databases.js';

export interface BenchServer {
  baseUrl: string;
  close(): Promise<void>;
}

const INSERT_TABLE = `CREATE TABLE IF NOT EXISTS bench_baseline_insert (
  id bigserial PRIMARY KEY,
  order_ref text NOT NULL,
  amount bigint NOT NULL,
  currency integer NOT NULL,
  created_at timestamptz NOT NULL
)`;
const INSERT =
  'INSERT INTO bench_baseline_insert (order_ref, amount, currency, created_at) VALUES ($1, $2, $3, $4) RETURNING id';
/** The rows the bare SELECT cycles through (ids 1…BARE_READ_ROWS), about a session row's width. */
export const BARE_READ_ROWS = 1_000;
const READ_TABLE = `CREATE TABLE IF NOT EXISTS bench_baseline_read (
  id integer PRIMARY KEY,
  order_ref text NOT NULL,
  amount bigint NOT NULL,
  currency integer NOT NULL,
  result_code text NOT NULL,
  created_at timestamptz NOT NULL
)`;
const SEED_READ = `INSERT INTO bench_baseline_read (id, order_ref, amount, currency, result_code, created_at)
  SELECT n, 'ORDER-' || n, 1000 + n, 978, '02533', now() FROM generate_series(1, ${BARE_READ_ROWS}) AS n
  ON CONFLICT (id) DO NOTHING`;
const SELECT = `SELECT id, order_ref AS "orderRef", amount::text AS amount, currency, result_code AS "resultCode",
  created_at AS "createdAt" FROM bench_baseline_read WHERE id = $1`;

// Fresh statistics, as the gateway's tables get from autovacuum over a long life.
const ANALYZE_READ = 'ANALYZE bench_baseline_read';

export const BARE_INSERT_PATH = '/insert';
export const BARE_SELECT_PATH = '/select';
export const BARE_JSON_PATH = '/json';

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export async function startBareJsonServer(): Promise<BenchServer> {
  const app = Fastify({ logger: false });
  app.get(BARE_JSON_PATH, async () => ({
    result: { code: '00000', title: 'ACCEPTED' },
    sessionId: 'abcdefghijklmnopqrst1795704102143',
  }));
  const baseUrl = await listen(app);
  return { baseUrl, close: () => app.close() };
}

interface InsertBody {
  orderRef: string;
  amount: number;
  currency: number;
}

interface Store {
  insert(body: InsertBody): Promise<unknown>;
  /** The row of `id`, undefined when there is none. */
  select(id: number): Promise<unknown>;
  close(): Promise<void>;
}

async function startDatabaseApp(store: Store): Promise<BenchServer> {
  const app = Fastify({ logger: false });
  app.post<{ Body: InsertBody }>(BARE_INSERT_PATH, async (req, reply) => {
    const id = await store.insert(req.body);
    return reply.code(201).send({ id });
  });
  app.post<{ Body: { id: number } }>(BARE_SELECT_PATH, async (req, reply) => {
    const row = await store.select(req.body.id);
    return row ? row : reply.code(404).send({ error: 'no such row' });
  });
  const baseUrl = await listen(app);
  return {
    baseUrl,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/**
 * Bare INSERT and bare SELECT on the bench database (the read table seeded first); `poolSize` is the gateway's
 * PASSERELLE_DB_POOL_SIZE.
 */
export async function startBareDatabaseServer(db: BenchDatabase, poolSize: number): Promise<BenchServer> {
  if (db.kind === 'pglite') {
    // PGlite is one embedded connection: there is no pool to size, queries are serialised. A directory of its own,
    // beside the gateway's: it is measured again while the gateway holds its database open.
    const dir = db.pgliteDir && `${db.pgliteDir}-baseline`;
    if (dir) mkdirSync(dir, { recursive: true });
    const lite = await PGlite.create(dir);
    await lite.exec(`${INSERT_TABLE}; ${READ_TABLE}; ${SEED_READ}; ${ANALYZE_READ}`);
    return startDatabaseApp({
      insert: async (b) =>
        (await lite.query<{ id: number }>(INSERT, [b.orderRef, b.amount, b.currency, new Date()])).rows[0]?.id,
      select: async (id) => (await lite.query(SELECT, [id])).rows[0],
      close: () => lite.close(),
    });
  }
  const pool = new pg.Pool({ connectionString: db.databaseUrl, max: poolSize });
  pool.on('error', () => undefined);
  await pool.query(INSERT_TABLE);
  await pool.query(READ_TABLE);
  await pool.query(SEED_READ);
  await pool.query(ANALYZE_READ);
  return startDatabaseApp({
    insert: async (b) =>
      (await pool.query<{ id: string }>(INSERT, [b.orderRef, b.amount, b.currency, new Date()])).rows[0]?.id,
    select: async (id) => (await pool.query(SELECT, [id])).rows[0],
    close: () => pool.end(),
  });
}
