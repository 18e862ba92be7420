/** A statement and its parameters, numbered from $1. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * Several writes as one statement (data-modifying CTEs): one round trip instead of one each, and all or nothing even
 * outside a transaction. They see the same snapshot, so none may depend on another's effect; foreign keys are
 * checked at the end of the statement, so their order does not matter.
 */
export function oneStatement(writes: Statement[]): Statement {
  const params: unknown[] = [];
  const renumbered = writes.map((w) => {
    const offset = params.length;
    params.push(...w.params);
    return w.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  });
  const last = renumbered.pop();
  if (last === undefined) throw new Error('oneStatement: no write');
  if (!renumbered.length) return { sql: last, params };
  return { sql: `WITH ${renumbered.map((sql, i) => `w${i} AS (${sql})`).join(', ')} ${last}`, params };
}
