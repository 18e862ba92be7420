import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { listenLocally, readBody } from './local-server.js';

/** One request the gateway sent through the proxy. */
export interface RecordedRequest {
  method: string;
  /** With the query string. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A partner API in front of a simulator's Merchant API, to see and shape what the gateway sends:
 * it records every request, counts `GET /v3/payments/{id}` per payment, can answer late
 * (`latencyMs`, a slow partner) or not at all until released (`hold`), and tells which held calls
 * the gateway gave up.
 */
export interface PartnerProxy {
  /** The contract's apiBaseUrl. */
  url: string;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
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
  const requests: RecordedRequest[] = [];
  const gets = new Map<string, number>();
  let abandoned = 0;

  const forward = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const headers: Record<string, string> = {};
    for (const h of ['authorization', 'content-type', 'accept', 'signature', 'idempotency-key'])
      if (typeof req.headers[h] === 'string') headers[h] = req.headers[h] as string;
    const upstream = await fetch(`${target()}${req.url}`, {
      method: req.method ?? 'GET',
      headers,
      body: body.length > 0 ? new Uint8Array(body) : null,
    });
    const text = await upstream.text();
    res.statusCode = upstream.status;
    const type = upstream.headers.get('content-type');
    if (type) res.setHeader('content-type', type);
    res.end(text);
  };

  const local = await listenLocally((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const method = req.method ?? 'GET';
      requests.push({ method, path: req.url ?? '', headers: req.headers, body: body.toString('utf8') });
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
      await forward(req, res, body);
    })().catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      res.statusCode = 502;
      res.end(String(err));
    });
  });

  const proxy: PartnerProxy = {
    url: local.url,
    requests,
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
      return local.close();
    },
  };
  return proxy;
}
