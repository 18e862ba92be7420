/**
 * Bench settings from the environment. Every knob is bounded so that a typo cannot turn
 * `npm run bench` into an hour-long run or point it at another machine.
 */
export interface BenchSettings {
  /** Seconds measured per scenario (BENCH_DURATION, default 5). */
  durationS: number;
  /** Seconds of warm-up load before each scenario, discarded (BENCH_WARMUP, default 1). */
  warmupS: number;
  /**
   * Concurrent HTTP connections of the load generator; every scenario runs once per entry (BENCH_CONNECTIONS, a
   * comma-separated list, default 32,64).
   */
  connections: number[];
  /**
   * Concurrent virtual buyers of the full-payment scenario, each looping complete payments (BENCH_FLOW_BUYERS, default
   * the connections of the round).
   */
  flowBuyers: number | undefined;
  /**
   * Where the Payconiq simulator of the complete payments runs: in the gateway process (homologation's embedded one),
   * in its own process (`passerelle simulator`), or both, one round each (BENCH_SIMULATOR=embedded|process|both,
   * default both).
   */
  simulators: ('embedded' | 'process')[];
  /** Gateway scenarios to run (BENCH_SCENARIOS, comma-separated ids, default all); the baselines always run. */
  scenarios: Set<string> | undefined;
  /**
   * Payments (web session + transaction) stored before the second round of the main scenarios, which shows
   * whether cost grows with the data (BENCH_STORED, default 1,000,000; 0 skips the round).
   */
  storedPayments: number;
  /** Tokens created before the getWebPaymentDetails scenario, cycled through (BENCH_TOKENS, default 1000). */
  tokens: number;
  /**
   * PGlite storage: a temporary data directory like production's DATA_DIR (default) or memory (BENCH_PGLITE=memory).
   */
  pglite: 'dir' | 'memory';
  /**
   * PostgreSQL server to create the bench database on (BENCH_DATABASE_URL); undefined = skip (BENCH_DATABASE_URL=off).
   */
  postgresUrl: string | undefined;
  /**
   * A scenario whose share of errors, non-2xx and unexpected bodies exceeds this fails the run; for
   * the full-payment scenario, the share of payments with a step that did not answer as expected
   * (BENCH_MAX_BAD_SHARE, default 0.01).
   */
  maxBadShare: number;
}

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function number(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  integer = true,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new Error(`${name}=${raw}: expected ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`);
  }
  return n;
}

export function loadBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const pglite = env.BENCH_PGLITE || 'dir';
  if (pglite !== 'dir' && pglite !== 'memory') throw new Error(`BENCH_PGLITE=${pglite}: expected dir or memory`);
  const rawUrl = env.BENCH_DATABASE_URL || DEFAULT_POSTGRES_URL;
  let postgresUrl: string | undefined;
  if (rawUrl !== 'off') {
    const url = new URL(rawUrl);
    // The bench creates and drops a database: only ever on this machine.
    if (!LOOPBACK.has(url.hostname))
      throw new Error(`BENCH_DATABASE_URL must point at 127.0.0.1 (got host ${url.hostname})`);
    postgresUrl = rawUrl;
  }
  const connections = (env.BENCH_CONNECTIONS || '32,64')
    .split(',')
    .map((c) => number({ BENCH_CONNECTIONS: c.trim() }, 'BENCH_CONNECTIONS', 32, 1, 512));
  const simulator = env.BENCH_SIMULATOR || 'both';
  if (simulator !== 'both' && simulator !== 'embedded' && simulator !== 'process')
    throw new Error(`BENCH_SIMULATOR=${simulator}: expected both, embedded or process`);
  const scenarios = env.BENCH_SCENARIOS ? new Set(env.BENCH_SCENARIOS.split(',').map((s) => s.trim())) : undefined;
  return {
    durationS: number(env, 'BENCH_DURATION', 5, 1, 120),
    warmupS: number(env, 'BENCH_WARMUP', 1, 0, 30),
    connections,
    simulators: simulator === 'both' ? ['embedded', 'process'] : [simulator],
    flowBuyers: env.BENCH_FLOW_BUYERS ? number(env, 'BENCH_FLOW_BUYERS', 32, 1, 256) : undefined,
    scenarios,
    tokens: number(env, 'BENCH_TOKENS', 1000, 1, 100_000),
    storedPayments: number(env, 'BENCH_STORED', 1_000_000, 0, 10_000_000),
    pglite,
    postgresUrl,
    maxBadShare: number(env, 'BENCH_MAX_BAD_SHARE', 0.01, 0, 1, false),
  };
}
