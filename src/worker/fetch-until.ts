/**
 * `fetch` whose every call also ends when `stop` aborts, on top of the caller's own signal (a
 * timeout): what the worker's connectors fetch with (the JWKS; transportUntil does the same for
 * the partner API calls), so that a stop never waits on the partner.
 */
export function fetchUntil(stop: AbortSignal, fetchFn: typeof fetch = fetch): typeof fetch {
  return (input, init) =>
    fetchFn(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, stop]) : stop });
}
