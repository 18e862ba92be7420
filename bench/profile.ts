/**
 * Where the gateway's CPU goes under load: a sampling CPU profile of the gateway process while the load generator
 * (a child process, as in `npm run bench`) drives one scenario, then the functions that took the busy time.
 *
 *   node --import tsx bench/profile.ts [--scenario=flow|rest|soap|details] [--pglite] [--seconds=N]
 *                                      [--connections=N] [--top=N] [--out=FILE.cpuprofile]
 *
 * flow: complete payments (bench/flow-driver.ts); rest / soap: doWebPayment; details: SOAP getWebPaymentDetails on
 * 1,000 open sessions. PostgreSQL (a throwaway database, BENCH_DATABASE_URL or the local test server) unless
 * --pglite (a temporary data directory). It prints the rate and the process's CPU per operation (the profiler adds
 * to it: compare it only with other profiled runs; `npm run bench` gives the unprofiled figure), then the top
 * functions by self and by inclusive time, and writes the profile for Chrome DevTools
 * (default .bench/profile.cpuprofile).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { profiled } from './cpu-split.js';
import { createPgliteDatabase, createPostgresDatabase } from './databases.js';
import { startGatewayTarget, type GatewayTarget } from './gateway-target.js';
import { LoadGenerator } from './load-generator.js';
import type { LoadSpec } from './load-spec.js';
import { topFunctions } from './profile-top.js';
import {
  fullPaymentSpec,
  restDoWebPaymentSpec,
  soapDoWebPaymentSpec,
  soapWebPaymentDetailsSpec,
  type LoadShape,
} from './scenarios.js';
import { DEFAULT_POSTGRES_URL } from './settings.js';

const WARM_UP_S = 2;
const SCENARIOS = ['flow', 'rest', 'soap', 'details'] as const;
type ProfiledScenario = (typeof SCENARIOS)[number];

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'flow' },
    pglite: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '6' },
    connections: { type: 'string', default: '32' },
    top: { type: 'string', default: '30' },
    out: { type: 'string', default: '.bench/profile.cpuprofile' },
  },
});
const scenario = values.scenario as ProfiledScenario;
if (!SCENARIOS.includes(scenario)) throw new Error(`--scenario: one of ${SCENARIOS.join(', ')}`);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const top = Number(values.top);
for (const [name, n] of Object.entries({ seconds, connections, top }))
  if (!Number.isInteger(n) || n < 1 || n > 600) throw new Error(`--${name}: an integer from 1 to 600`);

async function loadSpec(target: GatewayTarget, shape: LoadShape): Promise<LoadSpec> {
  const { baseUrl, authorization } = target;
  if (scenario === 'rest') return restDoWebPaymentSpec(baseUrl, authorization, shape);
  if (scenario === 'soap') return soapDoWebPaymentSpec(baseUrl, authorization, shape);
  return soapWebPaymentDetailsSpec(baseUrl, authorization, await target.createTokens(1000), shape);
}

const db = values.pglite
  ? await createPgliteDatabase('dir')
  : await createPostgresDatabase(process.env.BENCH_DATABASE_URL || DEFAULT_POSTGRES_URL);
const target = await startGatewayTarget(db);
const load = LoadGenerator.start();
try {
  let operations = 0;
  let rate = '';
  let measure: () => Promise<void>;
  if (scenario === 'flow') {
    const spec = fullPaymentSpec(target.baseUrl, target.authorization, connections, seconds);
    await load.runFlows({ ...spec, durationS: WARM_UP_S });
    measure = async () => {
      const r = await load.runFlows(spec);
      operations = r.completed;
      rate = `${r.flowsPerSec.toFixed(1)} payments/s, ${r.failures} failed`;
    };
  } else {
    const spec = await loadSpec(target, { connections, durationS: seconds });
    await load.run({ ...spec, durationS: WARM_UP_S });
    measure = async () => {
      const r = await load.run(spec);
      operations = r.responses;
      rate = `${Math.round(r.reqPerSec.mean)} req/s, ${r.non2xx + r.errors + r.unexpected} bad`;
    };
  }
  const { profile, processMs } = await profiled(measure);
  const found = topFunctions(profile, top);
  console.log(`${scenario} on ${db.label}, ${connections} connections, ${seconds} s profiled: ${rate}`);
  console.log(
    `gateway process CPU ${(processMs / Math.max(operations, 1)).toFixed(3)} ms per operation (profiler included); main thread busy ${Math.round(found.busyMs)} ms, idle ${Math.round(found.idleMs)} ms`,
  );
  const show = (title: string, rows: [string, number][]) => {
    console.log(`\n${title}`);
    for (const [name, share] of rows) console.log(`${(100 * share).toFixed(1).padStart(6)} %  ${name}`);
  };
  show('self time (share of busy samples)', found.self);
  show('inclusive time', found.inclusive);
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, JSON.stringify(profile));
  console.log(`\nprofile: ${values.out} (Chrome DevTools → Performance → Load profile)`);
} finally {
  await load.stop();
  await target.close();
  await db.drop();
}
