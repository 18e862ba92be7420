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

export type ToWorker = { id: number; spec: LoadSpec };
export type FromWorker = { id: number; result: LoadResult } | { id: number; error: string };

/** Applies the cycle substitution the way the load generator will (for pre-flight checks). */
export function bodyFor(spec: LoadSpec, index: number): string | undefined {
  if (spec.body === undefined || !spec.cycle) return spec.body;
  const values = spec.cycle.values;
  return spec.body.replaceAll(spec.cycle.placeholder, values[index % values.length]!);
}
