/**
 * What the load generator is asked to do and what it answers: plain data, because it crosses the
 * IPC channel to the load-generator child process (functions cannot).
 */
export interface LoadSpec {
  /** Base URL of the server under test; always http://127.0.0.1:<port>. */
  baseUrl: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** Request body. `[<id>]` is replaced by a fresh unique id per request when `uniqueIds` is set. */
  body?: string;
  uniqueIds?: boolean;
  /** Cycle through values: each request substitutes the next value for `placeholder` in the body. */
  cycle?: { placeholder: string; values: string[] };
  /** A good response has this status and a body containing this text. */
  expect: { status: number; bodyIncludes: string };
  connections: number;
  durationS: number;
}

export interface LoadResult {
  durationS: number;
  /** Responses received (any status). */
  responses: number;
  /** Mean and standard deviation of the per-second request rate samples. */
  reqPerSec: { mean: number; stddev: number };
  /** Latency of 2xx responses, ms (autocannon's histogram has 1 ms resolution). */
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** Socket errors and timeouts. */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Responses whose status or body differs from `expect`. */
  unexpected: number;
  statusCodes: Record<string, number>;
  /** CPU time used by the load generator process during the run, ms. */
  loadGeneratorCpuMs: number;
}

export type ToWorker = { id: number; spec: LoadSpec } | { id: number; flow: FlowSpec };
export type FromWorker = { id: number; result: LoadResult | FlowResult } | { id: number; error: string };

/** Applies the cycle substitution the way the load generator will (for pre-flight checks). */
export function bodyFor(spec: LoadSpec, index: number): string | undefined {
  if (spec.body === undefined || !spec.cycle) return spec.body;
  const values = spec.cycle.values;
  return spec.body.replaceAll(spec.cycle.placeholder, values[index % values.length]!);
}

/** The steps of one complete payment, in order, as the buyer's browser and the merchant make them. */
export const FLOW_STEPS = ['doWebPayment', 'openPage', 'pay', 'getDetails'] as const;
export type FlowStep = (typeof FLOW_STEPS)[number];

/** A full payment flow driven by N virtual buyers in a closed loop (bench/flow-driver.ts). */
export interface FlowSpec {
  /** Base URL of the gateway; always http://127.0.0.1:<port>. */
  baseUrl: string;
  /** `Basic …` header of the bench merchant (doWebPayment and getWebPaymentDetails). */
  authorization: string;
  /** REST POST /v1/checkout/sessions body; `orderRefPlaceholder` is replaced by a fresh order reference per flow. */
  sessionBody: string;
  orderRefPlaceholder: string;
  /** SOAP getWebPaymentDetails envelope; `tokenPlaceholder` is replaced by the flow's token. */
  detailsBody: string;
  tokenPlaceholder: string;
  /** The merchant's returnURL in `sessionBody`: the pay step must redirect there with `paylinetoken`. */
  returnUrl: string;
  /** Concurrent virtual buyers, each looping the whole flow. */
  buyers: number;
  durationS: number;
  /** Whole-request deadline of each HTTP step (an unanswered step fails its flow). */
  requestTimeoutMs: number;
}

export interface Percentiles {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface FlowResult {
  /** From the first flow started to the last one finished (flows in flight at the deadline finish). */
  durationS: number;
  /** Flows finished, good or not. */
  attempts: number;
  /** Flows whose every step answered as expected, ending with getWebPaymentDetails 00000. */
  completed: number;
  failures: number;
  /** "<step>: <what went wrong>" → count (at most 20 distinct reasons, the rest under "other"). */
  failureReasons: Record<string, number>;
  flowsPerSec: number;
  /** HTTP requests the buyers sent (all steps, all flows). */
  httpRequests: number;
  /** Whole-flow latency of completed flows, ms (sub-millisecond resolution). */
  latencyMs: Percentiles;
  /** Latency of each step of the completed flows, ms. */
  stepsMs: Record<FlowStep, Percentiles>;
  /** CPU time used by the load generator process during the run, ms. */
  loadGeneratorCpuMs: number;
}
