import type pg from 'pg';

/** Distinct statements prepared per process at most (each connection of the pool keeps its own plans of them). */
export const MAX_PREPARED = 500;

/**
 * Statements sent as named (prepared) queries on PostgreSQL: parsed and planned once per connection, then only bound
 * and executed, which saves the server the parse and analysis of every request's statements. The SQL text names
 * the statement, so the names stay few (the stores' statements are fixed texts with parameters) and are bounded all
 * the same: past `MAX_PREPARED` texts, statements go unnamed. A statement whose plan a schema change invalidated
 * (another process migrating) is never named again: the caller resends it unnamed.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();
  private readonly retired = new Set<string>();

  constructor(private readonly max = MAX_PREPARED) {}

  /** The query to send for `sql`: named while the bound allows. */
  config(sql: string, values: unknown[]): pg.QueryConfig {
    if (this.retired.has(sql)) return { text: sql, values };
    let name = this.names.get(sql);
    if (!name && this.names.size < this.max) {
      name = `passerelle_${this.names.size}`;
      this.names.set(sql, name);
    }
    return name ? { name, text: sql, values } : { text: sql, values };
  }

  /**
   * Whether `err` is a prepared statement outliving the schema it was planned on; `sql` is then retired (sent
   * unnamed from now on, the name never reused: each connection keeps the old plan under it).
   */
  invalidated(sql: string, err: unknown): boolean {
    const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
    const stale =
      (code === '0A000' && /cached plan must not change result type/.test(String(message))) || code === '26000';
    if (stale && this.names.has(sql)) this.retired.add(sql);
    return stale && this.retired.has(sql);
  }

  /** How many texts have a name (tests). */
  get size(): number {
    return this.names.size;
  }
}
