import type { Queryable } from '../../src/store/db.js';

/**
 * Everything the database holds, as one comparable value: every table of the gateway's schema,
 * row by row. Sessions count without their last-seen time (every request moves it): a refused
 * request may touch its own session, never end, add or change one.
 */
export async function dbFingerprint(db: Queryable): Promise<Record<string, string>> {
  const tables = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const row =
      name === 'back_office_sessions' ? `(t.id_hash, t.user_id, t.stage, t.csrf_token, t.second_factor_failures)` : 't';
    const [r] = await db.query<{ rows: string | null }>(
      `SELECT coalesce(string_agg(${row}::text, E'\\n' ORDER BY ${row}::text), '') AS rows FROM "${name}" t`,
    );
    out[name] = r?.rows ?? '';
  }
  return out;
}
