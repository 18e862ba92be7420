/**
 * The load generator, run as a child process of bench/run.ts (see load-generator.ts for why). It
 * receives LoadSpecs over IPC, runs autocannon (closed model: each connection sends its next
 * request as soon as the previous answer arrives) and sends back a LoadResult; or a FlowSpec, runs
 * the full-payment driver (flow-driver.ts, closed model too) and sends back a FlowResult.
 */
import { createRequire } from 'node:module';
import { runFlows } from './flow-driver.js';
import {
  bodyFor,
  type FlowResult,
  type FromWorker,
  type LoadResult,
  type LoadSpec,
  type ToWorker,
} from './load-spec.js';

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest | undefined;
}

interface AutocannonOptions extends AutocannonRequest {
  url: string;
  connections: number;
  duration: number;
  pipelining?: number;
  timeout?: number;
  idReplacement?: boolean;
  requests?: AutocannonRequest[];
  verifyBody?: (body: string) => boolean;
}

interface AutocannonHistogram {
  mean: number;
  stddev: number;
  max: number;
  p50: number;
  p90: number;
  p99: number;
  total?: number;
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: AutocannonHistogram;
  requests: AutocannonHistogram & { sent: number };
}

// autocannon is CommonJS without type declarations: load it through require with the typing above.
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: AutocannonOptions,
) => Promise<AutocannonResult>;

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.path, spec.baseUrl);
  if (url.hostname !== '127.0.0.1') throw new Error(`refusing to load ${url.hostname}: only 127.0.0.1 targets`);
  const opts: AutocannonOptions = {
    url: url.toString(),
    connections: spec.connections,
    duration: spec.durationS,
    method: spec.method,
    headers: spec.headers,
    idReplacement: spec.uniqueIds ?? false,
    verifyBody: (body) => body.includes(spec.expect.bodyIncludes),
  };
  if (spec.body !== undefined) opts.body = spec.body;
  if (spec.cycle) {
    // One counter for all connections: consecutive requests hit different tokens.
    const bodies = spec.cycle.values.map((_, i) => bodyFor(spec, i)!);
    let next = 0;
    opts.requests = [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length]! }) }];
  }

  const cpuBefore = process.cpuUsage();
  const r = await autocannon(opts);
  const cpu = process.cpuUsage(cpuBefore);

  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
  const responses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const wrongStatus = responses - (statusCodes[String(spec.expect.status)] ?? 0);
  return {
    durationS: r.duration,
    responses,
    reqPerSec: { mean: r.requests.mean, stddev: r.requests.stddev },
    latencyMs: { mean: r.latency.mean, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    // A wrong status usually has a wrong body too: count each response once.
    unexpected: Math.max(wrongStatus, r.mismatches),
    statusCodes,
    loadGeneratorCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

process.on('message', (msg: ToWorker) => {
  const run: Promise<LoadResult | FlowResult> = 'flow' in msg ? runFlows(msg.flow) : runLoad(msg.spec);
  run.then(
    (result) => process.send!({ id: msg.id, result } satisfies FromWorker),
    (err: unknown) =>
      process.send!({
        id: msg.id,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      } satisfies FromWorker),
  );
});
// Leave when the parent goes away (normal end: it disconnects; crash: the channel closes).
process.on('disconnect', () => process.exit(0));
