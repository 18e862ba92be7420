import type { PaymentSession } from '../domain/payment-session.js';
import type { Transaction } from '../domain/transaction.js';
import type { PaymentSessionChange, PaymentSessions } from '../ports/payment-sessions.js';
import type { Db } from './db.js';
import { notificationInsert } from './notification-rows.js';
import { oneStatement, type Statement } from './one-statement.js';
import {
  WEB_SESSION_COLUMNS,
  insertTransaction,
  placeholders,
  sessionValues,
  toPaymentSession,
  transactionInsert,
} from './rows.js';
import { eventInsert } from './session-event-rows.js';

const SESSION_UPDATE = WEB_SESSION_COLUMNS.slice(1)
  .map((c, i) => `${c} = $${i + 2}`)
  .join(', ');

/** The PaymentSessions port over PostgreSQL SQL (table web_sessions, which holds direct payments too). */
export class SqlPaymentSessions implements PaymentSessions {
  constructor(private readonly db: Db) {}

  async insert(s: PaymentSession, transaction?: Transaction): Promise<void> {
    const insertSession = `INSERT INTO web_sessions (${WEB_SESSION_COLUMNS.join(', ')}) VALUES (${placeholders(WEB_SESSION_COLUMNS.length)})`;
    if (!transaction) {
      await this.db.query(insertSession, sessionValues(s));
      return;
    }
    await this.db.transaction(async (q) => {
      await q.query(insertSession, sessionValues(s));
      await insertTransaction(q, transaction);
    });
  }

  async get(token: string): Promise<PaymentSession | undefined> {
    const [row] = await this.db.query('SELECT * FROM web_sessions WHERE token = $1', [token]);
    return row && toPaymentSession(row);
  }

  async update(
    token: string,
    decide: (s: PaymentSession) => PaymentSessionChange | undefined,
  ): Promise<PaymentSession | undefined> {
    return this.db.transaction(async (q) => {
      // NO KEY UPDATE: serialises writers of this session without blocking the foreign-key checks
      // of rows that reference it.
      const [row] = await q.query('SELECT * FROM web_sessions WHERE token = $1 FOR NO KEY UPDATE', [token]);
      if (!row) return undefined;
      const current = toPaymentSession(row);
      const change = decide(current);
      if (!change) return current;
      // Every write of the change in one statement, under the row lock taken above. A direct
      // payment's transaction exists already (created with the payment, pending): it takes the final result.
      const writes: Statement[] = [];
      if (change.transaction && change.transaction.id === current.transactionId)
        writes.push(transactionSettle(change.transaction));
      else if (change.transaction) writes.push(transactionInsert(change.transaction));
      writes.push({
        sql: `UPDATE web_sessions SET ${SESSION_UPDATE} WHERE token = $1`,
        params: sessionValues(change.session),
      });
      if (change.event)
        writes.push(eventInsert(token, change.event.at, { resultCode: change.session.resultCode, ...change.event }));
      if (change.notification) writes.push(notificationInsert(change.session.merchantId, change.notification));
      const { sql, params } = oneStatement(writes);
      await q.query(sql, params);
      return change.session;
    });
  }

  async findByPartnerPayment(partnerPaymentId: string): Promise<PaymentSession | undefined> {
    const [row] = await this.db.query('SELECT * FROM web_sessions WHERE partner_payment_id = $1', [partnerPaymentId]);
    return row && toPaymentSession(row);
  }

  async claimPartnerCreation(token: string, now: Date, staleBefore: Date): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE web_sessions SET partner_creation_started_at = $2
        WHERE token = $1 AND partner_payment_id IS NULL AND final_at IS NULL
          AND (partner_creation_started_at IS NULL OR partner_creation_started_at < $3)
        RETURNING token`,
      [token, now, staleBefore],
    );
    return rows.length === 1;
  }

  async claimDuePolls(now: Date, limit: number, leaseMs: number): Promise<string[]> {
    // SKIP LOCKED and the lease (the next poll pushed past the poll itself): with several gateway
    // processes, each due payment is asked about by one of them. NO KEY UPDATE, as in update.
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

function transactionSettle(t: Transaction): Statement {
  return {
    sql: 'UPDATE transactions SET result_code = $2, partner_additional_data = $3, bank_account = $4, payer_name = $5 WHERE id = $1',
    params: [
      t.id,
      t.resultCode,
      t.partnerAdditionalData ?? null,
      t.bankAccount ? JSON.stringify(t.bankAccount) : null,
      t.payerName ?? null,
    ],
  };
}
