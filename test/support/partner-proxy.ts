import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A partner API in front of a simulator's Merchant API, to see and shape what the gateway sends:
 * it counts `GET /v3/payments/{id}` per payment, can answer them late (`latencyMs`, a slow
 * partner) or not at all until released (`hold`), and tells which held calls the gateway gave up.
 */
export interface PartnerProxy {
  /** The contract's apiBaseUrl. */
  url: string;
  /** Payment status reads (polls) received, per partner payment id. */
  gets: Map<string, number>;
  /** Added before every answer. */
  latencyMs: number;
  /** Calls matching this wait, unanswered, until release() or until the caller gives up. */
  hold(match: (method: string, path: string) => boolean): void;
  release(): void;
  /** Calls waiting now. */
  readonly held: number;
  /** Held calls whose caller closed the connection before an answer. */
  readonly abandoned: number;
  close(): Promise<void>;
}

const PAYMENT_READ = /^\/v3\/payments\/([0-9a-f]{24})$/;

export async function startPartnerProxy(target: () => string): Promise<PartnerProxy> {
  let match: ((method: string, path: string) => boolean) | undefined;
  const waiting = new Set<() => void>();
  const gets = new Map<string, number>();
  let abandoned = 0;

  const forward = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const headers: Record<string, string> = {};
    for (const h of ['authorization', 'content-type', 'accept', 'signature', 'idempotency-key']) if (typeof req.headers[h] === 'string') headers[h] = req.headers[h] as string;
    const upstream = await fetch(`${target()}${req.url}`, { method: req.method ?? 'GET', headers, body: body.length > 0 ? new Uint8Array(body) : null });
    const text = await upstream.text();
    res.statusCode = upstream.status;
    const type = upstream.headers.get('content-type');
    if (type) res.setHeader('content-type', type);
    res.end(text);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const method = req.method ?? 'GET';
        const path = new URL(req.url ?? '/', 'http://proxy').pathname;
        const id = method === 'GET' ? PAYMENT_READ.exec(path)?.[1] : undefined;
        if (id) gets.set(id, (gets.get(id) ?? 0) + 1);
        if (match?.(method, path)) {
          const released = await new Promise<boolean>((resolve) => {
            const go = () => resolve(true);
            waiting.add(go);
            res.once('close', () => {
              if (waiting.delete(go)) {
                abandoned++;
                resolve(false);
              }
            });
          });
          if (!released) return;
        }
        if (proxy.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, proxy.latencyMs));
        await forward(req, res, Buffer.concat(chunks));
      })().catch((err: unknown) => {
        if (res.headersSent || res.destroyed) return;
        res.statusCode = 502;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const proxy: PartnerProxy = {
    url: `http://127.0.0.1:${port}`,
    gets,
    latencyMs: 0,
    hold(m) {
      match = m;
    },
    release() {
      match = undefined;
      const go = [...waiting];
      waiting.clear();
      for (const g of go) g();
    },
    get held() {
      return waiting.size;
    },
    get abandoned() {
      return abandoned;
    },
    close() {
      proxy.release();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
