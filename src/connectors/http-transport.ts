/**
 * The HTTP exchange under the partner clients: undici's request() over one keep-alive Agent (a
 * pool of connections per origin), so that a payment's partner calls reuse their connections
 * instead of paying for a connection, and fetch's Request/Response machinery, per call.
 *
 * It sends exactly the given headers and follows no redirect: a 3xx comes back as the answer.
 */
import { Agent, request } from 'undici';

export interface HttpExchange {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  /** Ends the exchange, body reading included (the caller's timeout, a worker's stop). */
  signal: AbortSignal;
  /** Past this many body bytes the reading stops and the answer is `oversized`. */
  maxBodyBytes: number;
}

export interface HttpAnswer {
  status: number;
  /** The body decoded as UTF-8 (a BOM dropped, as fetch's text() does); empty when oversized. */
  text: string;
  oversized: boolean;
}

/** Sends one exchange; rejects when no complete answer came (network error, abort: `signal.reason`). */
export type HttpTransport = (exchange: HttpExchange) => Promise<HttpAnswer>;

export function createHttpTransport(): HttpTransport {
  const dispatcher = new Agent();
  return async (exchange) => {
    const res = await request(exchange.url, {
      dispatcher,
      method: exchange.method,
      headers: exchange.headers,
      body: exchange.body ?? null,
      signal: exchange.signal,
    });
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > exchange.maxBodyBytes) {
        res.body.destroy();
        return { status: res.statusCode, text: '', oversized: true };
      }
      chunks.push(chunk);
    }
    return { status: res.statusCode, text: utf8.decode(Buffer.concat(chunks, bytes)), oversized: false };
  };
}

const utf8 = new TextDecoder('utf-8');

/** The transport whose every exchange also ends when `stop` aborts: what the worker's connectors use. */
export function transportUntil(stop: AbortSignal, transport: HttpTransport): HttpTransport {
  return (exchange) => transport({ ...exchange, signal: AbortSignal.any([exchange.signal, stop]) });
}
