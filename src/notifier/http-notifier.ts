import { performance } from 'node:perf_hooks';
import type { Notifier } from '../ports/notifier.js';

/** Bytes read of an answer at most: enough for the excerpt in any UTF-8, never a whole large page. */
const bytesFor = (chars: number) => chars * 4;

/** The start of a body, `maxChars` at most, reading no more than needed; then the rest is dropped. */
async function excerptOf(body: ReadableStream<Uint8Array> | null, maxChars: number): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < bytesFor(maxChars)) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // An answer cut short (timeout, reset) keeps what came.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return [...Buffer.concat(chunks).toString('utf8')].slice(0, maxChars).join('');
}

/**
 * Merchant notifications over HTTP: a GET, redirects not followed; the status and the start of the
 * answer are read, the time it took measured.
 */
export function createHttpNotifier(fetchFn: typeof fetch = fetch): Notifier {
  return {
    async send(url, { timeoutMs, signal, headers, excerptChars }) {
      const started = performance.now();
      const took = () => performance.now() - started;
      try {
        const timeout = AbortSignal.timeout(timeoutMs);
        const res = await fetchFn(url, {
          method: 'GET',
          redirect: 'manual',
          ...(headers && { headers }),
          signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
        });
        const bodyExcerpt = await excerptOf(res.body, excerptChars);
        return { kind: 'answered', status: res.status, durationMs: took(), bodyExcerpt };
      } catch (err) {
        const e = err as Error & { cause?: Error };
        return {
          kind: 'failed',
          durationMs: took(),
          reason:
            e.name === 'TimeoutError'
              ? `no answer within ${timeoutMs} ms`
              : `${e.message}${e.cause ? `: ${e.cause.message}` : ''}`,
        };
      }
    },
  };
}
