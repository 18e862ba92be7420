import type { Notifier } from '../ports/notifier.js';

/** Merchant notifications over HTTP: a GET, redirects not followed, only the status read. */
export function createHttpNotifier(fetchFn: typeof fetch = fetch): Notifier {
  return {
    async send(url, { timeoutMs, signal }) {
      try {
        const timeout = AbortSignal.timeout(timeoutMs);
        const res = await fetchFn(url, {
          method: 'GET',
          redirect: 'manual',
          signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
        });
        await res.body?.cancel();
        return { kind: 'answered', status: res.status };
      } catch (err) {
        const e = err as Error & { cause?: Error };
        return {
          kind: 'failed',
          reason:
            e.name === 'TimeoutError'
              ? `no answer within ${timeoutMs} ms`
              : `${e.message}${e.cause ? `: ${e.cause.message}` : ''}`,
        };
      }
    },
  };
}
