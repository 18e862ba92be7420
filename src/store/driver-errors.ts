import { DuplicateKeyError } from '../ports/duplicate-key-error.js';

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * A driver's error as the stores' callers see it: a unique violation becomes a DuplicateKeyError
 * (both drivers speak PostgreSQL's codes); anything else is left as it is.
 */
export function translateDriverError(err: unknown): unknown {
  const e = err as { code?: string; constraint?: string; message?: string } | undefined;
  if (e?.code !== UNIQUE_VIOLATION) return err;
  const constraint = e.constraint ?? /unique constraint "([^"]+)"/.exec(e.message ?? '')?.[1];
  return new DuplicateKeyError(constraint, { cause: err });
}
