/**
 * Payconiq's callback signing keys (JWKS), cached per JWKS URL.
 *
 * Bancontact rotates keys without notice but publishes a new key 24 h before it signs with it
 * (payconiq-api.md §4.4), so a cache of at most 12 h always sees the new key in time. An unknown
 * `kid` still triggers one early re-fetch (a rotation we have not seen yet), but re-fetches are
 * rate-limited per URL: a stream of forged callbacks with made-up kids must not turn us into a
 * load generator against the JWKS host.
 */
import type { Logger } from 'pino';
import { CallbackRejected } from '../partner-port.js';
import { isObject } from './payment-mapping.js';

export const MAX_JWKS_TTL_MS = 12 * 60 * 60_000;
export const DEFAULT_JWKS_REFETCH_INTERVAL_MS = 30_000;
const MAX_KEYS = 100;

/** A public JWK as published (EC or RSA, maybe with x5c). */
export type Jwk = Record<string, unknown> & { kid: string };

/**
 * The JWKS could not be fetched or read. Still a CallbackRejected (the callback is not accepted),
 * but transient: the HTTP layer may answer 503 so that Payconiq retries later.
 */
export class JwksUnavailable extends CallbackRejected {
  readonly transient = true;
}

export interface JwksCacheOptions {
  fetch: typeof fetch;
  clock: { now(): Date };
  timeoutMs: number;
  /** Clamped to 12 h. */
  ttlMs?: number | undefined;
  /** Minimum delay between two fetches of the same URL outside the TTL refresh. */
  refetchIntervalMs?: number | undefined;
  logger?: Logger | undefined;
}

export interface JwksCache {
  /** The key with this kid, or undefined when the (possibly re-fetched) JWKS has none. Throws JwksUnavailable. */
  findKey(jwksUrl: string, kid: string): Promise<Jwk | undefined>;
}

interface Entry {
  keys: Map<string, Jwk>;
  fetchedAt: number;
}

export function createJwksCache(opts: JwksCacheOptions): JwksCache {
  const ttlMs = Math.min(opts.ttlMs ?? MAX_JWKS_TTL_MS, MAX_JWKS_TTL_MS);
  const refetchIntervalMs = opts.refetchIntervalMs ?? DEFAULT_JWKS_REFETCH_INTERVAL_MS;
  const entries = new Map<string, Entry>();
  const lastAttemptAt = new Map<string, number>();
  const inFlight = new Map<string, Promise<Entry>>();
  const now = (): number => opts.clock.now().getTime();

  /** One fetch per URL at a time; concurrent callers share it. */
  function refresh(url: string): Promise<Entry> {
    const pending = inFlight.get(url);
    if (pending) return pending;
    lastAttemptAt.set(url, now());
    const p = fetchJwks(url)
      .then((keys) => {
        const entry = { keys, fetchedAt: now() };
        entries.set(url, entry);
        opts.logger?.info({ jwksUrl: url, kids: [...keys.keys()] }, 'payconiq JWKS fetched');
        return entry;
      })
      .catch((err: unknown) => {
        // Past its TTL a key set is not trusted any more, even when the refresh fails.
        if (isExpired(entries.get(url))) entries.delete(url);
        const message = err instanceof Error ? err.message : String(err);
        opts.logger?.warn({ jwksUrl: url, err: message }, 'payconiq JWKS fetch failed');
        throw new JwksUnavailable(`JWKS unavailable: ${message}`);
      })
      .finally(() => inFlight.delete(url));
    inFlight.set(url, p);
    return p;
  }

  function isExpired(entry: Entry | undefined): boolean {
    return entry === undefined || now() - entry.fetchedAt >= ttlMs;
  }

  function mayRefetch(url: string): boolean {
    const last = lastAttemptAt.get(url);
    return last === undefined || now() - last >= refetchIntervalMs;
  }

  async function fetchJwks(url: string): Promise<Map<string, Jwk>> {
    const res = await opts.fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    if (res.status !== 200) throw new Error(`HTTP ${res.status} from ${url}`);
    let json: unknown;
    try {
      json = JSON.parse(await res.text());
    } catch {
      throw new Error(`${url} did not answer JSON`);
    }
    const list = isObject(json) ? json['keys'] : undefined;
    if (!Array.isArray(list)) throw new Error(`${url} has no "keys" array`);
    const keys = new Map<string, Jwk>();
    for (const key of list.slice(0, MAX_KEYS)) {
      if (isObject(key) && typeof key['kid'] === 'string' && key['kid'] !== '' && !keys.has(key['kid']))
        keys.set(key['kid'], key as Jwk);
    }
    return keys;
  }

  return {
    async findKey(jwksUrl, kid) {
      let entry = entries.get(jwksUrl);
      if (isExpired(entry)) {
        // A recent failed attempt: do not hammer a JWKS host that is down.
        if (!mayRefetch(jwksUrl) && !inFlight.has(jwksUrl))
          throw new JwksUnavailable('JWKS unavailable (recent fetch failed; retry later)');
        entry = await refresh(jwksUrl);
      }
      const key = entry!.keys.get(kid);
      if (key) return key;
      // Another callback with the same new kid is re-fetching right now: wait for that fetch
      // instead of refusing this one because of the back-off it has just started.
      const pending = inFlight.get(jwksUrl);
      if (pending) return (await pending).keys.get(kid);
      if (!mayRefetch(jwksUrl)) return undefined;
      opts.logger?.info({ jwksUrl, kid }, 'unknown kid: re-fetching payconiq JWKS');
      return (await refresh(jwksUrl)).keys.get(kid);
    },
  };
}
