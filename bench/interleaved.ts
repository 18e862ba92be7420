/**
 * One lever measured against the code without it, when the gain is a few percent: two gateways in this process on
 * one throwaway PostgreSQL database, started under two environments, loaded in turn in short slices (A B, B A,
 * A B, …) so that the machine's drift over minutes falls on both alike. Prints each slice's req/s and the process's
 * CPU per request, and the median of the pairs' ratios.
 *
 *   node --import tsx bench/interleaved.ts --a BENCH_LOG_LEVEL=silent --b BENCH_LOG_LEVEL=info
 *                                          [--scenario=rest|soap] [--slices=8] [--seconds=4] [--connections=32]
 *
 * The environment is read when a gateway starts (bench/gateway-target.ts reads BENCH_LOG_LEVEL and
 * PASSERELLE_DB_POOL_SIZE, src/config.ts the gateway's own settings), so either side may set any of them; a lever
 * behind no setting is compared by starting the two sides from two checkouts with `npm run bench` instead.
 */
import { parseArgs } from 'node:util';
import { createPostgresDatabase } from './databases.js';
import { startGatewayTarget, type GatewayTarget } from './gateway-target.js';
import { LoadGenerator } from './load-generator.js';
import { restDoWebPaymentSpec, soapDoWebPaymentSpec } from './scenarios.js';
import { DEFAULT_POSTGRES_URL } from './settings.js';

const { values } = parseArgs({
  options: {
    a: { type: 'string', multiple: true, default: [] },
    b: { type: 'string', multiple: true, default: [] },
    scenario: { type: 'string', default: 'rest' },
    slices: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '32' },
  },
});
const counts = {
  slices: Number(values.slices),
  seconds: Number(values.seconds),
  connections: Number(values.connections),
};
for (const [name, n] of Object.entries(counts))
  if (!Number.isInteger(n) || n < 1 || n > 600) throw new Error(`--${name}: an integer from 1 to 600`);
if (values.scenario !== 'rest' && values.scenario !== 'soap') throw new Error('--scenario: rest or soap');

function environment(settings: string[]): Record<string, string> {
  return Object.fromEntries(
    settings.map((s) => {
      const at = s.indexOf('=');
      if (at < 1) throw new Error(`${s}: expected NAME=value`);
      return [s.slice(0, at), s.slice(at + 1)];
    }),
  );
}

/** Starts a gateway with `env` set over this process's environment, then puts the environment back. */
async function startWith(env: Record<string, string>, db: Parameters<typeof startGatewayTarget>[0]) {
  const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await startGatewayTarget(db);
  } finally {
    for (const [k, v] of Object.entries(before))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

const sides = { A: environment(values.a), B: environment(values.b) };
const db = await createPostgresDatabase(process.env.BENCH_DATABASE_URL || DEFAULT_POSTGRES_URL);
const load = LoadGenerator.start();
const targets: GatewayTarget[] = [];
try {
  const started = { A: await startWith(sides.A, db), B: await startWith(sides.B, db) };
  targets.push(started.A, started.B);
  const make = values.scenario === 'soap' ? soapDoWebPaymentSpec : restDoWebPaymentSpec;
  const spec = (t: GatewayTarget, durationS: number) =>
    make(t.baseUrl, t.authorization, { connections: counts.connections, durationS });
  for (const t of targets) await load.run(spec(t, 2));

  const slices: Record<'A' | 'B', { reqPerSec: number; cpuMs: number }[]> = { A: [], B: [] };
  for (let i = 0; i < counts.slices; i++) {
    for (const side of i % 2 ? (['B', 'A'] as const) : (['A', 'B'] as const)) {
      const cpu = process.cpuUsage();
      const r = await load.run(spec(started[side], counts.seconds));
      const used = process.cpuUsage(cpu);
      slices[side].push({ reqPerSec: r.reqPerSec.mean, cpuMs: (used.user + used.system) / 1000 / r.responses });
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  for (const side of ['A', 'B'] as const) {
    const s = slices[side];
    console.log(
      `${side} ${JSON.stringify(sides[side])}: req/s ${s.map((x) => Math.round(x.reqPerSec)).join(' ')}; CPU ms per request ${s.map((x) => x.cpuMs.toFixed(3)).join(' ')}`,
    );
  }
  const cpu = slices.B.map((b, i) => b.cpuMs / slices.A[i]!.cpuMs);
  const rate = slices.B.map((b, i) => b.reqPerSec / slices.A[i]!.reqPerSec);
  console.log(
    `B against A, median of ${counts.slices} pairs: CPU per request x${median(cpu).toFixed(3)}, req/s x${median(rate).toFixed(3)}`,
  );
} finally {
  await load.stop();
  for (const t of targets) await t.close();
  await db.drop();
}
