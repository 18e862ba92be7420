import type { IncomingHttpHeaders } from 'node:http';
import { listenLocally } from './local-server.js';

export interface RecordedRequest {
  /** Path and query as on the request line. */
  target: string;
  headers: IncomingHttpHeaders;
}

/**
 * A merchant's notification endpoint that keeps every request's target and headers and answers
 * with the queued `{ status, body }` (200 "OK" once the queue is empty); `hang` keeps it silent.
 */
export async function startRecordingEndpoint() {
  const received: RecordedRequest[] = [];
  const answers: { status: number; body?: string; hang?: boolean }[] = [];
  const local = await listenLocally((req, res) => {
    received.push({ target: req.url ?? '', headers: req.headers });
    const answer = answers.shift() ?? { status: 200, body: 'OK' };
    if (answer.hang) return;
    res.statusCode = answer.status;
    res.end(answer.body ?? '');
  });
  return { url: `${local.url}/notify`, received, answers, close: local.close };
}
