/** What a log line shows in place of a secret. */
export const CENSOR = '[redacted]';

/** Names whose values never reach a log, compared without case: credentials, request bodies, card data. */
const SECRET_NAMES = new Set(['authorization', 'accesskey', 'password', 'apikey', 'body', 'card', 'cardnumber', 'cvx']);

/** How far down a logged object is searched: deep enough for `req.headers.authorization`. */
const DEPTH = 3;

/** Plain objects and errors are searched; anything else (arrays, dates, buffers, streams) is written as it is. */
const searched = (v: unknown): v is object => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null || v instanceof Error;
};

/**
 * A copy of `v` with its prototype and own properties as plain writable values (an error keeps its message and
 * stack), so that replacing one never throws, even when `v` is frozen or has getters.
 */
function copy(v: object): Record<string, unknown> {
  const out = Object.create(Object.getPrototypeOf(v)) as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(v)) {
    const { enumerable } = Object.getOwnPropertyDescriptor(v, key)!;
    const value = (v as Record<string, unknown>)[key];
    Object.defineProperty(out, key, { value, enumerable, writable: true, configurable: true });
  }
  return out;
}

/**
 * `obj` with the value of every secret name among its own keys, and its objects' down to `DEPTH`, replaced by
 * CENSOR; copied only where something is replaced, so a line without secrets costs one pass over its keys and the
 * caller's objects are never changed. Pino's `redact` option protects the same names through per-key path
 * matchers that cost every line several microseconds, whether it holds a secret or not.
 */
export function censorSecrets<T extends object>(obj: T, depth = 1): T {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(obj)) {
    const value = (obj as Record<string, unknown>)[key];
    let shown = value;
    if (SECRET_NAMES.has(key.toLowerCase())) shown = value === undefined ? value : CENSOR;
    else if (depth < DEPTH && searched(value)) shown = censorSecrets(value, depth + 1);
    if (shown !== value) (out ??= copy(obj))[key] = shown;
  }
  return (out ?? obj) as T;
}
