/**
 * One complete payment, traced: every SQL statement the gateway (and apart, the embedded simulator) sends, grouped by
 * the HTTP request that caused it, with counts of statements, transactions and round trips per step. The counts are
 * deterministic (except which of the buyer's return and the simulator's callback settles the payment first), so they
 * measure a change to the store without load and without noise.
 *
 *   node --import tsx bench/trace-payment.ts [--postgres[=URL]] [--soap] [--quiet]
 *
 * PGlite in memory by default; --postgres creates a throwaway database on the local server (BENCH_DATABASE_URL or
 * the default test server) and drops it. --soap creates the session with SOAP doWebPayment instead of REST.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db, Queryable } from '../src/store/db.js';
import { createPgliteDatabase, createPostgresDatabase, type BenchDatabase } from './databases.js';
import { startGatewayTarget } from './gateway-target.js';
import { restSessionBody, soapDoWebPaymentBody, soapWebPaymentDetailsBody } from './payloads.js';
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

/** Every statement and transaction of `db`, recorded with the step and request under way. */
function record(db: Db): void {
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

/** One complete payment over HTTP, each step named in `step` while it runs. */
async function onePayment(
  baseUrl: string,
  authorization: string,
  soap: boolean,
  simulator: { idle(): Promise<void> } | undefined,
  prefix = '',
): Promise<void> {
  const send = (path: string, init: RequestInit) => fetch(new URL(path, baseUrl), { redirect: 'manual', ...init });
  const orderRef = `TRACE-${Date.now().toString(36)}`;
  const at = (name: string) => (step = prefix ? `${prefix} ${name}` : name);

  at('doWebPayment');
  let token: string;
  if (soap) {
    const res = await send('/V4/services/WebPaymentAPI', {
      method: 'POST',
      headers: { authorization, 'content-type': 'text/xml; charset=utf-8' },
      body: soapDoWebPaymentBody(orderRef),
    });
    const body = await res.text();
    token = /<(?:\w+:)?token>([^<]+)</.exec(body)?.[1] ?? '';
    if (!token) throw new Error(`doWebPayment: HTTP ${res.status} ${body.slice(0, 300)}`);
  } else {
    const res = await send('/v1/checkout/sessions', {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: restSessionBody(orderRef),
    });
    token = ((await res.json()) as { sessionId: string }).sessionId;
    if (res.status !== 201) throw new Error(`doWebPayment: HTTP ${res.status}`);
  }

  at('open page');
  const page = await send(`/v2/?token=${token}`, { headers: { accept: 'text/html' } });
  const html = await page.text();
  if (!/data-result-code="02306"/.test(html)) throw new Error(`open page: HTTP ${page.status}, not pending`);

  at('pay');
  const paid = await send('/v2/simulator/pay', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${encodeURIComponent(token)}`,
  });
  if (paid.status !== 303 || !paid.headers.get('location')?.includes('paylinetoken'))
    throw new Error(`pay: HTTP ${paid.status} → ${paid.headers.get('location')}`);

  // The simulator's signed callbacks are sent asynchronously: all of them in this step.
  at('callbacks');
  await simulator?.idle();

  at('getWebPaymentDetails');
  const details = await send('/V4/services/WebPaymentAPI', {
    method: 'POST',
    headers: { authorization, 'content-type': 'text/xml; charset=utf-8' },
    body: soapWebPaymentDetailsBody(token),
  });
  const code = /<(?:\w+:)?code>([^<]*)</.exec(await details.text())?.[1];
  if (code !== '00000') throw new Error(`getWebPaymentDetails: code ${code}`);
  at('done');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const pgArg = args.find((a) => a.startsWith('--postgres'));
  const soap = args.includes('--soap');
  const quiet = args.includes('--quiet');
  const db: BenchDatabase = pgArg
    ? await createPostgresDatabase(pgArg.split('=')[1] || process.env.BENCH_DATABASE_URL || DEFAULT_POSTGRES_URL)
    : await createPgliteDatabase('memory');
  const target = await startGatewayTarget(db);
  const { gateway, baseUrl, authorization } = target;
  try {
    record(gateway.db);
    labelRequests(gateway.app.server);
    // A first payment warms the caches (merchant configuration, simulator keys): the second one is traced.
    await onePayment(baseUrl, authorization, soap, gateway.simulator, 'warm-up');
    trace.length = 0;
    await onePayment(baseUrl, authorization, soap, gateway.simulator);

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
  } finally {
    await target.close();
    await db.drop();
  }
}

await main();
