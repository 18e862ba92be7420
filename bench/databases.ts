/**
 * The databases the bench runs on: PGlite (the default driver) and a PostgreSQL server. Each gets a
 * fresh, dedicated store that is removed at the end: a temporary PGlite data directory, or a
 * `passerelle_bench_<random>` database created on the server and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type DbKind = 'pglite' | 'postgres';

export interface BenchDatabase {
  kind: DbKind;
  /** Shown in the report, e.g. "PGlite (data dir)" or "PostgreSQL 15.20". */
  label: string;
  /** Environment for the gateway's loadConfig(). */
  gatewayEnv: Record<string, string>;
  /** PGlite only: data directory of the database (undefined = in memory), as the gateway opens it. */
  pgliteDir?: string | undefined;
  /** PostgreSQL only: URL of the dedicated bench database. */
  databaseUrl?: string | undefined;
  /** Facts worth printing next to the numbers (server settings). */
  facts: Record<string, string>;
  /** PostgreSQL only: server-side counters read around each measurement. */
  monitor?: PostgresMonitor | undefined;
  drop(): Promise<void>;
}

export interface WalPosition {
  lsn: string;
  /** pg_stat_wal.wal_sync: WAL flushes to disk, cluster-wide (backends report it with up to ~1 s delay). */
  syncs: number;
}

/** Read over a separate connection to the admin database, so that it does not count as bench work. */
export interface PostgresMonitor {
  /** Processes working for the bench database: its client backends and the server's background processes. */
  pids(): Promise<number[]>;
  wal(): Promise<WalPosition>;
  walBytes(from: WalPosition, to: WalPosition): Promise<number>;
}

export async function createPgliteDatabase(storage: 'dir' | 'memory'): Promise<BenchDatabase> {
  if (storage === 'memory') {
    return {
      kind: 'pglite',
      label: 'PGlite (memory)',
      gatewayEnv: { DATA_DIR: ':memory:' },
      facts: { storage: 'in memory' },
      drop: async () => undefined,
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'passerelle-bench-'));
  return {
    kind: 'pglite',
    label: 'PGlite (data dir)',
    gatewayEnv: { DATA_DIR: dir },
    // src/store/open-store.ts keeps PGlite files in <DATA_DIR>/pglite.
    pgliteDir: join(dir, 'pglite'),
    facts: { storage: `temporary data directory ${dir}` },
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface PostgresProbe {
  ok: boolean;
  reason?: string;
}

async function adminClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Whether the server answers at all (the bench then skips PostgreSQL with a notice). */
export async function probePostgres(url: string): Promise<PostgresProbe> {
  try {
    const c = await adminClient(url);
    await c.query('SELECT 1');
    await c.end();
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: (err as Error).message || String(err) };
  }
}

/**
 * Creates a dedicated database next to `adminUrl`'s; `drop()` removes it (even with open sessions).
 * The admin connection stays open as the monitor's until then.
 */
export async function createPostgresDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `passerelle_bench_${randomBytes(5).toString('hex')}`;
  const admin = await adminClient(adminUrl);
  let facts: Record<string, string>;
  try {
    const setting = async (n: string) => String((await admin.query('SELECT current_setting($1) AS v', [n])).rows[0].v);
    facts = {
      version: await setting('server_version'),
      synchronous_commit: await setting('synchronous_commit'),
      fsync: await setting('fsync'),
      shared_buffers: await setting('shared_buffers'),
      max_connections: await setting('max_connections'),
      database: name,
    };
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (err) {
    await admin.end();
    throw err;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const monitor: PostgresMonitor = {
    async pids() {
      const { rows } = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 OR (backend_type <> 'client backend' AND datname IS NULL)`,
        [name],
      );
      return rows.map((r) => r.pid);
    },
    async wal() {
      const { rows } = await admin.query<{ lsn: string; syncs: string }>(
        'SELECT pg_current_wal_lsn()::text AS lsn, (SELECT wal_sync FROM pg_stat_wal) AS syncs',
      );
      return { lsn: rows[0]!.lsn, syncs: Number(rows[0]!.syncs) };
    },
    async walBytes(from, to) {
      const { rows } = await admin.query<{ b: string }>('SELECT pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn) AS b', [
        to.lsn,
        from.lsn,
      ]);
      return Number(rows[0]!.b);
    },
  };
  return {
    kind: 'postgres',
    label: `PostgreSQL ${facts.version?.split(' ')[0]}`,
    gatewayEnv: { DATABASE_URL: url.toString() },
    databaseUrl: url.toString(),
    facts,
    monitor,
    async drop() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
