/**
 * A write refused because a unique key is already taken (another process, or a retried request,
 * wrote it first). The stores raise it for any unique violation, so no use case reads a database
 * error code; `constraint` names the key (e.g. TRANSACTION_ID_KEY of ./transactions.ts).
 */
export class DuplicateKeyError extends Error {
  constructor(
    readonly constraint: string | undefined,
    options?: ErrorOptions,
  ) {
    super(`duplicate key${constraint ? ` (${constraint})` : ''}`, options);
    this.name = 'DuplicateKeyError';
  }
}
