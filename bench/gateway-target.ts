/**
 * The gateway under test, started in this process with the production composition root
 * (loadConfig → createLogger → createGateway → ensureDemoMerchant → gateway.listen), as
 * `passerelle serve` does, with the background worker off and logs silent (BENCH_LOG_LEVEL to
 * measure logging), listening on 127.0.0.1 on a free port that is also its PASSERELLE_PUBLIC_URL:
 * the embedded Payconiq simulator is reached over loopback at that address, and sends its
 * callbacks there. The simulator's own timer (callback retries, expiry) runs; the gateway's worker
 * (polls, expiry, notifications) does not.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { createGateway, type Gateway } from '../src/gateway.js';
import { createLogger } from '../src/logger.js';
import { runAdminOperation } from '../src/merchants/admin-operations.js';
import { DEMO, ensureDemoMerchant } from '../src/merchants/ensure-demo-merchant.js';
import type { Db } from '../src/store/db.js';
import type { BenchDatabase } from './databases.js';
import { freePort } from './free-port.js';
import { restSessionBody } from './payloads.js';

export const BENCH_MERCHANT_ID = 'BENCHMERCHANT01';
export const BENCH_ACCESS_KEY = 'bench-access-key-0123456789';

export interface SqlCount {
  /** Statements the gateway's store sent (inside and outside transactions), the embedded simulator's apart. */
  statements: number;
  /** db.transaction() calls: each adds a BEGIN and a COMMIT. */
  transactions: number;
  /** Round trips to the database: statements, plus BEGIN and COMMIT of each transaction. */
  roundTrips: number;
  /** The same for the embedded simulator's own tables (it shares the gateway's database in homologation). */
  simulator?: { statements: number; transactions: number; roundTrips: number } | undefined;
}

export interface GatewayTarget {
  gateway: Gateway;
  baseUrl: string;
  /** `Basic …` header of the bench merchant. */
  authorization: string;
  /** The gateway's configured database pool size (the bare INSERT baseline uses the same). */
  poolSize: number;
  /**
   * Runs `fn` and counts the SQL the gateway's store sent meanwhile (run it alone: counts are global); `fn` may read
   * the counts so far.
   */
  countSql<T>(fn: (sofar: () => SqlCount) => Promise<T>): Promise<{ value: T } & SqlCount>;
  /** Opens `n` web payment sessions (REST, in-process inject) and returns their tokens. */
  createTokens(n: number, concurrency?: number): Promise<string[]>;
  /** Pays `n` web payments of `amount` cents on the homologation page; their transaction ids. */
  createPaidPayments(n: number, amount: number, concurrency?: number): Promise<string[]>;
  /** The embedded simulator's callback deliveries. */
  embeddedCallbacks: CallbackSource;
  /** Counters to diff around a full-flow run through `source` (read outside the measurement: they query the store). */
  callbackMark(source: CallbackSource): Promise<CallbackMark>;
  /** What happened to `source`'s callbacks since `mark` (call once it is idle). */
  callbacksSince(source: CallbackSource, mark: CallbackMark): Promise<CallbackCounts>;
  /**
   * A merchant of its own (its demo point of sale and contract PAYCONIQFP) whose contract has the given Payconiq
   * settings, as `passerelle merchant create`, `pos create` and `contract create` make it; its `Basic …` header.
   */
  addMerchantWithPartner(merchantId: string, partner: PartnerSettings): Promise<string>;
  close(): Promise<void>;
}

/** One callback delivery as a simulator lists it (GET /_simulator/callbacks). */
export interface Delivery {
  id: number;
  state: string;
  lastResult?: string | undefined;
}

/** A simulator's callback deliveries: the embedded one's, or those of one in its own process. */
export interface CallbackSource {
  /** The deliveries it keeps (its last 5,000). */
  deliveries(): Promise<readonly Delivery[]>;
  /** Resolves true once it has no callback on the wire, false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean>;
}

/** A contract's Payconiq settings (src/connectors/payconiq/contract-settings.ts). */
export interface PartnerSettings {
  apiKey: string;
  ppid: string;
  apiBaseUrl: string;
  jwksUrl: string;
}

export interface CallbackMark {
  lastDeliveryId: number;
  callbacksSeen: number;
  lastEventId: number;
}

export interface CallbackCounts {
  /** Callback deliveries the simulator created (one per status change of a payment). */
  sent: number;
  /** … of which the simulator still lists (it keeps its last 5,000): `delivered` and `notDelivered` count these. */
  tracked: number;
  /** … of which the gateway answered HTTP 200 (first attempt or a retry). */
  delivered: number;
  /** … not (yet) answered 200: waiting for a retry or given up, by last result ("HTTP 503", "aborted"…). */
  notDelivered: Record<string, number>;
  /** Callbacks the gateway verified and recorded (partner_callbacks_seen rows; includes no-op ones). */
  accepted: number;
  /** Session history entries written by a callback (the callback changed what the session knew). */
  changedSession: number;
  /**
   * Payments settled to 00000, by the source of the settling update ('simulator' = the buyer's return, 'callback'…).
   */
  settledBy: Record<string, number>;
}

/**
 * The secret box key (it encrypts partner API keys at rest). Given explicitly so that the gateway
 * does not generate one into DATA_DIR, which defaults to ./data when the store is PostgreSQL.
 */
const BENCH_SECRET_KEY = randomBytes(32).toString('base64');

/** The gateway's Config for a bench database, without starting anything (pool size for baselines). */
export function benchGatewayConfig(db: BenchDatabase, port = 0) {
  return loadConfig({
    ...db.gatewayEnv,
    HOST: '127.0.0.1',
    PORT: String(port),
    PASSERELLE_PUBLIC_URL: `http://127.0.0.1:${port}`,
    PASSERELLE_SECRET_KEY: BENCH_SECRET_KEY,
    // BENCH_LOG_LEVEL=info measures what logging costs at the default level (lines go to /dev/null).
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'silent',
    PASSERELLE_WORKER: 'off',
    PASSERELLE_MODE: 'homologation',
    // Let the operator try another pool size; the baseline follows it.
    ...(process.env.PASSERELLE_DB_POOL_SIZE && { PASSERELLE_DB_POOL_SIZE: process.env.PASSERELLE_DB_POOL_SIZE }),
  });
}

/** The embedded simulator's statements name its tables; the gateway's never do. */
const SIMULATOR_SQL = /\bsimulator_/;

function instrument(db: Db): { counts(): SqlCount; restore(): void } {
  const gateway = { statements: 0, transactions: 0 };
  const simulator = { statements: 0, transactions: 0 };
  const count = (sql: string) => {
    const party = SIMULATOR_SQL.test(sql) ? simulator : gateway;
    party.statements++;
    return party;
  };
  const { query, transaction } = db;
  db.query = function (sql, params) {
    count(sql);
    return query.call(db, sql, params);
  } as Db['query'];
  db.transaction = function (fn) {
    let party = gateway;
    return transaction
      .call(db, (q) =>
        fn({
          query(sql, params) {
            if (count(sql) === simulator) party = simulator;
            return q.query(sql, params);
          },
        }),
      )
      .finally(() => party.transactions++);
  } as Db['transaction'];
  const withRoundTrips = (c: typeof gateway) => ({ ...c, roundTrips: c.statements + 2 * c.transactions });
  return {
    counts: () => ({ ...withRoundTrips(gateway), simulator: withRoundTrips(simulator) }),
    restore() {
      db.query = query;
      db.transaction = transaction;
    },
  };
}

/** Starts the gateway on a free port; another process may take the port meanwhile: then tries another. */
async function startGateway(db: BenchDatabase): Promise<{ gateway: Gateway; baseUrl: string; poolSize: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const config = benchGatewayConfig(db, port);
    // Written as pino writes to standard output by default (sync: false), to a file that costs no disk.
    const sink = config.logLevel === 'silent' ? undefined : pino.destination({ dest: '/dev/null', sync: false });
    const gateway = await createGateway(config, createLogger(config.logLevel, sink), { autoStartWorker: false });
    try {
      await ensureDemoMerchant(gateway.deps, {
        merchantId: BENCH_MERCHANT_ID,
        accessKey: BENCH_ACCESS_KEY,
        cardCode: gateway.deps.paymentMethods.cardCodes[0]!,
      });
      const baseUrl = await gateway.listen(port, '127.0.0.1');
      if (baseUrl !== config.publicUrl)
        throw new Error(`gateway listens on ${baseUrl}, public URL is ${config.publicUrl}`);
      // The simulator's timer retries callbacks the gateway did not answer 200 (the worker stays off).
      gateway.simulator?.start();
      return { gateway, baseUrl, poolSize: config.dbPoolSize };
    } catch (err) {
      await gateway.close();
      if (attempt < 3 && (err as NodeJS.ErrnoException).code === 'EADDRINUSE') continue;
      throw err;
    }
  }
}

export async function startGatewayTarget(db: BenchDatabase): Promise<GatewayTarget> {
  const { gateway, baseUrl, poolSize } = await startGateway(db);
  const authorization = `Basic ${Buffer.from(`${BENCH_MERCHANT_ID}:${BENCH_ACCESS_KEY}`).toString('base64')}`;
  const embeddedCallbacks: CallbackSource = {
    deliveries: async () => (await gateway.simulator?.callbacks()) ?? [],
    async idle(timeoutMs) {
      if (!gateway.simulator) return true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([gateway.simulator.idle().then(() => true as const), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
  const callbackMark = async (source: CallbackSource): Promise<CallbackMark> => {
    const deliveries = await source.deliveries();
    const [seen] = await gateway.db.query<{ n: string | number }>('SELECT count(*) AS n FROM partner_callbacks_seen');
    const [event] = await gateway.db.query<{ id: string | number | null }>('SELECT max(id) AS id FROM session_events');
    return {
      lastDeliveryId: deliveries.reduce((m, d) => Math.max(m, d.id), 0),
      callbacksSeen: Number(seen?.n ?? 0),
      lastEventId: Number(event?.id ?? 0),
    };
  };

  /** A REST doWebPayment of the bench merchant; its session token. */
  const openSession = async (orderRef: string, amount?: number): Promise<string> => {
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/v1/checkout/sessions',
      headers: { authorization, 'content-type': 'application/json' },
      payload: restSessionBody(orderRef, amount),
    });
    if (res.statusCode !== 201)
      throw new Error(`creating bench session ${orderRef}: HTTP ${res.statusCode} ${res.body.slice(0, 300)}`);
    return (JSON.parse(res.body) as { sessionId: string }).sessionId;
  };

  return {
    gateway,
    baseUrl,
    authorization,
    poolSize,
    async countSql(fn) {
      const probe = instrument(gateway.db);
      try {
        const value = await fn(() => probe.counts());
        return { value, ...probe.counts() };
      } finally {
        probe.restore();
      }
    },
    createTokens(n, concurrency = 32) {
      return inParallel(n, concurrency, (i) => openSession(`SEED-${i}`));
    },
    async createPaidPayments(n, amount, concurrency = 8) {
      const ids = await inParallel(n, concurrency, async (i) => {
        const token = await openSession(`PAID-${i}`, amount);
        await gateway.app.inject({ url: `/v2/?token=${token}` });
        const paid = await gateway.app.inject({ method: 'POST', url: '/v2/simulator/pay', payload: { token } });
        const [row] = await gateway.db.query<{ id: string }>(
          `SELECT id FROM transactions WHERE token = $1 AND result_code = '00000'`,
          [token],
        );
        if (paid.statusCode !== 303 || !row)
          throw new Error(`paying bench payment ${i}: HTTP ${paid.statusCode}, no accepted transaction`);
        return row.id;
      });
      // Their callbacks settle nothing more, but would weigh on the next measurement.
      await gateway.simulator?.idle();
      return ids;
    },
    embeddedCallbacks,
    callbackMark,
    async callbacksSince(source, mark) {
      // The simulator keeps its last 5,000 deliveries: "sent" comes from the ids, states from those kept.
      const deliveries = (await source.deliveries()).filter((d) => d.id > mark.lastDeliveryId);
      const notDelivered: Record<string, number> = {};
      for (const d of deliveries) {
        if (d.state === 'delivered') continue;
        const key = `${d.state}: ${d.lastResult ?? '?'}`;
        notDelivered[key] = (notDelivered[key] ?? 0) + 1;
      }
      const now = await callbackMark(source);
      const events = await gateway.db.query<{ source: string; settled: boolean; n: string | number }>(
        // A partner status arriving after the final result is kept in the history with that result, marked ignored: it
        // settled nothing.
        `SELECT source, result_code = '00000' AND (detail IS NULL OR NOT detail ? 'ignored') AS settled, count(*) AS n
           FROM session_events WHERE id > $1 GROUP BY 1, 2`,
        [mark.lastEventId],
      );
      const settledBy: Record<string, number> = {};
      for (const e of events) if (e.settled) settledBy[e.source] = (settledBy[e.source] ?? 0) + Number(e.n);
      return {
        sent: Math.max(0, now.lastDeliveryId - mark.lastDeliveryId),
        tracked: deliveries.length,
        delivered: deliveries.filter((d) => d.state === 'delivered').length,
        notDelivered,
        accepted: now.callbacksSeen - mark.callbacksSeen,
        changedSession: events.filter((e) => e.source === 'callback').reduce((n, e) => n + Number(e.n), 0),
        settledBy,
      };
    },
    async addMerchantWithPartner(merchantId, partner) {
      const admin = gateway.deps;
      const { accessKey } = await runAdminOperation(admin, 'merchant create', {
        id: merchantId,
        companyName: DEMO.companyName,
        tradeName: DEMO.tradeName,
      });
      await runAdminOperation(admin, 'pos create', { merchantId, label: DEMO.pointOfSale });
      await runAdminOperation(admin, 'contract create', {
        merchantId,
        contractNumber: DEMO.contractNumber,
        pointOfSale: DEMO.pointOfSale,
        partnerContractId: DEMO.partnerContractId,
        tradeName: DEMO.contractTradeName,
        partner,
      });
      return `Basic ${Buffer.from(`${merchantId}:${accessKey}`).toString('base64')}`;
    },
    close: () => gateway.close(),
  };
}

/** `make(0…n-1)` with at most `concurrency` in flight; results in completion order. */
async function inParallel<T>(n: number, concurrency: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) out.push(await make(next++));
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return out;
}
