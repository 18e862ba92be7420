import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** One file of assets/widget/, read once at start with its validator and its gzip form. */
export interface WidgetAsset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  /** Weak: the identity and the gzip bodies are the same resource, not the same bytes. */
  etag: string;
}

// From src/http/widget/ and from dist/http/widget/ alike.
const ASSETS = new URL('../../../assets/widget/', import.meta.url);

export function loadWidgetAsset(file: string, type: string): WidgetAsset {
  const body = readFileSync(new URL(file, ASSETS));
  const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { type, body, gzip: gzipSync(body, { level: 9 }), etag };
}

/** True when If-None-Match names this validator (weak comparison, lists, `*`). */
function notModified(req: FastifyRequest, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** Accept-Encoding names gzip (or `*`) without `q=0`. */
function acceptsGzip(req: FastifyRequest): boolean {
  return String(req.headers['accept-encoding'] ?? '')
    .split(',')
    .some((part) => {
      const [coding, ...params] = part.trim().toLowerCase().split(';');
      return (coding === 'gzip' || coding === '*') && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
    });
}

/**
 * The names are Payline's and fixed, so the files cannot be cached forever: five minutes, then a
 * revalidation that costs a 304. Readable from any merchant origin (a page may load them with
 * `crossorigin` and subresource integrity).
 */
export function sendWidgetAsset(req: FastifyRequest, reply: FastifyReply, asset: WidgetAsset) {
  reply
    .header('cache-control', 'public, max-age=300')
    .header('etag', asset.etag)
    .header('vary', 'accept-encoding')
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('x-content-type-options', 'nosniff');
  if (notModified(req, asset.etag)) return reply.code(304).send();
  reply.type(asset.type);
  if (acceptsGzip(req)) return reply.header('content-encoding', 'gzip').send(asset.gzip);
  return reply.send(asset.body);
}
