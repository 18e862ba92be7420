/**
 * The two reference servers measured in the same run, on the same machine, as the gateway:
 * - bare JSON: a Fastify route answering a small JSON object (the HTTP + framework ceiling);
 * - bare INSERT: a Fastify route parsing a small JSON body and doing one durable
 *   `INSERT … RETURNING id` on the same database as the gateway (PGlite resp. PostgreSQL with a
 *   pg.Pool of the gateway's size), i.e. the "one commit per request" ceiling.
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

export const BARE_INSERT_PATH = '/insert';
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

type Insert = (body: InsertBody) => Promise<unknown>;

async function startInsertApp(insert: Insert, closeDb: () => Promise<void>): Promise<BenchServer> {
  const app = Fastify({ logger: false });
  app.post<{ Body: InsertBody }>(BARE_INSERT_PATH, async (req, reply) => {
    const id = await insert(req.body);
    return reply.code(201).send({ id });
  });
  const baseUrl = await listen(app);
  return {
    baseUrl,
    async close() {
      await app.close();
      await closeDb();
    },
  };
}

/** Bare INSERT on the bench database; `poolSize` is the gateway's PASSERELLE_DB_POOL_SIZE. */
export async function startBareInsertServer(db: BenchDatabase, poolSize: number): Promise<BenchServer> {
  if (db.kind === 'pglite') {
    // PGlite is one embedded connection: there is no pool to size, queries are serialised.
    if (db.pgliteDir) mkdirSync(db.pgliteDir, { recursive: true });
    const lite = await PGlite.create(db.pgliteDir);
    await lite.exec(INSERT_TABLE);
    return startInsertApp(
      async (b) =>
        (await lite.query<{ id: number }>(INSERT, [b.orderRef, b.amount, b.currency, new Date()])).rows[0]?.id,
      () => lite.close(),
    );
  }
  const pool = new pg.Pool({ connectionString: db.databaseUrl, max: poolSize });
  pool.on('error', () => undefined);
  await pool.query(INSERT_TABLE);
  return startInsertApp(
    async (b) => (await pool.query<{ id: string }>(INSERT, [b.orderRef, b.amount, b.currency, new Date()])).rows[0]?.id,
    () => pool.end(),
  );
}
