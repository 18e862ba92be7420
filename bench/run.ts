/**
 * `npm run bench`: measures the gateway against three baselines, in one run, on this machine.
 *
 *   1. baseline: bare Fastify JSON route (no database)
 *   2. per database (PGlite, then PostgreSQL if reachable), each a fresh store dropped at the end:
 *      baselines bare INSERT…RETURNING and bare SELECT by primary key, then the gateway (production
 *      composition root) for REST doWebPayment, SOAP doWebPayment, SOAP getWebPaymentDetails and SOAP
 *      doAuthorization, complete payments (doWebPayment → page → pay → getWebPaymentDetails) through
 *      the embedded Payconiq simulator and through one in its own process (BENCH_SIMULATOR), then
 *      SOAP doRefund spread over many payments and all on one.
 *
 * Servers run in this process; autocannon and the full-payment driver run in a child process (see
 * load-generator.ts, flow-driver.ts). Prints the tables, writes .bench/results-<timestamp>.json, and
 * exits 1 when a scenario mostly measured errors (errors + non-2xx + unexpected bodies, or failed
 * payments, above BENCH_MAX_BAD_SHARE), 2 when aborted.
 * Settings: see settings.ts (BENCH_DURATION, BENCH_CONNECTIONS, BENCH_FLOW_BUYERS, BENCH_WARMUP, BENCH_DATABASE_URL…).
 */
import { MERCHANT_JWKS_PATH } from '../src/http/partner-callbacks/merchant-jwks-plugin.js';
import { DEMO } from '../src/merchants/ensure-demo-merchant.js';
import {
  applyFlowCeilings,
  applyTargetBudgets,
  applyFlowRatios,
  applyRatios,
  disturbanceNotice,
  failedFlows,
  failedScenarios,
} from './analysis.js';
import { startBareDatabaseServer, startBareJsonServer } from './baselines.js';
import { createPgliteDatabase, createPostgresDatabase, probePostgres, type BenchDatabase } from './databases.js';
import { runOneFlow } from './flow-driver.js';
import {
  benchGatewayConfig,
  startGatewayTarget,
  type CallbackSource,
  type GatewayTarget,
  type SqlCount,
} from './gateway-target.js';
import { LoadGenerator } from './load-generator.js';
import type { LoadSpec } from './load-spec.js';
import { cpuBetween, hostInfo, sampleCpu, type CpuUse } from './machine.js';
import {
  badCount,
  flowBadCount,
  renderCallbacks,
  renderCostTable,
  renderFlowCeilings,
  renderTargetBudgets,
  renderFlowCost,
  renderFlowFailures,
  renderFlowRatios,
  renderFlowSqlSteps,
  renderFlowSteps,
  renderFlowTable,
  renderRatios,
  renderStoredRatios,
  renderTable,
  writeJsonReport,
  type FlowScenarioResult,
  type ScenarioResult,
} from './report.js';
import { Resources } from './resources.js';
import { startSimulatorProcess } from './simulator-process.js';
import { storePayments } from './stored-payments.js';
import {
  bareInsertSpec,
  bareJsonSpec,
  bareSelectSpec,
  fullPaymentSpec,
  preflight,
  restDoWebPaymentSpec,
  SCENARIOS,
  soapDoAuthorizationSpec,
  soapDoRefundSpec,
  soapDoWebPaymentSpec,
  soapWebPaymentDetailsSpec,
  type LoadShape,
  type Scenario,
  type ScenarioId,
} from './scenarios.js';
import { loadBenchSettings } from './settings.js';

const settings = (() => {
  try {
    return loadBenchSettings();
  } catch (err) {
    console.error(`bench: ${(err as Error).message}`);
    process.exit(1);
  }
})();
const startedAt = new Date();
const host = hostInfo();
const resources = new Resources();
const results: ScenarioResult[] = [];
const flows: FlowScenarioResult[] = [];
const notices: string[] = [];
const databases: { label: string; facts: Record<string, string>; poolSize: number }[] = [];
const shapes: LoadShape[] = settings.connections.map((connections) => ({ connections, durationS: settings.durationS }));
const wanted = (id: ScenarioId) => !settings.scenarios || settings.scenarios.has(id);
for (const id of settings.scenarios ?? []) {
  if (!(id in SCENARIOS)) {
    console.error(`bench: BENCH_SCENARIOS names ${id}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    process.exit(1);
  }
}
const log = (line: string) => process.stdout.write(`${line}\n`);
/** A database URL without its credentials, for printing and for the JSON report. */
const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//…@');

// At most 25 scenarios per round of warm-up + measurement + set-up, and storing the payments (about a minute per
// million on PostgreSQL, a few on PGlite): a generous bound, but the run cannot hang.
const budgetMs =
  25 * shapes.length * (settings.durationS + settings.warmupS + 20) * 1000 * 2 +
  120_000 +
  (settings.storedPayments / 1_000_000) * 2 * 600_000;
const watchdog = setTimeout(() => void abort(`the run took longer than ${Math.round(budgetMs / 1000)} s`), budgetMs);
watchdog.unref();
process.once('SIGINT', () => void abort('interrupted'));
process.once('SIGTERM', () => void abort('terminated'));

async function abort(why: string, code = 2): Promise<never> {
  console.error(`\nbench: ${why}; closing servers and databases…`);
  await resources.closeAll();
  process.exit(code);
}

const load = LoadGenerator.start();
resources.add('load generator', () => load.stop());

interface Accounted<T> {
  value: T;
  cpu: CpuUse;
  wal?: { bytesPerRequest: number; syncsPerRequest: number } | undefined;
  /** Peak resident set size of this process (the servers under test, PGlite included) during the run, MB. */
  rssMb: number;
}

/** Samples this process's RSS every 100 ms until stopped; the peak. */
function watchRss(): () => number {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage.rss()) / 2 ** 20;
  };
}

/**
 * Runs `run` with CPU and (PostgreSQL) WAL accounting around it, per unit of work (`units` of its result);
 * `simulatorPid`: a partner simulator's process whose CPU counts apart.
 */
async function accounted<T>(
  db: BenchDatabase | undefined,
  run: () => Promise<T>,
  units: (value: T) => number,
  simulatorPid?: number,
): Promise<Accounted<T>> {
  const monitor = db?.monitor;
  const pgPids = monitor && new Set(await monitor.pids());
  const wal0 = await monitor?.wal();
  const before = sampleCpu();
  const rss = watchRss();
  const value = await run();
  const rssMb = rss();
  const after = sampleCpu();
  const n = units(value);
  // Connections opened during the run count too (the pools keep them open until closed).
  if (monitor) for (const pid of await monitor.pids()) pgPids!.add(pid);
  const wal1 = await monitor?.wal();
  const wal =
    monitor && wal0 && wal1 && n
      ? { bytesPerRequest: (await monitor.walBytes(wal0, wal1)) / n, syncsPerRequest: (wal1.syncs - wal0.syncs) / n }
      : undefined;
  return { value, cpu: cpuBetween(before, after, n, load.pid, pgPids, simulatorPid), wal, rssMb };
}

/** Warm-up, then one measured run of `spec`, with CPU and (PostgreSQL) WAL accounting around it. */
async function measure(
  scenario: Scenario,
  db: BenchDatabase | undefined,
  spec: LoadSpec,
  sqlPerRequest?: SqlCount,
  stored?: StoredRound,
): Promise<void> {
  if (settings.warmupS > 0) await load.run({ ...spec, durationS: settings.warmupS });
  const {
    value: r,
    cpu,
    wal,
    rssMb,
  } = await accounted(
    db,
    () => load.run(spec),
    (v) => v.responses,
  );
  const result: ScenarioResult = {
    scenario,
    database: stored?.database ?? db?.label ?? '—',
    emptyDatabase: stored?.emptyDatabase,
    connections: spec.connections,
    load: r,
    cpu,
    wal,
    rssMb,
    sqlPerRequest,
    ratios: {},
    ...badCount(r),
  };
  results.push(result);
  log(
    `  ${scenario.title}${stored ? ` (${stored.database})` : ''}, ${spec.connections} conn: ${Math.round(r.reqPerSec.mean)} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ${result.bad} bad of ${r.responses + r.errors + r.timeouts}`,
  );
  // Let the database settle (WAL flush, autovacuum) before the next scenario.
  await new Promise((resolve) => setTimeout(resolve, 500));
}

/** Accepted payments the spread refund scenario cycles through (32 connections rarely meet on one). */
const REFUNDED_PAYMENTS = 200;
/** Seconds of the single-buyer full-payment run (at most BENCH_DURATION). */
const UNLOADED_FLOW_S = 3;

/** SQL counted between two readings. */
function minus(a: SqlCount, b: SqlCount): SqlCount {
  const d = (x: Omit<SqlCount, 'simulator'>, y: Omit<SqlCount, 'simulator'>) => ({
    statements: x.statements - y.statements,
    transactions: x.transactions - y.transactions,
    roundTrips: x.roundTrips - y.roundTrips,
  });
  return { ...d(a, b), simulator: a.simulator && b.simulator && d(a.simulator, b.simulator) };
}

/** The Payconiq simulator the complete payments go through, and the merchant whose contract reaches it. */
interface FlowPartner {
  simulator: FlowScenarioResult['simulator'];
  authorization: string;
  callbacks: CallbackSource;
  /** Its process when it runs apart from the gateway's: its CPU counts apart. */
  pid?: number | undefined;
}

/** How long the callbacks of a run may take to leave the simulator once the buyers stopped. */
const CALLBACKS_DRAIN_MS = 10_000;

/**
 * Complete payments through `partner`: pre-flight (one payment checked step by step, then one more
 * with its SQL counted, callbacks included), a short single-buyer run (step latency without
 * queueing), warm-up, then the measured closed loop. Callbacks are counted from the simulator's
 * deliveries and the gateway's store around the measured run.
 */
async function measureFullPayment(
  db: BenchDatabase,
  target: GatewayTarget,
  shape: LoadShape,
  partner: FlowPartner,
  stored?: StoredRound,
): Promise<void> {
  const scenario = SCENARIOS['full-payment'];
  const buyers = settings.flowBuyers ?? Math.min(shape.connections, 256);
  const spec = fullPaymentSpec(target.baseUrl, partner.authorization, buyers, settings.durationS);
  const callbacksIdle = () => partner.callbacks.idle(CALLBACKS_DRAIN_MS);
  await runOneFlow(spec);
  await callbacksIdle();
  const steps: FlowScenarioResult['sqlPerStep'] = [];
  const { value: _, ...sqlPerFlow } = await target.countSql(async (sofar) => {
    let before = sofar();
    const take = (step: string) => {
      const now = sofar();
      steps.push({ step, sql: minus(now, before) });
      before = now;
    };
    await runOneFlow(spec, take);
    await callbacksIdle();
    take('callbacks after the flow');
  });
  const unloaded = await load.runFlows({
    ...spec,
    buyers: 1,
    durationS: Math.min(UNLOADED_FLOW_S, settings.durationS),
  });
  if (settings.warmupS > 0) await load.runFlows({ ...spec, durationS: settings.warmupS });
  await callbacksIdle();
  const mark = await target.callbackMark(partner.callbacks);
  const {
    value: r,
    cpu,
    wal,
    rssMb,
  } = await accounted(
    db,
    () => load.runFlows(spec),
    (v) => v.completed,
    partner.pid,
  );
  const drained = await callbacksIdle();
  const callbacks = { ...(await target.callbacksSince(partner.callbacks, mark)), drained };
  const result: FlowScenarioResult = {
    scenario,
    simulator: partner.simulator,
    database: stored?.database ?? db.label,
    emptyDatabase: stored?.emptyDatabase,
    buyers: spec.buyers,
    flow: r,
    unloaded,
    cpu,
    wal,
    rssMb,
    sqlPerFlow,
    sqlPerStep: steps,
    callbacks,
    ...flowBadCount(r, unloaded),
  };
  flows.push(result);
  const label = `${scenario.title}${partner.simulator === 'process' ? ' in its own process' : ''}${stored ? ` (${stored.database})` : ''}`;
  log(
    `  ${label}, 1 buyer: ${unloaded.flowsPerSec.toFixed(1)} payments/s, p50 ${unloaded.latencyMs.p50.toFixed(1)} ms, ${unloaded.failures} failed of ${unloaded.attempts}`,
  );
  log(
    `  ${label}: ${r.flowsPerSec.toFixed(1)} payments/s, p50 ${r.latencyMs.p50.toFixed(1)} ms, p99 ${r.latencyMs.p99.toFixed(1)} ms, ${r.failures} failed of ${r.attempts}; callbacks ${callbacks.sent} sent, ${callbacks.delivered} answered 200`,
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
}

/** The label of the results measured once the database holds `settings.storedPayments` payments. */
interface StoredRound {
  database: string;
  emptyDatabase: string;
}

async function storePaymentsFor(db: BenchDatabase, target: GatewayTarget): Promise<StoredRound> {
  const rows = settings.storedPayments;
  const [template] = await target.createPaidPayments(1, 1_000);
  const [row] = await target.gateway.db.query<{ token: string }>('SELECT token FROM transactions WHERE id = $1', [
    template!,
  ]);
  log(`  storing ${rows.toLocaleString('en-US')} payments (web session + transaction each)…`);
  let shown = 0;
  const seconds = await storePayments(target.gateway.db, row!.token, rows, (done) => {
    if (done - shown >= rows / 4 || done === rows) log(`    ${done.toLocaleString('en-US')} stored`);
    if (done - shown >= rows / 4) shown = done;
  });
  // PGlite stores them on this thread: the servers' idle keep-alive sockets time out only now that
  // it is free again. Reusing one while it closes would fail the next pre-flight (ECONNRESET).
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  log(`  stored in ${seconds.toFixed(0)} s; the main scenarios again:`);
  const count = rows >= 1_000_000 && rows % 1_000_000 === 0 ? `${rows / 1_000_000}M` : rows.toLocaleString('en-US');
  return { database: `${db.label}, ${count} payments stored`, emptyDatabase: db.label };
}

async function benchBareJson(): Promise<void> {
  log('\nNo database');
  const server = await startBareJsonServer();
  const close = resources.add('bare JSON server', () => server.close());
  try {
    for (const shape of shapes) {
      const spec = bareJsonSpec(server.baseUrl, shape);
      await preflight(spec);
      await measure(SCENARIOS['bare-json'], undefined, spec);
    }
  } finally {
    await close();
  }
}

async function benchDatabase(db: BenchDatabase): Promise<void> {
  const dropDb = resources.add(`${db.label} database`, () => db.drop());
  try {
    const poolSize = benchGatewayConfig(db).dbPoolSize;
    databases.push({ label: db.label, facts: db.facts, poolSize });
    log(
      `\n${db.label} — ${Object.entries(db.facts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; pool ${db.kind === 'pglite' ? 'n/a (one embedded connection)' : poolSize}`,
    );

    /** The bare INSERT and SELECT at each shape; measured before the gateway's scenarios and again after them. */
    const baselines = async (at: LoadShape[]) => {
      const bare = await startBareDatabaseServer(db, poolSize);
      const closeBare = resources.add('bare database server', () => bare.close());
      try {
        for (const shape of at) {
          for (const [scenario, spec] of [
            [SCENARIOS['bare-insert'], bareInsertSpec(bare.baseUrl, shape)],
            [SCENARIOS['bare-select'], bareSelectSpec(bare.baseUrl, shape)],
          ] as const) {
            await preflight(spec);
            await measure(scenario, db, spec);
          }
        }
      } finally {
        await closeBare();
      }
    };
    await baselines(shapes);
    await benchGateway(db, (shape) => baselines([shape]));
  } finally {
    await dropDb();
  }
}

/**
 * The gateway's scenarios on `db`; `baselinesAgain` measures the bare servers once more after the main scenarios of
 * each shape (the machine's speed drifts over a run; the ratios use the mean of both measurements).
 */
async function benchGateway(db: BenchDatabase, baselinesAgain: (shape: LoadShape) => Promise<void>): Promise<void> {
  const target = await startGatewayTarget(db);
  const closeGateway = resources.add('gateway', () => target.close());
  /** What to close before the gateway (the simulator process). */
  const closeWithGateway: (() => Promise<void>)[] = [];
  try {
    const run = async (scenario: Scenario, spec: LoadSpec, stored?: StoredRound) => {
      await preflight(spec, 0); // also fills the gateway's credential cache
      const sql = await target.countSql(() => preflight(spec, 1));
      await measure(scenario, db, spec, sql, stored);
    };
    const { baseUrl, authorization } = target;
    const embedded: FlowPartner = { simulator: 'embedded', authorization, callbacks: target.embeddedCallbacks };
    let apart: FlowPartner | undefined;
    const partner = async (simulator: FlowPartner['simulator']) =>
      simulator === 'embedded' ? embedded : (apart ??= await startPartnerApart(target, closeWithGateway));
    const tokens = wanted('soap-getWebPaymentDetails') ? await target.createTokens(settings.tokens) : [];
    /** The scenarios whose cost must not grow with the data, measured empty and again with payments stored. */
    const main = async (shape: LoadShape, stored?: StoredRound) => {
      if (wanted('rest-doWebPayment'))
        await run(SCENARIOS['rest-doWebPayment'], restDoWebPaymentSpec(baseUrl, authorization, shape), stored);
      if (wanted('soap-doWebPayment'))
        await run(SCENARIOS['soap-doWebPayment'], soapDoWebPaymentSpec(baseUrl, authorization, shape), stored);
      if (wanted('soap-getWebPaymentDetails'))
        await run(
          SCENARIOS['soap-getWebPaymentDetails'],
          soapWebPaymentDetailsSpec(baseUrl, authorization, tokens, shape),
          stored,
        );
    };
    for (const shape of shapes) {
      await main(shape);
      await baselinesAgain(shape);
      // Leaves thousands of payments pending at the simulator: the full payments that follow show
      // whether a large open book slows anything down (the simulator's expiry sweep once did, 2×).
      if (wanted('soap-doAuthorization'))
        await run(SCENARIOS['soap-doAuthorization'], soapDoAuthorizationSpec(baseUrl, authorization, shape));
      if (wanted('full-payment'))
        for (const simulator of settings.simulators)
          await measureFullPayment(db, target, shape, await partner(simulator));
      // 10 € payments take a thousand 1-cent refunds each; the single one is large enough for the run.
      if (wanted('soap-doRefund-spread')) {
        const spread = await target.createPaidPayments(REFUNDED_PAYMENTS, 1_000);
        await run(SCENARIOS['soap-doRefund-spread'], soapDoRefundSpec(baseUrl, authorization, spread, shape));
      }
      if (wanted('soap-doRefund-one-payment')) {
        const [single] = await target.createPaidPayments(1, 10_000_000);
        await run(SCENARIOS['soap-doRefund-one-payment'], soapDoRefundSpec(baseUrl, authorization, [single!], shape));
      }
    }
    if (settings.storedPayments > 0) {
      const stored = await storePaymentsFor(db, target);
      for (const shape of shapes) {
        await main(shape, stored);
        if (wanted('full-payment'))
          await measureFullPayment(db, target, shape, await partner(settings.simulators[0]!), stored);
      }
    }
  } finally {
    for (const close of closeWithGateway.splice(0).reverse()) await close();
    await closeGateway();
  }
}

/** The merchant whose contract reaches the simulator in its own process. */
const MERCHANT_APART_ID = 'BENCHMERCHANT02';

/**
 * `passerelle simulator` in its own process, and a merchant whose contract points at it as at the real partner;
 * the process's closing goes to `closers`.
 */
async function startPartnerApart(target: GatewayTarget, closers: (() => Promise<void>)[]): Promise<FlowPartner> {
  // The profile's merchant id is the contract's partner id, as the embedded simulator's (the `iss` of signed requests).
  const sim = await startSimulatorProcess(DEMO.partnerContractId, `${target.baseUrl}${MERCHANT_JWKS_PATH}`);
  closers.push(resources.add('simulator process', () => sim.close()));
  const authorization = await target.addMerchantWithPartner(MERCHANT_APART_ID, {
    apiKey: sim.profile.apiKey,
    ppid: sim.profile.ppid,
    apiBaseUrl: sim.baseUrl,
    jwksUrl: `${sim.baseUrl}/jwks/`,
  });
  log(`  Payconiq simulator in its own process (pid ${sim.pid}) at ${sim.baseUrl}, contract of ${MERCHANT_APART_ID}`);
  return { simulator: 'process', authorization, callbacks: sim, pid: sim.pid };
}

async function benchPostgres(url: string): Promise<void> {
  const probe = await probePostgres(url);
  if (!probe.ok) {
    const notice = `NOTICE: PostgreSQL at ${redact(url)} is unreachable (${probe.reason}): PostgreSQL scenarios SKIPPED.`;
    notices.push(notice);
    log(`\n${notice}`);
    return;
  }
  await benchDatabase(await createPostgresDatabase(url));
}

log(`Passerelle bench — ${startedAt.toISOString()}`);
log(
  `Host: ${host.cpus} × ${host.cpuModel}, ${host.memoryGb} GB, Node ${host.node}, ${Object.entries(host.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
log(
  `Load: autocannon, closed model, ${settings.connections.join(' then ')} connections, ${settings.durationS} s per scenario after ${settings.warmupS} s warm-up, 127.0.0.1 only.`,
);
log(
  `Servers under test run in this process (pid ${process.pid}); autocannon runs in a child process (pid ${load.pid}). They share`,
);
log(
  `the ${host.cpus} CPUs with each other, with PostgreSQL and with whatever else runs on the machine (see "other" below).`,
);
log(
  `Latency has 1 ms resolution (autocannon histogram). SQL/req = statements the gateway's store sent for one pre-flight`,
);
log(`request ("+ 1 tx" = inside a db transaction); rt = round trips to the database (statements + BEGIN and COMMIT).`);
log(`RSS = peak resident memory of the process running the servers under test (PGlite's WASM heap included).`);
log(
  `Complete payments: ${settings.flowBuyers ?? 'as many'} virtual buyers${settings.flowBuyers ? '' : ' as connections'} in the same child process, each looping doWebPayment (REST) → hosted page`,
);
log(
  `→ MAKE A PAYMENT (simulator) → getWebPaymentDetails (SOAP) for ${settings.durationS} s after ${settings.warmupS} s warm-up; the gateway calls the`,
);
log(
  `embedded Payconiq simulator over loopback HTTP and the simulator calls back. Latency from the driver's clock (sub-ms).`,
);
log(
  `Simulator ${settings.simulators.join(' then ')} (BENCH_SIMULATOR=both|embedded|process): "process" = \`passerelle simulator\` in its own process, a contract`,
);
log(
  `of its own pointing at it (API URL, key, ppid, JWKS URL) as at the real partner; its callbacks verified with its JWKS.`,
);

try {
  await benchBareJson();
  await benchDatabase(await createPgliteDatabase(settings.pglite));
  if (settings.postgresUrl) await benchPostgres(settings.postgresUrl);
  else notices.push('NOTICE: BENCH_DATABASE_URL=off: PostgreSQL scenarios skipped.');
} catch (err) {
  console.error(err);
  await abort('the run failed', 1);
}
await resources.closeAll();
clearTimeout(watchdog);

applyRatios(results);
applyFlowRatios(flows, results);
applyFlowCeilings(flows, host.cpus);
applyTargetBudgets(results, host.cpus);
const disturbed = disturbanceNotice([...results, ...flows]);
if (disturbed) notices.push(disturbed);
for (const f of flows) {
  const cb = f.callbacks;
  const lost = cb ? Object.values(cb.notDelivered).reduce((a, b) => a + b, 0) : 0;
  if (cb && (lost || !cb.drained)) {
    notices.push(
      `NOTICE: ${f.database}: ${lost} simulator callbacks were not answered 200${cb.drained ? '' : ' (some still on the wire after 10 s)'}: ${JSON.stringify(cb.notDelivered)}.`,
    );
  }
}
const failures = [...failedScenarios(results, settings.maxBadShare), ...failedFlows(flows, settings.maxBadShare)];

log(`\nResults (${settings.durationS} s each; ratios against the baselines at the same connections in this run)\n`);
log(renderTable(results));
log(
  `\nCost per request and CPU use (cores busy on average during the measurement; "other" = processes unrelated to the bench)\n`,
);
log(renderCostTable(results));
log(`\nThroughput against the baselines measured in this run:\n${renderRatios(results)}`);
log(
  `\nThe CPU a request may cost to reach its target with all ${host.cpus} cores busy (the load generator's share taken off), against what it cost:\n${renderTargetBudgets(results)}`,
);
if (flows.length) {
  log(
    `\nComplete payments through the Payconiq simulator (closed loop, ${settings.durationS} s each; 4 HTTP requests per payment)\n`,
  );
  log(renderFlowTable(flows));
  log(
    `\nWhat the machine allows: the payments/s if the gateway process cost nothing (${host.cpus} cores over the CPU per payment of the`,
  );
  log(`load generator, PostgreSQL — PGlite runs in the gateway — and the simulator when it runs apart)\n`);
  log(renderFlowCeilings(flows));
  log(
    `\nWhere the time of a payment goes (ms, completed payments; 1 buyer = a short run alone before the measurement, no queueing;`,
  );
  log(`each step includes the gateway's own HTTP calls to the simulator)\n`);
  log(renderFlowSteps(flows));
  log(
    `\nCost per complete payment (SQL: one pre-flight payment, its callbacks included; server CPU includes the embedded`,
  );
  log(
    `simulator, which runs in the gateway process; a simulator in its own process keeps its state in memory: no SQL)\n`,
  );
  log(renderFlowCost(flows));
  log(`\nSQL of one payment, step by step (the first pre-flight of each database; a callback counts in the step it`);
  log(`arrived during)\n`);
  log(renderFlowSqlSteps(flows));
  log(
    `\nSimulator callbacks during the run (a callback for a payment already settled by the buyer's return is verified, recorded and changes nothing)\n`,
  );
  log(renderCallbacks(flows));
  log(`\nA complete payment against REST doWebPayment measured in this run:\n${renderFlowRatios(flows)}`);
  const reasons = renderFlowFailures(flows);
  if (reasons) log(`\nFailed payments, by step and reason:\n${reasons}`);
}
const storedTable = renderStoredRatios(results, flows);
if (storedTable) {
  log(
    `\nThe same scenarios with ${settings.storedPayments.toLocaleString('en-US')} payments already stored, against the empty database\n`,
  );
  log(storedTable);
}
for (const n of notices) log(`\n${n}`);

const file = await writeJsonReport(
  new URL('../.bench/', import.meta.url),
  {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    settings: { ...settings, postgresUrl: settings.postgresUrl && redact(settings.postgresUrl) },
    host,
    loadGenerator:
      'autocannon and the full-payment driver (node:http, keep-alive) in a child process (closed model); servers under test in the parent process',
    databases,
    notices,
    failures,
    results: results.map((r) => ({ ...r, scenario: r.scenario.id, title: r.scenario.title, role: r.scenario.role })),
    fullPayments: flows.map((f) => ({ ...f, scenario: f.scenario.id, title: f.scenario.title, role: f.scenario.role })),
  },
  startedAt,
);
log(`\nJSON: ${file}`);

if (failures.length)
  console.error(
    `\nBENCH FAILED: scenarios measured errors rather than work:\n${failures.map((f) => `  ${f}`).join('\n')}`,
  );
process.exitCode = failures.length ? 1 : 0;
// Everything is closed, so the process ends by itself; should a handle leak, do not hang on it.
setTimeout(() => {
  console.error('bench: something kept the process alive after closing everything; exiting anyway');
  process.exit(process.exitCode);
}, 5_000).unref();
