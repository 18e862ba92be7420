import type { IncomingHttpHeaders } from 'node:http';
import { listenLocally, readBody } from './local-server.js';
import { waitUntil } from './wait-until.js';

export interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

/** A merchant's callback endpoint: records requests, answers the queued statuses (0 = never answer), else 200. */
export interface Receiver {
  hits: Hit[];
  answers: number[];
  url(path?: string): string;
  waitFor(count: number): Promise<Hit[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const hits: Hit[] = [];
  const answers: number[] = [];
  const local = await listenLocally((req, res) => {
    void readBody(req).then((body) => {
      hits.push({ path: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body });
      const status = answers.shift() ?? 200;
      if (status === 0) return; // hang: the simulator's timeout must fire
      res.statusCode = status;
      res.end('ok');
    });
  });
  return {
    hits,
    answers,
    url: (path = '/payconiq/callback') => `${local.url}${path}`,
    async waitFor(count) {
      await waitUntil(
        () => hits.length >= count,
        () => `${count} callbacks, got ${hits.length}`,
      );
      return hits;
    },
    close: local.close,
  };
}
