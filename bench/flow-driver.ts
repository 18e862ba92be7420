/**
 * Full-flow load: N virtual buyers, each looping one complete payment for the duration (closed
 * model: a buyer starts its next payment when the previous one is over). autocannon replays one
 * request; a payment is four dependent requests whose later steps need the token of the first:
 *
 *   1. doWebPayment     POST /v1/checkout/sessions (REST, merchant)     → 201, 00000, redirectURL
 *   2. openPage         GET  redirectURL (/v2/?token=…, buyer)           → 200, page with the QR code
 *                       (the gateway creates the payment at the simulator over HTTP)
 *   3. pay              POST /v2/simulator/pay token=… (buyer's phone)   → 303 to returnURL?paylinetoken=…
 *                       (simulator scan + pay, the gateway reads the payment back over HTTP and
 *                       settles; the simulator also sends its signed callbacks, asynchronously)
 *   4. getDetails       SOAP getWebPaymentDetails (merchant)             → 200, code 00000
 *
 * The buyer's browser would then load returnURL, on the merchant's site: not the gateway's work.
 * node:http with a keep-alive agent rather than fetch: less client CPU on a machine the gateway
 * shares. Runs in the load-generator child (load-worker.ts); the parent uses runOneFlow() as a
 * pre-flight check.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { FLOW_STEPS, type FlowResult, type FlowSpec, type FlowStep, type Percentiles } from './load-spec.js';

interface Answer {
  status: number;
  location: string | undefined;
  body: string;
}

interface Request {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

class FlowClient {
  private readonly agent: http.Agent;
  private readonly origin: URL;
  requests = 0;

  constructor(
    baseUrl: string,
    sockets: number,
    private readonly timeoutMs: number,
  ) {
    this.origin = new URL(baseUrl);
    if (this.origin.hostname !== '127.0.0.1')
      throw new Error(`refusing to load ${this.origin.hostname}: only 127.0.0.1 targets`);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  send(req: Request): Promise<Answer> {
    this.requests++;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
      const r = http.request(
        {
          host: this.origin.hostname,
          port: this.origin.port,
          method: req.method,
          path: req.path,
          headers,
          agent: this.agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            clearTimeout(timer);
            resolve({
              status: res.statusCode ?? 0,
              location: res.headers.location,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
          res.on('error', fail);
        },
      );
      // A deadline on the whole exchange, not a socket idle timeout.
      const timer = setTimeout(() => {
        const err = new Error(`no answer within ${this.timeoutMs} ms`);
        fail(err);
        r.destroy(err);
      }, this.timeoutMs);
      function fail(err: Error) {
        clearTimeout(timer);
        reject(err);
      }
      r.on('error', fail);
      r.end(req.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

class StepFailed extends Error {
  constructor(
    readonly step: FlowStep,
    readonly reason: string,
  ) {
    super(`${step}: ${reason}`);
  }
}

const short = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);
const soapCode = (body: string) => /<(?:\w+:)?code>([^<]*)</.exec(body)?.[1];

/** Runs one payment; returns the latency of each step (ms), or throws StepFailed. */
async function oneFlow(
  client: FlowClient,
  spec: FlowSpec,
  orderRef: string,
  verbose = false,
  stepDone?: (step: FlowStep) => void,
): Promise<number[]> {
  const times: number[] = [];
  const step = async (name: FlowStep, req: Request, check: (a: Answer) => string | undefined): Promise<Answer> => {
    const t0 = performance.now();
    let a: Answer;
    try {
      a = await client.send(req);
    } catch (err) {
      throw new StepFailed(name, (err as Error).message);
    }
    times.push(performance.now() - t0);
    const wrong = check(a);
    // Short reasons for the tally (they are counted by kind); the body too for a pre-flight.
    if (wrong) throw new StepFailed(name, verbose ? `${wrong} — HTTP ${a.status} ${short(a.body)}` : wrong);
    stepDone?.(name);
    return a;
  };

  // 1. The merchant opens a web payment session.
  let token = '';
  let redirectPath = '';
  await step(
    'doWebPayment',
    {
      method: 'POST',
      path: '/v1/checkout/sessions',
      headers: { authorization: spec.authorization, 'content-type': 'application/json' },
      body: spec.sessionBody.replaceAll(spec.orderRefPlaceholder, orderRef),
    },
    (a) => {
      if (a.status !== 201) return `HTTP ${a.status}`;
      let json: { result?: { code?: string }; sessionId?: unknown; redirectURL?: unknown };
      try {
        json = JSON.parse(a.body) as typeof json;
      } catch {
        return 'body is not JSON';
      }
      if (json.result?.code !== '00000') return `code ${json.result?.code}`;
      if (typeof json.sessionId !== 'string' || !/^[A-Za-z0-9]{1,50}$/.test(json.sessionId)) return 'no sessionId';
      token = json.sessionId;
      // The buyer follows redirectURL: it must point at the gateway under test (PASSERELLE_PUBLIC_URL).
      const redirect = typeof json.redirectURL === 'string' ? new URL(json.redirectURL) : undefined;
      if (!redirect || redirect.origin !== new URL(spec.baseUrl).origin)
        return `redirectURL ${String(json.redirectURL)} is not on ${spec.baseUrl}`;
      redirectPath = redirect.pathname + redirect.search;
      return undefined;
    },
  );

  // 2. The buyer opens the hosted page: the gateway creates the partner payment (QR code).
  await step('openPage', { method: 'GET', path: redirectPath, headers: { accept: 'text/html' } }, (a) => {
    if (a.status !== 200) return `HTTP ${a.status}`;
    const code = /data-result-code="(\d{5})"/.exec(a.body)?.[1];
    if (code !== '02306') return `page in state ${code ?? '?'} (expected 02306, payment pending)`;
    if (!a.body.includes('data-testid="qr"') || !a.body.includes('<svg'))
      return 'no QR code (partner payment not created)';
    return undefined;
  });

  // 3. The buyer's phone scans and pays at the simulator; the gateway settles and redirects.
  const expected = new URL(spec.returnUrl);
  expected.searchParams.set('paylinetoken', token);
  await step(
    'pay',
    {
      method: 'POST',
      path: '/v2/simulator/pay',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(token)}`,
    },
    (a) => {
      if (a.status !== 303) return `HTTP ${a.status}`;
      if (a.location !== expected.toString())
        return a.location?.startsWith('/v2/')
          ? 'redirected back to the page (payment not settled)'
          : `redirected to ${a.location ?? 'nowhere'}`;
      return undefined;
    },
  );

  // 4. Back on its return URL, the merchant asks for the result.
  await step(
    'getDetails',
    {
      method: 'POST',
      path: '/V4/services/WebPaymentAPI',
      headers: { authorization: spec.authorization, 'content-type': 'text/xml; charset=utf-8' },
      body: spec.detailsBody.replaceAll(spec.tokenPlaceholder, token),
    },
    (a) => {
      if (a.status !== 200) return `HTTP ${a.status}`;
      const code = soapCode(a.body);
      return code === '00000' ? undefined : `code ${code ?? '?'}`;
    },
  );
  return times;
}

function percentiles(values: number[]): Percentiles {
  if (!values.length) return { mean: NaN, p50: NaN, p90: NaN, p99: NaN, max: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return {
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted[sorted.length - 1]!,
  };
}

/** Order references: letters, digits and '-' (they go to the partner as a SEPA reference, ≤ 35). */
function orderRefs(): () => string {
  const run = randomBytes(4).toString('hex');
  let n = 0;
  return () => `BF-${run}-${(n++).toString(36)}`;
}

const MAX_REASONS = 20;

/** The closed loop: `spec.buyers` buyers, each running payments back to back until the deadline. */
export async function runFlows(spec: FlowSpec): Promise<FlowResult> {
  const client = new FlowClient(spec.baseUrl, spec.buyers, spec.requestTimeoutMs);
  const nextRef = orderRefs();
  const flowMs: number[] = [];
  const stepMs: number[][] = FLOW_STEPS.map(() => []);
  const failureReasons: Record<string, number> = {};
  let failures = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + spec.durationS * 1000;

  const buyer = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const times = await oneFlow(client, spec, nextRef());
        flowMs.push(performance.now() - t0);
        times.forEach((t, i) => stepMs[i]!.push(t));
      } catch (err) {
        failures++;
        let reason = err instanceof StepFailed ? err.message : `driver: ${(err as Error).message}`;
        if (!(reason in failureReasons) && Object.keys(failureReasons).length >= MAX_REASONS) reason = 'other';
        failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: spec.buyers }, buyer));
  } finally {
    client.close();
  }
  const durationS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    durationS,
    attempts: flowMs.length + failures,
    completed: flowMs.length,
    failures,
    failureReasons,
    flowsPerSec: flowMs.length / durationS,
    httpRequests: client.requests,
    latencyMs: percentiles(flowMs),
    stepsMs: Object.fromEntries(FLOW_STEPS.map((s, i) => [s, percentiles(stepMs[i]!)])) as Record<
      FlowStep,
      Percentiles
    >,
    loadGeneratorCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/**
 * One payment, checked step by step, so that a misconfigured flow fails before it is measured; `stepDone` is called
 * as each step answered as expected.
 */
export async function runOneFlow(spec: FlowSpec, stepDone?: (step: FlowStep) => void): Promise<void> {
  const client = new FlowClient(spec.baseUrl, 1, spec.requestTimeoutMs);
  try {
    await oneFlow(client, spec, orderRefs()(), true, stepDone);
  } catch (err) {
    throw new Error(`pre-flight full payment flow failed at ${(err as Error).message}`, { cause: err });
  } finally {
    client.close();
  }
}
