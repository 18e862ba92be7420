/** The results table printed at the end and the JSON file written to .bench/. */
import { mkdir, writeFile } from 'node:fs/promises';
import type { SqlCount } from './gateway-target.js';
import type { LoadResult } from './load-spec.js';
import type { CpuUse } from './machine.js';
import type { Scenario } from './scenarios.js';

export interface ScenarioResult {
  scenario: Scenario;
  /** "—" for the bare JSON baseline (no database). */
  database: string;
  load: LoadResult;
  cpu: CpuUse;
  /** PostgreSQL only: WAL written and WAL flushes per response (flushes are cluster-wide and approximate). */
  wal?: { bytesPerRequest: number; syncsPerRequest: number } | undefined;
  /** SQL the gateway sent for one request of this scenario (measured on a single pre-flight request). */
  sqlPerRequest?: SqlCount | undefined;
  /** req/s of this scenario divided by the baseline's (bare INSERT: same database). */
  ratios: { vsBareJson?: number | undefined; vsBareInsert?: number | undefined };
  /** Errors + timeouts + responses with an unexpected status or body, and their share of all attempts. */
  bad: number;
  badShare: number;
}

export function badCount(r: LoadResult): { bad: number; badShare: number } {
  const bad = r.errors + r.timeouts + r.unexpected;
  const attempts = r.responses + r.errors + r.timeouts;
  return { bad, badShare: attempts === 0 ? 1 : bad / attempts };
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined || !Number.isFinite(n) ? '—' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
/** autocannon records whole milliseconds: 0 means under 1 ms. */
const ms = (n: number) => (n === 0 ? '<1' : fmt(n));
const ratio = (n: number | undefined) => (n === undefined ? '—' : `x${n.toFixed(2)}`);

function errorsCell(r: LoadResult): string {
  const cell = `${r.errors + r.timeouts} / ${r.non2xx}`;
  const badBody = r.unexpected - r.non2xx;
  return badBody > 0 ? `${cell} (+${badBody} bad)` : cell;
}

function sqlCell(s: SqlCount | undefined): string {
  if (!s) return '';
  return s.transactions ? `${s.statements} q + ${s.transactions} tx` : `${s.statements} q`;
}

function table(header: string[], rows: string[][], leftAligned: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < leftAligned ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The requested table: throughput, latency, errors and ratios against the baselines. */
export function renderTable(results: ScenarioResult[]): string {
  const header = ['Scenario', 'Database', 'req/s (mean)', 'p50 ms', 'p99 ms', 'err / non-2xx', 'vs bare JSON', 'vs bare INSERT'];
  const rows = results.map((r) => [
    r.scenario.title,
    r.database,
    fmt(r.load.reqPerSec.mean),
    ms(r.load.latencyMs.p50),
    ms(r.load.latencyMs.p99),
    errorsCell(r.load),
    ratio(r.ratios.vsBareJson),
    ratio(r.ratios.vsBareInsert),
  ]);
  return table(header, rows, 2);
}

/** Where the time goes: cost of one request, and who used the CPUs during the measurement. */
export function renderCostTable(results: ScenarioResult[]): string {
  const header = ['Scenario', 'Database', 'SQL/req', 'server CPU ms/req', 'PG CPU ms/req', 'WAL B/req', 'WAL flush/req', 'cores: server / load / PG / other'];
  const c = (n: number | undefined) => (n === undefined ? '—' : n.toFixed(2));
  const rows = results.map((r) => [
    r.scenario.title,
    r.database,
    sqlCell(r.sqlPerRequest) || (r.scenario.id === 'bare-insert' ? '1 q' : r.scenario.id === 'bare-json' ? '0' : ''),
    fmt(r.cpu.msPerRequest.server, 3),
    r.cpu.msPerRequest.postgres === undefined ? '—' : fmt(r.cpu.msPerRequest.postgres, 3),
    r.wal ? fmt(r.wal.bytesPerRequest) : '—',
    r.wal ? fmt(r.wal.syncsPerRequest, 2) : '—',
    `${c(r.cpu.cores.server)} / ${c(r.cpu.cores.loadGenerator)} / ${c(r.cpu.cores.postgres)} / ${c(r.cpu.cores.other)}`,
  ]);
  return table(header, rows, 3);
}

/** One line per scenario in the requested form: "x0.42 of bare JSON, x0.90 of bare INSERT". */
export function renderRatios(results: ScenarioResult[]): string {
  return results
    .filter((r) => r.scenario.role === 'gateway')
    .map((r) => `  ${r.scenario.title} on ${r.database}: ${ratio(r.ratios.vsBareJson)} of bare JSON, ${ratio(r.ratios.vsBareInsert)} of bare INSERT`)
    .join('\n');
}

export async function writeJsonReport(dir: URL, report: object, startedAt: Date): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = new URL(`results-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`, dir);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file.pathname;
}
