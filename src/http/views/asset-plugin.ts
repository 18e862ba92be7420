import type { FastifyInstance } from 'fastify';
import type { AssetBundle } from './assets.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** If-None-Match as RFC 9110 §13.1.2 reads it: `*`, or a list of (possibly weak) tags. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/**
 * Serves an AssetBundle under its mount path: `GET {mountPath}/{name}.{hash}{ext}`, immutable,
 * with its ETag and 304; any other name is the ordinary 404. Not @fastify/static: it serves files
 * by their names on disk, and the names here are computed (the bundle hashes the files at
 * start-up anyway), so the lookup would be ours in any case; the few small files are kept in
 * memory, with no disk read per request.
 */
export async function assetPlugin(app: FastifyInstance, { bundle }: { bundle: AssetBundle }): Promise<void> {
  app.get<{ Params: { file: string } }>(`${bundle.mountPath}/:file`, { schema: { hide: true } }, async (req, reply) => {
    const asset = bundle.get(req.params.file);
    if (!asset) return reply.callNotFound();
    reply.header('cache-control', IMMUTABLE).header('etag', asset.etag).header('x-content-type-options', 'nosniff');
    if (matches(req.headers['if-none-match'], asset.etag)) return reply.code(304).send();
    return reply.type(asset.contentType).send(asset.body);
  });
}
