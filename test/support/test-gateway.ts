import { createServer, type AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createGateway, type Gateway, type GatewayOverrides } from '../../src/gateway.js';
import { ensureDemoMerchant } from '../../src/merchants/ensure-demo-merchant.js';
import { FakeClock } from './fake-clock.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** A port free right now (the gateway must know its public URL before it listens). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const DEMO_MERCHANT_ID = '12345678901234';
export const DEMO_ACCESS_KEY = 'test-access-key-0123456789';

export interface TestGateway {
  gateway: Gateway;
  clock: FakeClock;
  merchantId: string;
  accessKey: string;
  /** `Basic …` header of the demo merchant. */
  authorization: string;
  /** The gateway's real HTTP base URL on 127.0.0.1 (also its public URL). */
  baseUrl: string;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  mode?: 'homologation' | 'production';
  env?: Record<string, string>;
  /** Reuse this database (e.g. to restart a gateway on the same data); it is not dropped on close. */
  database?: TestDatabase;
  /** PGlite data directory (default: in memory). Ignored on PostgreSQL. */
  dataDir?: string;
  /** The gateway's logger (default: silent, or TEST_LOG_LEVEL). */
  logger?: Logger;
  /**
   * How long idle keep-alive connections stay open once close() begins (default 0: tests close with their own idle
   * connections open).
   */
  idleConnectionGraceMs?: number;
  /** Serve the operator API (src/http/operator) to this token. */
  operatorToken?: string;
  /** Listen on this port (default: a free one), e.g. to restart a gateway at the same address. */
  port?: number;
  /** Payment methods besides the built-in ones. */
  extraPaymentMethods?: GatewayOverrides['extraPaymentMethods'];
}

/**
 * A gateway on a fresh database (PGlite in memory, or a PostgreSQL schema of its own when
 * TEST_DATABASE_URL is set), with the demo merchant, a fake clock and no worker timer: tests run
 * `gateway.worker.runOnce()` when they want the background jobs to run.
 */
export async function startTestGateway(opts: TestGatewayOptions = {}): Promise<TestGateway> {
  const db = opts.database ?? (await createTestDatabase());
  const port = opts.port ?? (await freePort());
  const clock = new FakeClock();
  const config = loadConfig({
    PASSERELLE_MODE: opts.mode ?? 'homologation',
    ...(db.databaseUrl && { DATABASE_URL: db.databaseUrl }),
    PASSERELLE_DB_POOL_SIZE: '4',
    PORT: String(port),
    PASSERELLE_PUBLIC_URL: `http://127.0.0.1:${port}`,
    PASSERELLE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
    DATA_DIR: opts.dataDir ?? ':memory:',
    ...opts.env,
  });
  const gateway = await createGateway(config, opts.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), {
    clock,
    autoStartWorker: false,
    idleConnectionGraceMs: opts.idleConnectionGraceMs ?? 0,
    operatorToken: opts.operatorToken,
    extraPaymentMethods: opts.extraPaymentMethods,
  });
  const demo = await ensureDemoMerchant(gateway.deps, {
    merchantId: DEMO_MERCHANT_ID,
    accessKey: DEMO_ACCESS_KEY,
    cardCode: gateway.deps.paymentMethods.cardCodes[0]!,
  });
  // Always on a real port: the embedded partner simulator is reached over HTTP, like the real one.
  const baseUrl = await gateway.listen(port, '127.0.0.1');
  return {
    gateway,
    clock,
    merchantId: demo.merchant.id,
    accessKey: DEMO_ACCESS_KEY,
    authorization: `Basic ${Buffer.from(`${DEMO_MERCHANT_ID}:${DEMO_ACCESS_KEY}`).toString('base64')}`,
    baseUrl,
    async close() {
      await gateway.close();
      if (!opts.database) await db.drop();
    },
  };
}
