/**
 * One SQL dialect (PostgreSQL), two drivers: PGlite embedded in the process (the default) and
 * node-postgres for a PostgreSQL server (DATABASE_URL).
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly driver: 'pglite' | 'postgres';
  /** Runs `fn` in one database transaction; rolls back if it throws. */
  transaction<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Follows `NOTIFY`s on `channel` from every process on the database until close(): `notified` gets each payload,
   * `listening(false)` says notifications may be missed from now on (connection lost), `listening(true)` that they
   * are followed (again). Resolves after the first attempt to listen, whether it succeeded or not.
   */
  listen(channel: string, handlers: NotificationHandlers): Promise<void>;
  close(): Promise<void>;
}

export interface NotificationHandlers {
  notified(payload: string): void;
  listening(on: boolean): void;
}

/** What a store needs of its database: queries, and transactions. */
export type Transactional = Queryable & Pick<Db, 'transaction'>;

/** A transaction under way as a Transactional: a transaction opened on it is part of that one. */
export function joining(q: Queryable): Transactional {
  return { query: (sql, params) => q.query(sql, params), transaction: (fn) => fn(q) };
}
