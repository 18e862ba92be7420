import type { ResultCode } from '../../domain/result-codes.js';

/** Unknown (or another merchant's) token or transaction. */
const NOT_FOUND = new Set<ResultCode>(['02304', '02301', '02604']);

/** The HTTP status of a refusal on the REST API: 404 for an unknown object, 422 for a reused key, else 400. */
export function refusalStatus(code: ResultCode): number {
  if (NOT_FOUND.has(code)) return 404;
  return code === '02001' ? 422 : 400;
}
