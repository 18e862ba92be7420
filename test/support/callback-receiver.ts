import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ path: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) });
      const status = answers.shift() ?? 200;
      if (status === 0) return; // hang: the simulator's timeout must fire
      res.statusCode = status;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    hits,
    answers,
    url: (path = '/payconiq/callback') => `http://127.0.0.1:${port}${path}`,
    async waitFor(count) {
      const deadline = Date.now() + 5_000;
      while (hits.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} callbacks, got ${hits.length}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return hits;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}