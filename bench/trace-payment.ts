/**
 * One complete payment, traced: every SQL statement the gateway (and apart, the embedded simulator) sends, grouped by
 * the HTTP request that caused it, with counts of statements, transactions and round trips per step. The counts are
 * deterministic (except which of the buyer's return and the simulator's callback settles the payment first), so they
 * measure a change to the store without load and without noise.
 *
 *   node --import tsx bench/trace-payment.ts [--postgres[=URL]] [--soap] [--quiet] [--cpu=N]
 *
 * --cpu=N then runs N more payments one after the other under the CPU profiler and prints the CPU per payment of the
 * gateway, the embedded simulator, the database driver and logging apart (bench/cpu-split.ts).
 * PGlite in memory by default; --postgres creates a throwaway database on the local server (BENCH_DATABASE_URL or
 * the default test server) and drops it. --soap creates the session with SOAP doWebPayment instead of REST.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db, Queryable } from '../src/store/db.js';
import { cpuSplit } from './cpu-split.js';
import { createPgliteDatabase, createPostgresDatabase, type BenchDatabase } from './databases.js';
import { startGatewayTarget } from './gateway-target.js';
import { onePayment } from './one-payment.js';
import { paymentsInWorker } from './payment-worker.js';
import { DEFAULT_POSTGRES_URL } from './settings.js';

/** The embedded simulator's statements name its tables; the gateway's never do. */
const SIMULATOR_SQL = /\bsimulator_/;

interface Traced {
  step: string;
  /** The HTTP request (method and path) the statement was sent for, or "(timer)" outside any. */
  request: string;
  party: 'gateway' | 'simulator';
  sql: string;
  /** Inside a db.transaction(): its number, else undefined. */
  tx?: number;
}

interface Counts {
  statements: number;
  transactions: number;
  roundTrips: number;
}

const requestOf = new AsyncLocalStorage<string>();
let step = 'setup';
const trace: Traced[] = [];

/** Every statement and transaction of `db`, recorded with the step and request under way, until the returned stop. */
function record(db: Db): () => void {
  const { query, transaction } = db;
  let txSeq = 0;
  const note = (sql: string, tx?: number) => {
    trace.push({
      step,
      request: requestOf.getStore() ?? '(timer)',
      party: SIMULATOR_SQL.test(sql) ? 'simulator' : 'gateway',
      sql: sql.replace(/\s+/g, ' ').trim(),
      ...(tx !== undefined && { tx }),
    });
  };
  db.query = function (sql, params) {
    note(sql);
    return query.call(db, sql, params);
  } as Db['query'];
  db.transaction = function (fn) {
    const tx = ++txSeq;
    return transaction.call(db, (q: Queryable) =>
      fn({
        query(sql, params) {
          note(sql, tx);
          return q.query(sql, params);
        },
      }),
    );
  } as Db['transaction'];
  return () => {
    db.query = query;
    db.transaction = transaction;
  };
}

/** Runs each HTTP request of the gateway's server in an async context naming it. */
function labelRequests(server: import('node:http').Server): void {
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const label = `${req.method} ${(req.url ?? '').replace(/token=[^&]+/, 'token=…').replace(/\/[A-Za-z0-9]{20,}/g, '/…')}`;
    requestOf.run(label, () => listeners.forEach((l) => l.call(server, req, res)));
  });
}

function countsOf(rows: Traced[]): Counts {
  const txs = new Set(rows.filter((r) => r.tx !== undefined).map((r) => r.tx));
  return { statements: rows.length, transactions: txs.size, roundTrips: rows.length + 2 * txs.size };
}

const show = (c: Counts) => `${c.statements} q + ${c.transactions} tx (${c.roundTrips} rt)`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const pgArg = args.find((a) => a.startsWith('--postgres'));
  const soap = args.includes('--soap');
  const quiet = args.includes('--quiet');
  const cpuRuns = Number(args.find((a) => a.startsWith('--cpu='))?.split('=')[1] ?? 0);
  const db: BenchDatabase = pgArg
    ? await createPostgresDatabase(pgArg.split('=')[1] || process.env.BENCH_DATABASE_URL || DEFAULT_POSTGRES_URL)
    : await createPgliteDatabase('memory');
  const target = await startGatewayTarget(db);
  const { gateway, baseUrl, authorization } = target;
  try {
    const stopRecording = record(gateway.db);
    labelRequests(gateway.app.server);
    // A first payment warms the caches (merchant configuration, simulator keys): the second one is traced.
    const idle = () => gateway.simulator?.idle() ?? Promise.resolve();
    await onePayment(baseUrl, authorization, soap, (s) => (step = `warm-up ${s}`), idle);
    trace.length = 0;
    await onePayment(baseUrl, authorization, soap, (s) => (step = s), idle);
    step = 'done';

    const steps = [...new Set(trace.filter((t) => t.step !== 'setup' && t.step !== 'done').map((t) => t.step))];
    console.log(`Complete payment on ${db.label} (${soap ? 'SOAP' : 'REST'} doWebPayment)\n`);
    for (const s of steps) {
      const rows = trace.filter((t) => t.step === s);
      const gw = rows.filter((r) => r.party === 'gateway');
      console.log(
        `== ${s}: gateway ${show(countsOf(gw))}, simulator ${show(countsOf(rows.filter((r) => r.party === 'simulator')))}`,
      );
      if (quiet) continue;
      for (const request of new Set(rows.map((r) => r.request))) {
        const of = rows.filter((r) => r.request === request);
        console.log(`  ${request}: ${show(countsOf(of.filter((r) => r.party === 'gateway')))}`);
        for (const r of of)
          console.log(
            `    ${r.party === 'simulator' ? 'sim ' : ''}${r.tx !== undefined ? `[tx${r.tx}] ` : ''}${r.sql.slice(0, 160)}`,
          );
      }
    }
    const all = trace.filter((t) => steps.includes(t.step));
    console.log(
      `\nTOTAL gateway ${show(countsOf(all.filter((r) => r.party === 'gateway')))}, simulator ${show(countsOf(all.filter((r) => r.party === 'simulator')))}`,
    );
    if (cpuRuns > 0) {
      stopRecording();
      // The buyer and merchant run in a worker thread: the profile samples this thread, the gateway's, only.
      const split = await cpuSplit(async () => {
        await paymentsInWorker({ baseUrl, authorization, soap, count: cpuRuns });
        await idle();
      });
      const sampled = Object.values(split.ms).reduce((a, b) => a + b, 0);
      // Shares of the gateway thread's busy samples: wall-clock samples, so on a busy machine they overstate time
      // (the thread descheduled still samples as running); the shares are what compares.
      const parts = Object.entries(split.ms).map(([party, ms]) => `${party} ${((100 * ms) / sampled).toFixed(1)} %`);
      console.log(
        `\nCPU of ${cpuRuns} payments one at a time: ${(split.processMs / cpuRuns).toFixed(1)} ms per payment for the process (the client's worker thread included); the gateway thread's busy samples: ${parts.join(', ')}`,
      );
    }
  } finally {
    await target.close();
    await db.drop();
  }
}

await main();
