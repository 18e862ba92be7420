import http from 'node:http';
import https from 'node:https';

export interface AttemptResult {
  /** HTTP status when the receiver answered. */
  status?: number;
  /** Why there was no answer: connection error, timeout, abort. */
  error?: string;
}

/**
 * One POST of a callback. node:http rather than fetch so the request carries exactly our headers
 * (fetch adds accept, accept-language, sec-fetch-mode…), which keeps retries byte-identical and
 * close to what the partner sends. No redirects are followed: anything but 200 is a failure.
 */
export function postCallback(
  target: string,
  headers: Readonly<Record<string, string>>,
  body: Buffer,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<AttemptResult> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      resolve({ error: 'invalid callback URL' });
      return;
    }
    const transport = url.protocol === 'https:' ? https : http;
    let settled = false;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    // The partner's rule is "no answer within 15 s": a whole-request deadline, not a socket idle timeout.
    const timer = setTimeout(() => {
      req.destroy();
      finish({ error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    const onAbort = () => {
      req.destroy();
      finish({ error: 'aborted' });
    };
    const req = transport.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, agent: false },
      (res) => {
        res.resume();
        finish({ status: res.statusCode });
      },
    );
    req.on('error', (err) => finish({ error: err.message }));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
    req.end(body);
  });
}
