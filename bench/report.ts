/** The results table printed at the end and the JSON file written to .bench/. */
import { mkdir, writeFile } from 'node:fs/promises';
import type { CallbackCounts, SqlCount } from './gateway-target.js';
import { FLOW_STEPS, type FlowResult, type FlowStep, type LoadResult } from './load-spec.js';
import type { CpuUse } from './machine.js';
import type { Scenario } from './scenarios.js';

export interface ScenarioResult {
  scenario: Scenario;
  /** "—" for the bare JSON baseline (no database). */
  database: string;
  /** Measured again once the database holds many payments: the label of the same database empty. */
  emptyDatabase?: string | undefined;
  /** Concurrent connections of the load generator. */
  connections: number;
  load: LoadResult;
  cpu: CpuUse;
  /** Peak RSS of the process running the servers under test during the measurement, MB. */
  rssMb: number;
  /** PostgreSQL only: WAL written and WAL flushes per response (flushes are cluster-wide and approximate). */
  wal?: { bytesPerRequest: number; syncsPerRequest: number } | undefined;
  /** SQL the gateway sent for one request of this scenario (measured on a single pre-flight request). */
  sqlPerRequest?: SqlCount | undefined;
  /**
   * What its throughput target leaves per request when every core is busy, against what it spent (analysis.ts,
   * applyTargetBudgets).
   */
  budget?: TargetBudget | undefined;
  /** req/s of this scenario divided by the baseline's (bare INSERT and bare SELECT: same database). */
  ratios: { vsBareJson?: number | undefined; vsBareInsert?: number | undefined; vsBareSelect?: number | undefined };
  /** Errors + timeouts + responses with an unexpected status or body, and their share of all attempts. */
  bad: number;
  badShare: number;
}

/** CPU per request (ms) that a scenario may spend to reach its target rate, and what it spent. */
export interface TargetBudget {
  targetRatio: number;
  targetReqPerSec: number;
  /** The cores over the target rate, less the load generator's share: for the gateway process and PostgreSQL. */
  machineMs: number;
  /** One core over the target rate: the gateway's JavaScript runs on one thread. */
  gatewayCoreMs: number;
  spentMs: { server: number; postgres?: number | undefined };
}

/** The full-payment scenario on one database. */
export interface FlowScenarioResult {
  scenario: Scenario;
  /** Where the Payconiq simulator ran: in the gateway's process (homologation's embedded one) or in its own. */
  simulator: 'embedded' | 'process';
  database: string;
  emptyDatabase?: string | undefined;
  /** Concurrent virtual buyers (closed loop). */
  buyers: number;
  flow: FlowResult;
  /** A short run with a single buyer before the measurement: the latency of each step without queueing. */
  unloaded?: FlowResult | undefined;
  /** CPU over the run; msPerRequest is per completed payment. */
  cpu: CpuUse;
  /** Peak RSS of the gateway process (simulator included) during the run, MB. */
  rssMb: number;
  /** PostgreSQL only: WAL written and WAL flushes per completed payment. */
  wal?: { bytesPerRequest: number; syncsPerRequest: number } | undefined;
  /** SQL the gateway sent for one payment (a pre-flight payment, its callbacks included). */
  sqlPerFlow?: SqlCount | undefined;
  /** … the same, step by step (a callback counts in the step it arrived during). */
  sqlPerStep?: { step: string; sql: SqlCount }[] | undefined;
  /** What the simulator's callbacks did during the run; `drained`: none was still on the wire when counted. */
  callbacks?: (CallbackCounts & { drained: boolean }) | undefined;
  /**
   * The payments/s this machine would reach if the gateway process cost nothing: its cores over the CPU per payment
   * of everything else measured in the run (load generator, PostgreSQL, the simulator when it runs apart).
   */
  ceiling?: { paymentsPerSec: number; cores: number; othersMsPerPayment: number } | undefined;
  /** REST doWebPayment measured on the same database in this run, and what one payment costs in those. */
  vsRestDoWebPayment?:
    { reqPerSec: number; serverCpuMsPerReq: number; throughput: number; serverCpu: number } | undefined;
  /** Failed payments and their share of all payments attempted. */
  bad: number;
  badShare: number;
}

/** Failed payments of the measured run and of the single-buyer run, over all payments attempted. */
export function flowBadCount(r: FlowResult, unloaded?: FlowResult): { bad: number; badShare: number } {
  const bad = r.failures + (unloaded?.failures ?? 0);
  const attempts = r.attempts + (unloaded?.attempts ?? 0);
  return { bad, badShare: attempts === 0 ? 1 : bad / attempts };
}

export function badCount(r: LoadResult): { bad: number; badShare: number } {
  const bad = r.errors + r.timeouts + r.unexpected;
  const attempts = r.responses + r.errors + r.timeouts;
  return { bad, badShare: attempts === 0 ? 1 : bad / attempts };
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || !Number.isFinite(n)
    ? '—'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** autocannon records whole milliseconds: 0 means under 1 ms. */
const ms = (n: number) => (n === 0 ? '<1' : fmt(n));
const ratio = (n: number | undefined) => (n === undefined ? '—' : `x${n.toFixed(2)}`);

function errorsCell(r: LoadResult): string {
  const cell = `${r.errors + r.timeouts} / ${r.non2xx}`;
  const badBody = r.unexpected - r.non2xx;
  return badBody > 0 ? `${cell} (+${badBody} bad)` : cell;
}

function sqlCell(s: Omit<SqlCount, 'simulator'> | undefined): string {
  if (!s) return '';
  return s.transactions ? `${s.statements} q + ${s.transactions} tx (${s.roundTrips} rt)` : `${s.statements} q`;
}

function table(header: string[], rows: string[][], leftAligned: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < leftAligned ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The requested table: throughput, latency, errors and ratios against the baselines. */
export function renderTable(results: ScenarioResult[]): string {
  const header = [
    'Scenario',
    'Database',
    'conn',
    'req/s (mean)',
    'p50 ms',
    'p99 ms',
    'err / non-2xx',
    'vs bare JSON',
    'vs bare INSERT',
    'vs bare SELECT',
  ];
  const rows = results.map((r) => [
    r.scenario.title,
    r.database,
    String(r.connections),
    fmt(r.load.reqPerSec.mean),
    ms(r.load.latencyMs.p50),
    ms(r.load.latencyMs.p99),
    errorsCell(r.load),
    ratio(r.ratios.vsBareJson),
    ratio(r.ratios.vsBareInsert),
    ratio(r.ratios.vsBareSelect),
  ]);
  return table(header, rows, 2);
}

const BASELINE_SQL: Partial<Record<Scenario['id'], string>> = {
  'bare-json': '0',
  'bare-insert': '1 q',
  'bare-select': '1 q',
};

/** Where the time goes: cost of one request, and who used the CPUs during the measurement. */
export function renderCostTable(results: ScenarioResult[]): string {
  const header = [
    'Scenario',
    'Database',
    'conn',
    'SQL/req',
    'server CPU ms/req',
    'PG CPU ms/req',
    'WAL B/req',
    'WAL flush/req',
    'RSS MB',
    'cores: server / load / PG / other',
  ];
  const c = (n: number | undefined) => (n === undefined ? '—' : n.toFixed(2));
  const rows = results.map((r) => [
    r.scenario.title,
    r.database,
    String(r.connections),
    sqlCell(r.sqlPerRequest) || BASELINE_SQL[r.scenario.id] || '',
    fmt(r.cpu.msPerRequest.server, 3),
    r.cpu.msPerRequest.postgres === undefined ? '—' : fmt(r.cpu.msPerRequest.postgres, 3),
    r.wal ? fmt(r.wal.bytesPerRequest) : '—',
    r.wal ? fmt(r.wal.syncsPerRequest, 2) : '—',
    fmt(r.rssMb),
    `${c(r.cpu.cores.server)} / ${c(r.cpu.cores.loadGenerator)} / ${c(r.cpu.cores.postgres)} / ${c(r.cpu.cores.other)}`,
  ]);
  return table(header, rows, 4);
}

/** One line per scenario: "x0.42 of bare JSON, x0.90 of bare INSERT" (reads: also ", x0.30 of bare SELECT"). */
export function renderRatios(results: ScenarioResult[]): string {
  return results
    .filter((r) => r.scenario.role === 'gateway')
    .map(
      (r) =>
        `  ${r.scenario.title} on ${r.database}, ${r.connections} conn: ${ratio(r.ratios.vsBareJson)} of bare JSON, ${ratio(r.ratios.vsBareInsert)} of bare INSERT${r.scenario.read ? `, ${ratio(r.ratios.vsBareSelect)} of bare SELECT` : ''}`,
    )
    .join('\n');
}

/**
 * One line per scenario with a target: the CPU per request the target rate allows with every core busy, and what
 * the request spent, the gateway's and PostgreSQL's apart.
 */
export function renderTargetBudgets(results: ScenarioResult[]): string {
  return results
    .filter((r) => r.budget)
    .map((r) => {
      const b = r.budget!;
      const spent = b.spentMs.server + (b.spentMs.postgres ?? 0);
      const split =
        b.spentMs.postgres === undefined
          ? 'the gateway process, database included'
          : `gateway ${fmt(b.spentMs.server, 3)} + PostgreSQL ${fmt(b.spentMs.postgres, 3)}`;
      return `  ${r.scenario.title} on ${r.database}, ${r.connections} conn: ${ratio(r.ratios.vsBareInsert)} of bare INSERT; x${b.targetRatio} (${fmt(b.targetReqPerSec)} req/s) allows ${fmt(b.machineMs, 3)} ms per request (${fmt(b.gatewayCoreMs, 3)} on the gateway's one core); spent ${fmt(spent, 3)} (${split})`;
    })
    .join('\n');
}

/** Sub-millisecond latencies (the flow driver's clock): one decimal under 10 ms. */
const msFine = (n: number) => fmt(n, Number.isFinite(n) && n < 10 ? 1 : 0);
const STEP_LABEL: Record<FlowStep, string> = {
  doWebPayment: 'REST doWebPayment',
  openPage: 'open page',
  pay: 'pay (303)',
  getDetails: 'SOAP details',
};

const SIMULATOR_LABEL: Record<FlowScenarioResult['simulator'], string> = {
  embedded: 'embedded',
  process: 'own process',
};

/** Complete payments: throughput, latency of the whole flow, failures, and the cost in doWebPayments. */
export function renderFlowTable(results: FlowScenarioResult[]): string {
  const header = [
    'Database',
    'simulator',
    'buyers',
    'payments/s',
    'ceiling if gateway free',
    'p50 ms',
    'p99 ms',
    'failed',
    'HTTP req/s',
    'REST doWebPayment req/s',
    '1 payment ≈ doWebPayments',
  ];
  const rows = results.map((r) => [
    r.database,
    SIMULATOR_LABEL[r.simulator],
    String(r.buyers),
    fmt(r.flow.flowsPerSec, 1),
    fmt(r.ceiling?.paymentsPerSec),
    msFine(r.flow.latencyMs.p50),
    msFine(r.flow.latencyMs.p99),
    `${r.flow.failures} of ${r.flow.attempts}`,
    fmt(r.flow.httpRequests / r.flow.durationS),
    fmt(r.vsRestDoWebPayment?.reqPerSec),
    r.vsRestDoWebPayment
      ? `${r.vsRestDoWebPayment.throughput.toFixed(1)} (CPU: ${r.vsRestDoWebPayment.serverCpu.toFixed(1)})`
      : '—',
  ]);
  return table(header, rows, 2);
}

/** Where the time of a payment goes: latency of each step of the completed payments, loaded and alone. */
export function renderFlowSteps(results: FlowScenarioResult[]): string {
  const header = [
    'Database',
    'simulator',
    'buyers',
    'payments',
    ...FLOW_STEPS.map((s) => `${STEP_LABEL[s]} p50 / p99`),
    'payment p50 / p99',
  ];
  const row = (r: FlowScenarioResult, buyers: number, f: FlowResult) => [
    r.database,
    SIMULATOR_LABEL[r.simulator],
    String(buyers),
    fmt(f.completed),
    ...FLOW_STEPS.map((s) => `${msFine(f.stepsMs[s].p50)} / ${msFine(f.stepsMs[s].p99)}`),
    `${msFine(f.latencyMs.p50)} / ${msFine(f.latencyMs.p99)}`,
  ];
  const rows = results.flatMap((r) => [...(r.unloaded ? [row(r, 1, r.unloaded)] : []), row(r, r.buyers, r.flow)]);
  return table(header, rows, 2);
}

/** Cost of one payment, and who used the CPUs. */
export function renderFlowCost(results: FlowScenarioResult[]): string {
  const header = [
    'Database',
    'simulator',
    'buyers',
    'gateway SQL/payment',
    'simulator SQL/payment',
    'server CPU ms/payment',
    'simulator CPU ms/payment',
    'PG CPU ms/payment',
    'load CPU ms/payment',
    'WAL B/payment',
    'WAL flush/payment',
    'RSS MB',
    'cores: server / simulator / load / PG / other',
  ];
  const c = (n: number | undefined) => (n === undefined ? '—' : n.toFixed(2));
  const rows = results.map((r) => {
    const { cores, msPerRequest: perPayment } = r.cpu;
    return [
      r.database,
      SIMULATOR_LABEL[r.simulator],
      String(r.buyers),
      sqlCell(r.sqlPerFlow) || '—',
      // The embedded simulator's timer may run meanwhile: its statements are not this payment's.
      r.simulator === 'process' ? 'in memory' : sqlCell(r.sqlPerFlow?.simulator) || '—',
      fmt(perPayment.server, 2),
      r.simulator === 'embedded' ? 'in server' : fmt(perPayment.simulator, 2),
      fmt(perPayment.postgres, 2),
      fmt(perPayment.loadGenerator, 2),
      r.wal ? fmt(r.wal.bytesPerRequest) : '—',
      r.wal ? fmt(r.wal.syncsPerRequest, 2) : '—',
      fmt(r.rssMb),
      `${c(cores.server)} / ${r.simulator === 'embedded' ? 'in server' : c(cores.simulator)} / ${c(cores.loadGenerator)} / ${c(cores.postgres)} / ${c(cores.other)}`,
    ];
  });
  return table(header, rows, 2);
}

/** SQL of one payment, step by step, the gateway's and the simulator's apart. */
export function renderFlowSqlSteps(results: FlowScenarioResult[]): string {
  const header = ['Database', 'step', 'gateway SQL', 'simulator SQL'];
  const seen = new Set<string>();
  const rows = results
    .filter((r) => !seen.has(r.database) && seen.add(r.database))
    .flatMap((r) =>
      (r.sqlPerStep ?? []).map((s) => [
        r.database,
        STEP_LABEL[s.step as FlowStep] ?? s.step,
        sqlCell(s.sql) || '0',
        sqlCell(s.sql.simulator) || '0',
      ]),
    );
  return table(header, rows, 2);
}

/** The simulator's callbacks during the run, as the simulator and the gateway's store saw them. */
export function renderCallbacks(results: FlowScenarioResult[]): string {
  const header = [
    'Database',
    'sent by simulator',
    'answered 200',
    'not 200',
    'verified + recorded',
    'changed a session',
    'settled by buyer return / callback / other',
  ];
  const rows = results.map((r) => {
    const cb = r.callbacks;
    const label = `${r.database}, simulator ${SIMULATOR_LABEL[r.simulator]}, ${r.buyers} buyers`;
    if (!cb) return [label, '—', '—', '—', '—', '—', '—'];
    const notDelivered = Object.values(cb.notDelivered).reduce((a, b) => a + b, 0);
    const other = Object.entries(cb.settledBy)
      .filter(([k]) => k !== 'simulator' && k !== 'callback')
      .reduce((n, [, v]) => n + v, 0);
    return [
      label,
      `${fmt(cb.sent)}${cb.tracked < cb.sent ? ` (${fmt(cb.tracked)} tracked)` : ''}`,
      fmt(cb.delivered),
      `${fmt(notDelivered)}${cb.drained ? '' : ' (still sending)'}`,
      fmt(cb.accepted),
      fmt(cb.changedSession),
      `${fmt(cb.settledBy.simulator ?? 0)} / ${fmt(cb.settledBy.callback ?? 0)} / ${fmt(other)}`,
    ];
  });
  return table(header, rows, 1);
}

/** One line per database: "a complete payment costs ~k doWebPayments". */
export function renderFlowRatios(results: FlowScenarioResult[]): string {
  return results
    .map((r) => {
      const v = r.vsRestDoWebPayment;
      const head = `  ${r.database}, simulator ${SIMULATOR_LABEL[r.simulator]}, ${r.buyers} buyers: ${fmt(r.flow.flowsPerSec, 1)} complete payments/s`;
      if (!v) return `${head} (no REST doWebPayment measurement to compare with)`;
      return `${head} against ${fmt(v.reqPerSec)} REST doWebPayment req/s: a complete payment costs ~${v.throughput.toFixed(1)} doWebPayments in throughput, ~${v.serverCpu.toFixed(1)} in CPU of the gateway process (${fmt(r.cpu.msPerRequest.server, 2)} ms, simulator ${r.simulator === 'embedded' ? 'included' : 'apart'}, vs ${fmt(v.serverCpuMsPerReq, 2)} ms)`;
    })
    .join('\n');
}

/**
 * One line per run: payments/s against what the machine allows if the gateway process cost nothing, and where the
 * CPU of a payment went.
 */
export function renderFlowCeilings(results: FlowScenarioResult[]): string {
  return results
    .map((r) => {
      const p = r.cpu.msPerRequest;
      const head = `  ${r.database}, simulator ${SIMULATOR_LABEL[r.simulator]}, ${r.buyers} buyers: ${fmt(r.flow.flowsPerSec, 1)} payments/s`;
      if (!r.ceiling) return `${head} (no CPU figures of the other processes: no ceiling)`;
      const parts = [
        `gateway process ${fmt(p.server, 2)}${r.simulator === 'embedded' ? ' (simulator included)' : ''}`,
        ...(r.simulator === 'process' ? [`simulator process ${fmt(p.simulator, 2)}`] : []),
        ...(p.postgres !== undefined ? [`PostgreSQL ${fmt(p.postgres, 2)}`] : []),
        `load generator ${fmt(p.loadGenerator, 2)}`,
      ];
      // Node runs the gateway's JavaScript on one thread: one core is what the process can use.
      const alone = p.server > 0 ? `; the gateway process alone, on one core: ${fmt(1000 / p.server)}` : '';
      return `${head} of a ceiling of ${fmt(r.ceiling.paymentsPerSec)} (${r.ceiling.cores} cores / ${fmt(r.ceiling.othersMsPerPayment, 2)} ms of the others per payment)${alone}; CPU ms per payment: ${parts.join(', ')}`;
    })
    .join('\n');
}

/** Why payments failed, by step and reason (empty when none did). */
export function renderFlowFailures(results: FlowScenarioResult[]): string {
  const lines = (database: string, f: FlowResult | undefined) =>
    Object.entries(f?.failureReasons ?? {})
      .sort((a, b) => b[1] - a[1])
      .map(([reason, n]) => `  ${database}: ${n} × ${reason}`);
  return results
    .flatMap((r) => {
      const where = `${r.database}, simulator ${SIMULATOR_LABEL[r.simulator]}`;
      return [...lines(`${where} (1 buyer)`, r.unloaded), ...lines(`${where} (${r.buyers} buyers)`, r.flow)];
    })
    .join('\n');
}

export async function writeJsonReport(dir: URL, report: object, startedAt: Date): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = new URL(`results-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`, dir);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file.pathname;
}

/**
 * Each scenario measured with the payments stored against the same scenario on the empty database:
 * throughput, p99 and CPU per operation (the steadiest of the three on a shared machine).
 */
export function renderStoredRatios(results: ScenarioResult[], flows: FlowScenarioResult[]): string {
  type Row = {
    title: string;
    database: string;
    emptyDatabase?: string | undefined;
    load: number;
    rate: number;
    p99: number;
    cpu: number;
  };
  const all: Row[] = [
    ...results.map((r) => ({
      title: r.scenario.title,
      database: r.database,
      emptyDatabase: r.emptyDatabase,
      load: r.connections,
      rate: r.load.reqPerSec.mean,
      p99: r.load.latencyMs.p99,
      cpu: r.cpu.msPerRequest.server,
    })),
    ...flows.map((f) => ({
      title: `${f.scenario.title}${f.simulator === 'process' ? ' (simulator in its own process)' : ''}`,
      database: f.database,
      emptyDatabase: f.emptyDatabase,
      load: f.buyers,
      rate: f.flow.flowsPerSec,
      p99: f.flow.latencyMs.p99,
      cpu: f.cpu.msPerRequest.server,
    })),
  ];
  const rows = all.flatMap((s) => {
    const e =
      s.emptyDatabase && all.find((r) => r.database === s.emptyDatabase && r.title === s.title && r.load === s.load);
    if (!e) return [];
    const r = (a: number, b: number) => (b ? `x${(a / b).toFixed(2)}` : '—');
    return [
      [
        s.title,
        s.database,
        String(s.load),
        `${fmt(e.rate)} → ${fmt(s.rate)}`,
        r(s.rate, e.rate),
        `${msFine(e.p99)} → ${msFine(s.p99)}`,
        `${fmt(e.cpu, 2)} → ${fmt(s.cpu, 2)}`,
        r(s.cpu, e.cpu),
      ],
    ];
  });
  if (!rows.length) return '';
  return table(
    ['Scenario', 'Database', 'conn', 'req/s empty → stored', 'ratio', 'p99 ms', 'server CPU ms/op', 'ratio'],
    rows,
    2,
  );
}
