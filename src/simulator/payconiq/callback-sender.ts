import { Agent, request } from 'undici';

export interface AttemptResult {
  /** HTTP status when the receiver answered. */
  status?: number;
  /** Why there was no answer: connection error, timeout, abort. */
  error?: string;
}

/** Kept-alive connections to each receiver: a callback does not pay for a new connection on either side. */
const receivers = new Agent();

/**
 * One POST of a callback. undici's request() rather than fetch so the request carries exactly our
 * headers (fetch adds accept, accept-language, sec-fetch-mode…), which keeps retries byte-identical
 * and close to what the partner sends. No redirects are followed: anything but 200 is a failure.
 */
export async function postCallback(
  target: string,
  headers: Readonly<Record<string, string>>,
  body: Buffer,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<AttemptResult> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { error: 'invalid callback URL' };
  }
  if (signal.aborted) return { error: 'aborted' };
  // The partner's rule is "no answer within 15 s": a whole-request deadline, not a socket idle timeout.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const onAbort = () => deadline.abort();
  signal.addEventListener('abort', onAbort);
  try {
    const res = await request(url, {
      dispatcher: receivers,
      method: 'POST',
      headers: { ...headers, 'content-length': String(body.length) },
      body,
      signal: deadline.signal,
    });
    void res.body.dump().catch(() => undefined);
    return { status: res.statusCode };
  } catch (err) {
    if (signal.aborted) return { error: 'aborted' };
    if (deadline.signal.aborted) return { error: `no answer within ${timeoutMs} ms` };
    return { error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}
