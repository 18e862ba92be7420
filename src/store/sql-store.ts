import type { AccessKeyInfo, Contract, Merchant, PointOfSale } from '../domain/merchant.js';
import type { Transaction } from '../domain/transaction.js';
import type { TransactionCriteria } from '../domain/transaction-criteria.js';
import type { PaymentSession } from '../domain/payment-session.js';
import type { NotificationRecord, SessionEvent, SessionEventRecord, Store, TransactionRecord, PaymentSessionChange } from '../ports.js';
import type { Db, Queryable } from './db.js';
import { insertNotification } from './notification-rows.js';
import {
  TRANSACTION_COLUMNS, WEB_SESSION_COLUMNS, placeholders, toAccessKey, toContract, toMerchant,
  toNotificationRecord, toPendingNotification, toPointOfSale, toTransaction, toPaymentSession,
  transactionValues, sessionValues,
} from './rows.js';
import { findTransactionsQuery, toTransactionRecord } from './transaction-queries.js';

const SESSION_UPDATE = WEB_SESSION_COLUMNS.slice(1).map((c, i) => `${c} = $${i + 2}`).join(', ');

/** The Store port over PostgreSQL SQL, shared by the PGlite and node-postgres drivers. */
export class SqlStore implements Store {
  constructor(private readonly db: Db) {}

  async createMerchant(m: Merchant): Promise<void> {
    await this.db.query('INSERT INTO merchants (id, company_name, trade_name, demo, created_at) VALUES ($1, $2, $3, $4, $5)', [m.id, m.companyName, m.tradeName, m.demo, m.createdAt]);
  }

  async findDemoMerchant(): Promise<Merchant | undefined> {
    const [row] = await this.db.query('SELECT * FROM merchants WHERE demo ORDER BY created_at LIMIT 1');
    return row && toMerchant(row);
  }

  async getMerchant(id: string): Promise<Merchant | undefined> {
    const [row] = await this.db.query('SELECT * FROM merchants WHERE id = $1', [id]);
    return row && toMerchant(row);
  }

  async listMerchants(): Promise<Merchant[]> {
    return (await this.db.query('SELECT * FROM merchants ORDER BY created_at, id')).map(toMerchant);
  }

  async createPointOfSale(p: PointOfSale): Promise<void> {
    await this.db.query(
      'INSERT INTO points_of_sale (id, merchant_id, label, payment_delay_minutes, notification_url) VALUES ($1, $2, $3, $4, $5)',
      [p.id, p.merchantId, p.label, p.paymentDelayMinutes, p.notificationUrl ?? null],
    );
  }

  async listPointsOfSale(merchantId: string): Promise<PointOfSale[]> {
    return (await this.db.query('SELECT * FROM points_of_sale WHERE merchant_id = $1 ORDER BY label', [merchantId])).map(toPointOfSale);
  }

  async createContract(c: Contract): Promise<void> {
    await this.db.query(
      `INSERT INTO contracts (merchant_id, contract_number, card_code, currency, point_of_sale_id, active, label, partner_contract_id, trade_name,
                              partner_settings)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [c.merchantId, c.contractNumber, c.cardCode, c.currency, c.pointOfSaleId, c.active, c.label, c.partnerContractId, c.tradeName ?? null,
        c.partnerSettings ? JSON.stringify(c.partnerSettings) : null],
    );
  }

  async listContracts(merchantId: string): Promise<Contract[]> {
    return (await this.db.query('SELECT * FROM contracts WHERE merchant_id = $1 ORDER BY contract_number', [merchantId])).map(toContract);
  }

  async findContract(merchantId: string, contractNumber: string) {
    const [row] = await this.db.query(
      `SELECT c.*, p.id AS pos_id, p.label AS pos_label, p.payment_delay_minutes, p.notification_url,
              m.company_name, m.trade_name AS merchant_trade_name, m.demo, m.created_at AS merchant_created_at
         FROM contracts c
         JOIN points_of_sale p ON p.id = c.point_of_sale_id
         JOIN merchants m ON m.id = c.merchant_id
        WHERE c.merchant_id = $1 AND c.contract_number = $2`,
      [merchantId, contractNumber],
    );
    if (!row) return undefined;
    return {
      contract: toContract(row),
      pointOfSale: toPointOfSale({ ...row, id: row.pos_id, label: row.pos_label }),
      merchant: toMerchant({ id: row.merchant_id, company_name: row.company_name, trade_name: row.merchant_trade_name, demo: row.demo, created_at: row.merchant_created_at }),
    };
  }

  async addAccessKey(key: AccessKeyInfo, keyHash: string): Promise<void> {
    await this.db.query('INSERT INTO access_keys (id, merchant_id, label, key_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [key.id, key.merchantId, key.label, keyHash, key.createdAt]);
  }

  async listAccessKeys(merchantId: string): Promise<AccessKeyInfo[]> {
    return (await this.db.query('SELECT id, merchant_id, label, created_at, revoked_at FROM access_keys WHERE merchant_id = $1 ORDER BY created_at, id', [merchantId])).map(toAccessKey);
  }

  async revokeAccessKey(merchantId: string, keyId: string, at: Date): Promise<boolean> {
    const rows = await this.db.query('UPDATE access_keys SET revoked_at = $3 WHERE merchant_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id', [merchantId, keyId, at]);
    return rows.length === 1;
  }

  async activeKeyHashes(merchantId: string): Promise<string[]> {
    const rows = await this.db.query<{ key_hash: string }>('SELECT key_hash FROM access_keys WHERE merchant_id = $1 AND revoked_at IS NULL', [merchantId]);
    return rows.map((r) => r.key_hash);
  }

  async insertSession(s: PaymentSession, transaction?: Transaction): Promise<void> {
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

  async getSession(token: string): Promise<PaymentSession | undefined> {
    const [row] = await this.db.query('SELECT * FROM web_sessions WHERE token = $1', [token]);
    return row && toPaymentSession(row);
  }

  async getTransaction(id: string): Promise<Transaction | undefined> {
    const [row] = await this.db.query('SELECT * FROM transactions WHERE id = $1', [id]);
    return row && toTransaction(row);
  }

  async findTransactions(merchantId: string, criteria: TransactionCriteria, opts: { limit: number; newestFirst?: boolean }): Promise<TransactionRecord[]> {
    const { sql, params } = findTransactionsQuery(merchantId, criteria, opts);
    return (await this.db.query(sql, params)).map(toTransactionRecord);
  }

  async updateSession(token: string, decide: (s: PaymentSession) => PaymentSessionChange | undefined): Promise<PaymentSession | undefined> {
    return this.db.transaction(async (q) => {
      // NO KEY UPDATE: serialises writers of this session without blocking the foreign-key checks
      // of rows that reference it.
      const [row] = await q.query('SELECT * FROM web_sessions WHERE token = $1 FOR NO KEY UPDATE', [token]);
      if (!row) return undefined;
      const current = toPaymentSession(row);
      const change = decide(current);
      if (!change) return current;
      // The transaction row first: the session references it. A direct payment's exists already
      // (created with the payment, pending): it takes the final result.
      if (change.transaction && change.transaction.id === current.transactionId) await settleTransaction(q, change.transaction);
      else if (change.transaction) await insertTransaction(q, change.transaction);
      await q.query(`UPDATE web_sessions SET ${SESSION_UPDATE} WHERE token = $1`, sessionValues(change.session));
      if (change.event) await insertEvent(q, token, change.event.at, { resultCode: change.session.resultCode, ...change.event });
      if (change.notification) await insertNotification(q, change.session.merchantId, change.notification);
      return change.session;
    });
  }

  async findSessionByPartnerPayment(partnerPaymentId: string): Promise<PaymentSession | undefined> {
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
    // processes, each due payment is asked about by one of them. NO KEY UPDATE, as in updateSession.
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

  async addSessionEvent(token: string, at: Date, event: SessionEvent): Promise<void> {
    await insertEvent(this.db, token, at, event);
  }

  async listSessionEvents(token: string): Promise<SessionEventRecord[]> {
    const rows = await this.db.query('SELECT * FROM session_events WHERE token = $1 ORDER BY id', [token]);
    return rows.map((r) => ({
      at: r.at instanceof Date ? r.at : new Date(String(r.at)),
      source: String(r.source) as SessionEvent['source'],
      partnerStatus: (r.partner_status as string | null) ?? undefined,
      resultCode: (r.result_code as string | null) ?? undefined,
      detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) ?? undefined,
    }));
  }

  async recordCallbackJti(jti: string, partnerPaymentId: string, at: Date): Promise<boolean> {
    const rows = await this.db.query(
      'INSERT INTO partner_callbacks_seen (jti, partner_payment_id, received_at) VALUES ($1, $2, $3) ON CONFLICT (jti) DO NOTHING RETURNING jti',
      [jti, partnerPaymentId, at],
    );
    return rows.length === 1;
  }

  async hasSeenCallback(jti: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM partner_callbacks_seen WHERE jti = $1', [jti])).length === 1;
  }

  async findExpiredOpenSessions(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ token: string }>(
      'SELECT token FROM web_sessions WHERE final_at IS NULL AND expires_at <= $1 AND (expiry_retry_at IS NULL OR expiry_retry_at <= $1) ORDER BY expires_at LIMIT $2',
      [now, limit],
    );
    return rows.map((r) => r.token);
  }

  async claimDueNotifications(now: Date, limit: number, leaseMs: number) {
    // SKIP LOCKED: several gateway processes share the outbox without delivering a row twice at once.
    const rows = await this.db.query(
      `UPDATE notifications SET next_attempt_at = $2, attempts = attempts + 1
        WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= $1
                      ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [now, new Date(now.getTime() + leaseMs), limit],
    );
    return rows.map(toPendingNotification);
  }

  async completeNotification(id: string, outcome: 'delivered' | 'skipped' | 'abandoned', now: Date, detail?: string): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET status = $2, delivered_at = CASE WHEN $2 = 'delivered' THEN $3::timestamptz ELSE delivered_at END,
              last_error = COALESCE($4, last_error) WHERE id = $1 AND status = 'pending'`,
      [id, outcome, now, detail ?? null],
    );
  }

  async retryNotificationAt(id: string, at: Date, _now: Date, error: string): Promise<void> {
    await this.db.query(`UPDATE notifications SET next_attempt_at = $2, last_error = $3 WHERE id = $1 AND status = 'pending'`, [id, at, error]);
  }

  async listNotifications(filter: { token?: string; merchantId?: string }): Promise<NotificationRecord[]> {
    const rows = await this.db.query(
      `SELECT * FROM notifications WHERE ($1::text IS NULL OR token = $1) AND ($2::text IS NULL OR merchant_id = $2) ORDER BY id`,
      [filter.token ?? null, filter.merchantId ?? null],
    );
    return rows.map(toNotificationRecord);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

async function insertEvent(q: Queryable, token: string, at: Date, e: SessionEvent): Promise<void> {
  await q.query(
    'INSERT INTO session_events (token, at, source, partner_status, result_code, detail) VALUES ($1, $2, $3, $4, $5, $6)',
    [token, at, e.source, e.partnerStatus ?? null, e.resultCode ?? null, e.detail ? JSON.stringify(e.detail) : null],
  );
}

async function insertTransaction(q: Queryable, t: Transaction): Promise<void> {
  await q.query(`INSERT INTO transactions (${TRANSACTION_COLUMNS.join(', ')}) VALUES (${placeholders(TRANSACTION_COLUMNS.length)})`, transactionValues(t));
}

async function settleTransaction(q: Queryable, t: Transaction): Promise<void> {
  await q.query(
    'UPDATE transactions SET result_code = $2, partner_additional_data = $3, bank_account = $4, payer_name = $5 WHERE id = $1',
    [t.id, t.resultCode, t.partnerAdditionalData ?? null, t.bankAccount ? JSON.stringify(t.bankAccount) : null, t.payerName ?? null],
  );
}
