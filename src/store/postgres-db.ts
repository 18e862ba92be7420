import pg from 'pg';
import type { Db, Queryable, Row } from './db.js';
import { translateDriverError } from './driver-errors.js';
import { listenOnPostgres } from './postgres-listener.js';
import { PreparedStatements } from './prepared-statements.js';

// int8 (bigint amounts, bigserial ids) as JS numbers: amounts are capped at 12 digits.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export async function openPostgresDb(url: string, poolSize = 16): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  const listeners: { close(): Promise<void> }[] = [];
  const prepared = new PreparedStatements();
  // Inside a transaction a failed statement aborts it: the caller's retry of the whole transaction resends it.
  const wrap = (q: Pick<pg.Pool | pg.PoolClient, 'query'>, inTransaction: boolean): Queryable => ({
    async query<T extends Row>(sql: string, params: unknown[] = []) {
      try {
        return (await q.query<T>(prepared.config(sql, params))).rows;
      } catch (err) {
        if (!prepared.invalidated(sql, err) || inTransaction) throw translateDriverError(err);
      }
      try {
        return (await q.query<T>(sql, params)).rows;
      } catch (err) {
        throw translateDriverError(err);
      }
    },
  });
  return {
    driver: 'postgres',
    ...wrap(pool, false),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client, true));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    async listen(channel, handlers) {
      listeners.push(await listenOnPostgres(url, channel, handlers));
    },
    async close() {
      await Promise.all(listeners.map((l) => l.close()));
      await pool.end();
    },
  };
}
