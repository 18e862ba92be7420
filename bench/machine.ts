/**
 * Facts about the machine, and CPU accounting around each measurement from Linux /proc: CPU time of
 * the server process, the load generator, the PostgreSQL processes working for the bench, a partner
 * simulator in its own process, and everything else (other work on the machine — a sign the numbers are disturbed).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export interface HostInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
  versions: Record<string, string>;
}

function packageVersion(name: string): string {
  try {
    return (
      JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return '?';
  }
}

export function hostInfo(): HostInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? '?',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    versions: Object.fromEntries(
      ['autocannon', 'fastify', '@electric-sql/pglite', 'pg', 'fast-xml-parser'].map((n) => [n, packageVersion(n)]),
    ),
  };
}

/** Clock ticks per second of /proc times (USER_HZ). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface CpuSample {
  at: bigint;
  /** This process, from process.cpuUsage() (µs): precise and portable. */
  self: NodeJS.CpuUsage;
  /** Busy and total ticks of all CPUs (/proc/stat); undefined off Linux. */
  host?: { busy: number; total: number } | undefined;
  /** CPU ticks (user + system) per process id (/proc/<pid>/stat). */
  procs: Map<number, number>;
}

function hostTicks(): CpuSample['host'] {
  try {
    const v = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already counted in user)
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - (v[3] ?? 0) - (v[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

function processTicks(): Map<number, number> {
  const out = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after "pid (comm) ": state is field 3, utime field 14, stime field 15.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), Number(f[11]) + Number(f[12]));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

export function sampleCpu(): CpuSample {
  return { at: process.hrtime.bigint(), self: process.cpuUsage(), host: hostTicks(), procs: processTicks() };
}

export interface CpuUse {
  /** Average number of cores busy during the measurement, per party. */
  cores: {
    server: number;
    loadGenerator?: number | undefined;
    postgres?: number | undefined;
    simulator?: number | undefined;
    other?: number | undefined;
    host?: number | undefined;
  };
  /** Whole machine busy, % of all cores. */
  hostBusyPct?: number | undefined;
  /** CPU time per response, ms. */
  msPerRequest: {
    server: number;
    postgres?: number | undefined;
    loadGenerator?: number | undefined;
    simulator?: number | undefined;
  };
}

/**
 * CPU between two samples. `loadGeneratorPid`: the autocannon child; `postgresPids`: the server's
 * processes working for the bench (its backends and background processes), undefined for PGlite;
 * `simulatorPid`: the partner simulator's process when it runs apart.
 */
export function cpuBetween(
  a: CpuSample,
  b: CpuSample,
  responses: number,
  loadGeneratorPid: number | undefined,
  postgresPids?: Set<number>,
  simulatorPid?: number,
): CpuUse {
  const elapsedS = Number(b.at - a.at) / 1e9;
  const serverS = (b.self.user - a.self.user + (b.self.system - a.self.system)) / 1e6;
  const ticksOf = (pid: number) => Math.max(0, (b.procs.get(pid) ?? 0) - (a.procs.get(pid) ?? 0));
  const procS = (pids: Iterable<number>) => [...pids].reduce((s, pid) => s + ticksOf(pid), 0) / CLK_TCK;

  const loadS = loadGeneratorPid !== undefined && b.procs.size ? procS([loadGeneratorPid]) : undefined;
  const pgS = postgresPids && b.procs.size ? procS(postgresPids) : undefined;
  const simulatorS = simulatorPid !== undefined && b.procs.size ? procS([simulatorPid]) : undefined;
  const hostS = a.host && b.host ? (b.host.busy - a.host.busy) / CLK_TCK : undefined;
  const hostTotalS = a.host && b.host ? (b.host.total - a.host.total) / CLK_TCK : undefined;
  const otherS =
    hostS !== undefined ? Math.max(0, hostS - serverS - (loadS ?? 0) - (pgS ?? 0) - (simulatorS ?? 0)) : undefined;
  const per = (s: number | undefined) => (s === undefined ? undefined : s / elapsedS);
  const perResponse = (s: number | undefined) => (s !== undefined && responses ? (1000 * s) / responses : undefined);
  return {
    cores: {
      server: serverS / elapsedS,
      loadGenerator: per(loadS),
      postgres: per(pgS),
      simulator: per(simulatorS),
      other: per(otherS),
      host: per(hostS),
    },
    hostBusyPct: hostS !== undefined && hostTotalS ? (100 * hostS) / hostTotalS : undefined,
    msPerRequest: {
      server: responses ? (1000 * serverS) / responses : NaN,
      postgres: perResponse(pgS),
      loadGenerator: perResponse(loadS),
      simulator: perResponse(simulatorS),
    },
  };
}
