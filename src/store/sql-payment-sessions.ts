import type { PaymentSession } from '../domain/payment-session.js';
import type { Transaction } from '../domain/transaction.js';
import type { PaymentSessionChange, PaymentSessions } from '../ports/payment-sessions.js';
import type { Db, Row } from './db.js';
import { WEB_SESSION_COLUMNS, insertTransaction, placeholders, sessionValues, toTransaction } from './rows.js';
import { SESSION_VERSION, remembered, sessionChangeStatement, toVersionedSession, versionOf } from './session-write.js';

/** Lost races in a row before giving up: each one means another writer made progress. */
const MAX_ATTEMPTS = 100;

/** The PaymentSessions port over PostgreSQL SQL (table web_sessions, which holds direct payments too). */
export class SqlPaymentSessions implements PaymentSessions {
  constructor(private readonly db: Db) {}

  async insert(s: PaymentSession, transaction?: Transaction): Promise<void> {
    // The version it is stored at is remembered: the request's next write of it needs no read.
    const insertSession = `INSERT INTO web_sessions (${WEB_SESSION_COLUMNS.join(', ')}) VALUES (${placeholders(WEB_SESSION_COLUMNS.length)}) RETURNING ${SESSION_VERSION}`;
    const [row] = transaction
      ? await this.db.transaction(async (q) => {
          const inserted = await q.query<{ row_version: string }>(insertSession, sessionValues(s));
          await insertTransaction(q, transaction);
          return inserted;
        })
      : await this.db.query<{ row_version: string }>(insertSession, sessionValues(s));
    if (row) remembered(s, row.row_version);
  }

  async get(token: string): Promise<PaymentSession | undefined> {
    const [row] = await this.db.query(`SELECT ${SESSION_VERSION}, * FROM web_sessions WHERE token = $1`, [token]);
    return row && toVersionedSession(row);
  }

  async update(
    token: string,
    decide: (s: PaymentSession) => PaymentSessionChange | undefined,
    known?: PaymentSession,
  ): Promise<PaymentSession | undefined> {
    let current = known && known.token === token && versionOf(known) ? known : await this.get(token);
    for (let attempt = 1; current; attempt++) {
      const change = decide(current);
      if (!change) return current;
      const { sql, params } = sessionChangeStatement(change, current);
      const [written] = await this.db.query<{ row_version: string }>(sql, params);
      if (written) return remembered(change.session, written.row_version);
      // Another writer changed the session since it was read: decide again on what it wrote.
      if (attempt >= MAX_ATTEMPTS) throw new Error(`session ${token} changed ${attempt} times while being updated`);
      current = await this.get(token);
    }
    return undefined;
  }

  async readResult(
    token: string,
    merchantId: string,
    now: Date,
  ): Promise<{ session: PaymentSession; transaction?: Transaction | undefined } | undefined> {
    // The outer SELECT sees the row as before the statement: the marked row comes from the UPDATE's RETURNING.
    const [row] = await this.db.query(
      `WITH fetched AS (
         UPDATE web_sessions SET result_fetched_at = $3
          WHERE token = $1 AND merchant_id = $2 AND channel = 'web' AND final_at IS NOT NULL AND result_fetched_at IS NULL
          RETURNING ${SESSION_VERSION}, *),
       s AS (SELECT * FROM fetched
             UNION ALL SELECT ${SESSION_VERSION}, * FROM web_sessions WHERE token = $1 AND NOT EXISTS (SELECT 1 FROM fetched))
       SELECT s.*, to_jsonb(t) AS tx FROM s LEFT JOIN transactions t ON t.id = s.transaction_id`,
      [token, merchantId, now],
    );
    if (!row) return undefined;
    const tx = typeof row.tx === 'string' ? (JSON.parse(row.tx) as Row) : (row.tx as Row | null);
    return { session: toVersionedSession(row), transaction: tx ? toTransaction(tx) : undefined };
  }

  async findByPartnerPayment(partnerPaymentId: string): Promise<PaymentSession | undefined> {
    const [row] = await this.db.query(`SELECT ${SESSION_VERSION}, * FROM web_sessions WHERE partner_payment_id = $1`, [
      partnerPaymentId,
    ]);
    return row && toVersionedSession(row);
  }

  async claimDuePolls(now: Date, limit: number, leaseMs: number): Promise<string[]> {
    // SKIP LOCKED and the lease (the next poll pushed past the poll itself): with several gateway
    // processes, each due payment is asked about by one of them. NO KEY UPDATE: the lock does not
    // block the foreign-key checks of rows that reference the session.
    const rows = await this.db.query<{ token: string; due_at: Date | string }>(
      `WITH due AS (SELECT token, next_poll_at FROM web_sessions
                     WHERE final_at IS NULL AND next_poll_at IS NOT NULL AND next_poll_at <= $1
                     ORDER BY next_poll_at LIMIT $3 FOR NO KEY UPDATE SKIP LOCKED)
       UPDATE web_sessions s SET next_poll_at = $2 FROM due WHERE s.token = due.token
       RETURNING s.token, due.next_poll_at AS due_at`,
      [now, new Date(now.getTime() + leaseMs), limit],
    );
    return rows.sort((a, b) => new Date(a.due_at).getTime() - new Date(b.due_at).getTime()).map((r) => r.token);
  }

  async findExpired(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ token: string }>(
      'SELECT token FROM web_sessions WHERE final_at IS NULL AND expires_at <= $1 AND (expiry_retry_at IS NULL OR expiry_retry_at <= $1) ORDER BY expires_at LIMIT $2',
      [now, limit],
    );
    return rows.map((r) => r.token);
  }
}
