/**
 * A database that already holds a million payments: the bench clones one real paid payment (its web
 * session and its transaction) `rows` times, in batches, then has the planner's statistics
 * refreshed, so the scenarios that follow measure whether cost grows with the data.
 *
 * Columns are read from the catalogue so that every column a later migration adds is cloned too;
 * the ones that must differ per row (keys, dates, references) get their own expression. Seeded
 * transaction ids start with `2`: the gateway's own start with `1` (docs/transaction-ids.md), so
 * the ids it draws during the run never meet them.
 */
import type { Db } from '../src/store/db.js';

const BATCH = 50_000;
/** The seeded payments are spread over the 90 days before the run, one every few seconds. */
const SPREAD_S = 90 * 86_400;

const TOKEN = `'SEED' || lpad(n::text, 16, '0')`;
const TRANSACTION_ID = `'2' || lpad(n::text, 13, '0')`;
const CREATED = `now() - make_interval(secs => (n::bigint * 7919) % ${SPREAD_S})`;

/** What differs per seeded row; every other column is the template's value. */
const SESSION_COLUMNS: Record<string, string> = {
  token: TOKEN,
  order_ref: `'SEED-' || n`,
  created_at: CREATED,
  expires_at: `${CREATED} + interval '61 minutes'`,
  buyer_arrived_at: `${CREATED} + interval '20 seconds'`,
  final_at: `${CREATED} + interval '1 minute'`,
  transaction_id: TRANSACTION_ID,
  partner_payment_id: `'seed' || lpad(n::text, 20, '0')`,
};
const TRANSACTION_COLUMNS: Record<string, string> = {
  id: TRANSACTION_ID,
  token: TOKEN,
  created_at: `${CREATED} + interval '1 minute'`,
};

async function columnsOf(db: Db, table: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
      ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.name);
}

/** `INSERT INTO table (…) SELECT … FROM table t, generate_series($2, $3) n WHERE t.<key> = $1`. */
async function cloneStatement(db: Db, table: string, key: string, vary: Record<string, string>) {
  const columns = await columnsOf(db, table);
  const values = columns.map((c) => vary[c] ?? `t.${c}`);
  return `INSERT INTO ${table} (${columns.join(', ')})
    SELECT ${values.join(', ')} FROM ${table} t, generate_series($2::int, $3::int) AS n WHERE t.${key} = $1`;
}

/**
 * Stores `rows` copies of the accepted payment of `templateToken` (its session and transaction).
 * Returns the seconds it took.
 */
export async function storePayments(
  db: Db,
  templateToken: string,
  rows: number,
  progress: (done: number) => void = () => undefined,
): Promise<number> {
  const started = process.hrtime.bigint();
  const [template] = await db.query<{ id: string }>('SELECT id FROM transactions WHERE token = $1', [templateToken]);
  if (!template) throw new Error(`seeding: the template payment ${templateToken} has no transaction`);
  const sessions = await cloneStatement(db, 'web_sessions', 'token', SESSION_COLUMNS);
  const transactions = await cloneStatement(db, 'transactions', 'id', TRANSACTION_COLUMNS);
  for (let from = 1; from <= rows; from += BATCH) {
    const to = Math.min(rows, from + BATCH - 1);
    await db.transaction(async (q) => {
      await q.query(sessions, [templateToken, from, to]);
      await q.query(transactions, [template.id, from, to]);
    });
    progress(to);
  }
  await db.query('ANALYZE web_sessions');
  await db.query('ANALYZE transactions');
  return Number(process.hrtime.bigint() - started) / 1e9;
}
