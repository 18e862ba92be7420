/**
 * The gateway under test, started in this process with the production composition root
 * (loadConfig → createLogger → createGateway → ensureDemoMerchant), as `passerelle serve` does,
 * with the background worker off and logs silent, listening on 127.0.0.1 on a free port.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.js';
import { createGateway, type Gateway } from '../src/gateway.js';
import { createLogger } from '../src/logger.js';
import { ensureDemoMerchant } from '../src/merchants/ensure-demo-merchant.js';
import type { Db, Queryable } from '../src/store/db.js';
import type { BenchDatabase } from './databases.js';
import { restSessionBody } from './payloads.js';

export const BENCH_MERCHANT_ID = 'BENCHMERCHANT01';
export const BENCH_ACCESS_KEY = 'bench-access-key-0123456789';

export interface SqlCount {
  /** Statements the store sent (inside and outside transactions). */
  statements: number;
  /** db.transaction() calls: on PostgreSQL each adds a BEGIN and a COMMIT round trip. */
  transactions: number;
}

export interface GatewayTarget {
  gateway: Gateway;
  baseUrl: string;
  /** `Basic …` header of the bench merchant. */
  authorization: string;
  /** The gateway's configured database pool size (the bare INSERT baseline uses the same). */
  poolSize: number;
  /** Runs `fn` and counts the SQL the gateway's store sent meanwhile (run it alone: counts are global). */
  countSql<T>(fn: () => Promise<T>): Promise<{ value: T } & SqlCount>;
  /** Opens `n` web payment sessions (REST, in-process inject) and returns their tokens. */
  createTokens(n: number, concurrency?: number): Promise<string[]>;
  close(): Promise<void>;
}

/** The gateway's Config for a bench database, without starting anything (pool size for baselines). */
export function benchGatewayConfig(db: BenchDatabase) {
  return loadConfig({
    ...db.gatewayEnv,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    PASSERELLE_WORKER: 'off',
    PASSERELLE_MODE: 'homologation',
    // Let the operator try another pool size; the baseline follows it.
    ...(process.env.PASSERELLE_DB_POOL_SIZE && { PASSERELLE_DB_POOL_SIZE: process.env.PASSERELLE_DB_POOL_SIZE }),
  });
}

function instrument(db: Db): { counts: SqlCount; restore(): void } {
  const counts: SqlCount = { statements: 0, transactions: 0 };
  const { query, transaction } = db;
  const counted = (q: Queryable): Queryable => ({
    query(sql, params) {
      counts.statements++;
      return q.query(sql, params);
    },
  });
  db.query = function (sql, params) {
    counts.statements++;
    return query.call(db, sql, params);
  } as Db['query'];
  db.transaction = function (fn) {
    counts.transactions++;
    return transaction.call(db, (q) => fn(counted(q)));
  } as Db['transaction'];
  return {
    counts,
    restore() {
      db.query = query;
      db.transaction = transaction;
    },
  };
}

export async function startGatewayTarget(db: BenchDatabase): Promise<GatewayTarget> {
  const config = benchGatewayConfig(db);
  const gateway = await createGateway(config, createLogger(config.logLevel));
  try {
    await ensureDemoMerchant(gateway.store, gateway.deps.clock, { merchantId: BENCH_MERCHANT_ID, accessKey: BENCH_ACCESS_KEY });
    await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  } catch (err) {
    await gateway.close();
    throw err;
  }
  const baseUrl = `http://127.0.0.1:${(gateway.app.server.address() as AddressInfo).port}`;
  const authorization = `Basic ${Buffer.from(`${BENCH_MERCHANT_ID}:${BENCH_ACCESS_KEY}`).toString('base64')}`;

  return {
    gateway,
    baseUrl,
    authorization,
    poolSize: config.dbPoolSize,
    async countSql(fn) {
      const probe = instrument(gateway.db);
      try {
        const value = await fn();
        return { value, ...probe.counts };
      } finally {
        probe.restore();
      }
    },
    async createTokens(n, concurrency = 32) {
      const tokens: string[] = [];
      let next = 0;
      const one = async () => {
        while (next < n) {
          const i = next++;
          const res = await gateway.app.inject({
            method: 'POST',
            url: '/v1/checkout/sessions',
            headers: { authorization, 'content-type': 'application/json' },
            payload: restSessionBody(`SEED-${i}`),
          });
          if (res.statusCode !== 201) throw new Error(`creating bench session ${i}: HTTP ${res.statusCode} ${res.body.slice(0, 300)}`);
          tokens.push((JSON.parse(res.body) as { sessionId: string }).sessionId);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, n) }, one));
      return tokens;
    },
    close: () => gateway.close(),
  };
}
