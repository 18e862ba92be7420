/**
 * Whose CPU a stretch of work in this process was: a sampling CPU profile (node:inspector) whose samples are
 * attributed by their stack: the embedded simulator (any frame of src/simulator or its store), the database driver
 * (PGlite's WASM engine, or node-postgres' protocol code), logging (pino), else the gateway. Idle time is left out.
 */
import { Session, type Profiler } from 'node:inspector/promises';

export type CpuParty = 'gateway' | 'simulator' | 'database driver' | 'logging';

export interface CpuSplit {
  /** Milliseconds of samples per party. */
  ms: Record<CpuParty, number>;
  /** process.cpuUsage() over the same stretch (user + system), all threads. */
  processMs: number;
}

const IDLE = new Set(['(idle)', '(program)']);

function partyOf(urls: string[]): CpuParty {
  if (urls.some((u) => /@electric-sql\/pglite|node_modules\/pg(-protocol)?\//.test(u))) return 'database driver';
  if (urls.some((u) => /\/src\/simulator\/|sql-simulator-/.test(u))) return 'simulator';
  if (urls.some((u) => /node_modules\/(pino|pino-std-serializers|sonic-boom|fast-redact)\//.test(u))) return 'logging';
  return 'gateway';
}

/** Runs `fn` under the sampling CPU profiler (one sample per 200 µs); the profile and the process's CPU meanwhile. */
export async function profiled(fn: () => Promise<void>): Promise<{ profile: Profiler.Profile; processMs: number }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  const before = process.cpuUsage();
  await session.post('Profiler.start');
  let profile: Profiler.Profile;
  try {
    await fn();
  } finally {
    ({ profile } = await session.post('Profiler.stop'));
    session.disconnect();
  }
  const used = process.cpuUsage(before);
  return { profile, processMs: (used.user + used.system) / 1000 };
}

/** Runs `fn` under the CPU profiler and splits its samples by party. */
export async function cpuSplit(fn: () => Promise<void>): Promise<CpuSplit> {
  const { profile, processMs } = await profiled(fn);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const party = new Map<number, CpuParty | undefined>();
  for (const n of profile.nodes) {
    if (IDLE.has(n.callFrame.functionName)) continue;
    const urls: string[] = [];
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id))
      urls.push(byId.get(id)!.callFrame.url);
    party.set(n.id, partyOf(urls));
  }
  const ms: Record<CpuParty, number> = { gateway: 0, simulator: 0, 'database driver': 0, logging: 0 };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const p = party.get(id);
    // A sample's time is the delta to the next one.
    if (p) ms[p] += (deltas[i + 1] ?? 0) / 1000;
  });
  return { ms, processMs };
}
