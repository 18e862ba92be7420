import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import {
  MAX_KEPT_DELIVERIES,
  type AttemptRecord,
  type CallbackDelivery,
} from '../simulator/payconiq/callback-delivery.js';
import { MAX_REMEMBERED_JTIS } from '../simulator/payconiq/merchant-signature.js';
import type { NewPayment, SimPayment } from '../simulator/payconiq/payment.js';
import type { SimulatorProfile } from '../simulator/payconiq/profile.js';
import type { SimulatorQuirks } from '../simulator/payconiq/quirks.js';
import { DuplicateKeyError } from '../ports/duplicate-key-error.js';
import type { RefundContext, RefundDecision, SimRefund } from '../simulator/payconiq/refund.js';
import type { SearchQuery } from '../simulator/payconiq/search.js';
import type { SigningKey } from '../simulator/payconiq/signing-keys.js';
import type {
  DeliveryChange,
  SimulatorSettings,
  SimulatorStore,
  StoredDeliveries,
} from '../simulator/payconiq/simulator-store.js';
import type { SecretBox } from '../security/secret-box.js';
import type { Db, Row } from './db.js';
import { toDelivery, toSettings, toSimPayment, toSimRefund } from './sql-simulator-rows.js';

const OPEN_STATUSES = `('PENDING', 'IDENTIFIED', 'AUTHORIZED', 'PENDING_MERCHANT_ACKNOWLEDGEMENT')`;
const json = (v: unknown): Row => (typeof v === 'string' ? JSON.parse(v) : v) as Row;
const leaseFrom = (param: string) => `clock_timestamp() + ${param}::double precision * interval '1 millisecond'`;
const hashKey = (apiKey: string) => createHash('sha256').update(apiKey, 'utf8').digest('hex');

/**
 * The embedded simulator's state in the gateway's database (tables `simulator_*`, migration 6), so
 * every gateway process is one partner and a restart loses nothing. A payment change is one
 * statement: a compare-and-set on the payment's version that inserts its callback deliveries (and
 * releases the held ones) only if it won. A refund is decided under the payment's row lock. Retries
 * are claimed with FOR UPDATE SKIP LOCKED and a lease, so each is sent by one process. Profiles'
 * API keys are kept as SHA-256, signing keys' private halves sealed by the gateway's secret box.
 */
export class SqlSimulatorStore implements SimulatorStore {
  /** Opening a sealed key costs a decryption and an import: once per key and process. */
  private readonly privateKeys = new Map<string, KeyObject>();

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  async putProfile(profile: SimulatorProfile): Promise<void> {
    const { apiKey, ...rest } = profile;
    await this.db.query(
      `INSERT INTO simulator_profiles (api_key_hash, ppid, profile) VALUES ($1, $2, $3)
       ON CONFLICT (api_key_hash) DO UPDATE SET ppid = EXCLUDED.ppid, profile = EXCLUDED.profile`,
      [hashKey(apiKey), profile.ppid, JSON.stringify(rest)],
    );
  }

  async profileByApiKey(apiKey: string): Promise<SimulatorProfile | undefined> {
    const [row] = await this.db.query('SELECT profile FROM simulator_profiles WHERE api_key_hash = $1', [
      hashKey(apiKey),
    ]);
    return row && ({ ...json(row.profile), apiKey } as SimulatorProfile);
  }

  async addPayment(p: NewPayment): Promise<SimPayment> {
    const [row] = await this.db.query(
      `INSERT INTO simulator_payments (payment_id, version, ppid, creditor, status, amount, currency, description, reference, bulk_id,
         callback_url, identify_callback_url, return_url, created_at, expire_at, succeeded_at, debtor)
       VALUES ($1, 0, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING *`,
      [
        p.paymentId,
        p.ppid,
        JSON.stringify(p.creditor),
        p.status,
        p.amount,
        p.currency,
        p.description ?? null,
        p.reference ?? null,
        p.bulkId ?? null,
        p.callbackUrl ?? null,
        p.identifyCallbackUrl ?? null,
        p.returnUrl ?? null,
        p.createdAt,
        p.expireAt,
        p.succeededAt ?? null,
        p.debtor ? JSON.stringify(p.debtor) : null,
      ],
    );
    return toSimPayment(row!);
  }

  async getPayment(paymentId: string): Promise<SimPayment | undefined> {
    const [row] = await this.db.query('SELECT * FROM simulator_payments WHERE payment_id = $1', [paymentId]);
    return row && toSimPayment(row);
  }

  async updatePayment(
    next: SimPayment,
    expectedVersion: number,
    change: DeliveryChange,
  ): Promise<StoredDeliveries | undefined> {
    const params: unknown[] = [
      next.paymentId,
      expectedVersion,
      next.status,
      next.succeededAt ?? null,
      next.debtor ? JSON.stringify(next.debtor) : null,
      change.releaseHeld,
      change.leaseMs,
    ];
    const values = change.deliveries.map((d, i) => {
      const at = params.push(i, d.status, d.url, d.body, d.signature, d.state, d.createdAt) - 6;
      return `($${at}::integer, $${at + 1}::text, $${at + 2}::text, $${at + 3}::text, $${at + 4}::text, $${at + 5}::text, $${at + 6}::timestamptz)`;
    });
    const added =
      values.length === 0
        ? ''
        : `,
      added AS (
        INSERT INTO simulator_callbacks (payment_id, status, url, body, signature, state, created_at, next_attempt_at, lease_until)
        SELECT moved.payment_id, v.status, v.url, v.body, v.signature, v.state, v.created_at, v.created_at,
               CASE WHEN v.state = 'sending' THEN ${leaseFrom('$7')} END
          FROM moved CROSS JOIN (VALUES ${values.join(', ')}) AS v (ord, status, url, body, signature, state, created_at)
         ORDER BY v.ord
        RETURNING *)`;
    const [row] = await this.db.query(
      `WITH moved AS (
         UPDATE simulator_payments SET status = $3, succeeded_at = $4::timestamptz, debtor = $5::jsonb, version = version + 1
          WHERE payment_id = $1 AND version = $2
         RETURNING payment_id)${added},
       released AS (
         UPDATE simulator_callbacks SET state = 'sending', lease_until = ${leaseFrom('$7')}
          WHERE payment_id = $1 AND state = 'held' AND $6::boolean AND EXISTS (SELECT 1 FROM moved)
         RETURNING *)
       SELECT (SELECT count(*) FROM moved) AS moved,
              ${values.length === 0 ? `'[]'::json` : `(SELECT coalesce(json_agg(a ORDER BY a.id), '[]'::json) FROM added a)`} AS added,
              (SELECT coalesce(json_agg(r ORDER BY r.id), '[]'::json) FROM released r) AS released`,
      params,
    );
    if (Number(row?.moved) !== 1) return undefined;
    const rows = (v: unknown) => (json(v) as unknown as Row[]).map(toDelivery);
    return { added: rows(row!.added), released: rows(row!.released) };
  }

  async dueForExpiry(now: Date, limit: number): Promise<SimPayment[]> {
    const rows = await this.db.query(
      `SELECT * FROM simulator_payments WHERE status IN ${OPEN_STATUSES} AND expire_at <= $1 ORDER BY expire_at LIMIT $2`,
      [now, limit],
    );
    return rows.map(toSimPayment);
  }

  async searchPayments(ppid: string, q: SearchQuery): Promise<{ page: SimPayment[]; totalElements: number }> {
    const params: unknown[] = [ppid, q.from, q.to];
    let where = 'ppid = $1 AND created_at >= $2 AND created_at <= $3';
    if (q.statuses) where += ` AND status IN (${[...q.statuses].map((s) => `$${params.push(s)}`).join(', ')})`;
    if (q.reference !== undefined) where += ` AND reference = $${params.push(q.reference)}`;
    const [count] = await this.db.query(`SELECT count(*) AS n FROM simulator_payments WHERE ${where}`, params);
    const page = await this.db.query(
      `SELECT * FROM simulator_payments WHERE ${where} ORDER BY created_at DESC, seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.size, q.page * q.size],
    );
    return { page: page.map(toSimPayment), totalElements: Number(count?.n ?? 0) };
  }

  addRefund(
    paymentId: string,
    idempotencyKey: string,
    decide: (context: RefundContext) => RefundDecision,
  ): Promise<RefundDecision | undefined> {
    return this.db.transaction(async (q) => {
      const [payment] = await q.query('SELECT * FROM simulator_payments WHERE payment_id = $1 FOR UPDATE', [paymentId]);
      if (!payment) return undefined;
      // Read once the lock is held: a refund committed meanwhile by another process counts.
      const [context] = await q.query(
        `SELECT (SELECT row_to_json(r) FROM simulator_refunds r WHERE payment_id = $1 AND idempotency_key = $2) AS previous,
                (SELECT coalesce(sum(amount), 0) FROM simulator_refunds WHERE payment_id = $1 AND status <> 'FAILED') AS committed`,
        [paymentId, idempotencyKey],
      );
      const previous = context?.previous ? toSimRefund(json(context.previous)) : undefined;
      const decision = decide({ payment: toSimPayment(payment), previous, committed: Number(context?.committed ?? 0) });
      if (!decision.replayed) {
        const r = decision.refund;
        await q.query(
          `INSERT INTO simulator_refunds (refund_id, payment_id, idempotency_key, amount, currency, description, status, created_at, fingerprint)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            r.refundId,
            r.paymentId,
            r.idempotencyKey,
            r.amount,
            r.currency,
            r.description ?? null,
            r.status,
            r.creationDate,
            r.fingerprint,
          ],
        );
      }
      return decision;
    });
  }

  async getRefund(paymentId: string, refundId: string): Promise<SimRefund | undefined> {
    const [row] = await this.db.query('SELECT * FROM simulator_refunds WHERE payment_id = $1 AND refund_id = $2', [
      paymentId,
      refundId,
    ]);
    return row && toSimRefund(row);
  }

  async settleRefunds(status: 'REFUNDED' | 'FAILED'): Promise<void> {
    await this.db.query(`UPDATE simulator_refunds SET status = $1 WHERE status = 'PENDING'`, [status]);
  }

  async claimDueDeliveries(now: Date, leaseMs: number, limit: number): Promise<CallbackDelivery[]> {
    const rows = await this.db.query(
      `UPDATE simulator_callbacks SET state = 'sending', lease_until = ${leaseFrom('$2')}
        WHERE id IN (SELECT id FROM simulator_callbacks
                      WHERE (state = 'waiting' AND next_attempt_at <= $1) OR (state = 'sending' AND lease_until < clock_timestamp())
                      ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, leaseMs, limit],
    );
    return rows.map(toDelivery).sort((a, b) => a.id - b.id);
  }

  async recordAttempt(r: AttemptRecord): Promise<void> {
    await this.db.query(
      'UPDATE simulator_callbacks SET state = $2, attempts = $3, last_result = $4, next_attempt_at = $5, lease_until = NULL WHERE id = $1',
      [r.id, r.state, r.attempts, r.lastResult, r.nextAttemptAt],
    );
  }

  async deliveries(paymentId?: string): Promise<CallbackDelivery[]> {
    const rows =
      paymentId === undefined
        ? await this.db.query(
            'SELECT * FROM (SELECT * FROM simulator_callbacks ORDER BY id DESC LIMIT $1) latest ORDER BY id',
            [MAX_KEPT_DELIVERIES],
          )
        : await this.db.query('SELECT * FROM simulator_callbacks WHERE payment_id = $1 ORDER BY id', [paymentId]);
    return rows.map(toDelivery);
  }

  async signingKeys(candidate: () => SigningKey): Promise<SigningKey[]> {
    let rows = await this.db.query('SELECT * FROM simulator_signing_keys ORDER BY seq');
    if (!rows.some((r) => r.retired_at === null)) {
      // Several processes may start at once: the first key stored wins, the others read it.
      await this.insertKey(this.db, candidate(), 'ON CONFLICT DO NOTHING');
      rows = await this.db.query('SELECT * FROM simulator_signing_keys ORDER BY seq');
    }
    return rows.map((r) => this.toKey(r));
  }

  async rotateSigningKey(next: SigningKey, now: Date): Promise<SigningKey[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.transaction(async (q) => {
          await q.query('UPDATE simulator_signing_keys SET retired_at = $1 WHERE retired_at IS NULL', [now]);
          await this.insertKey(q, next, '');
        });
        return this.signingKeys(() => next);
      } catch (err) {
        // Another process rotated at the same moment: its new key is current now, retire it in turn.
        if (!(err instanceof DuplicateKeyError) || attempt >= 3) throw err;
      }
    }
  }

  async pruneSigningKeys(retiredBefore: Date): Promise<void> {
    await this.db.query('DELETE FROM simulator_signing_keys WHERE retired_at < $1', [retiredBefore]);
  }

  async takeJti(ppid: string, jti: string): Promise<boolean> {
    const rows = await this.db.query(
      'INSERT INTO simulator_used_jtis (ppid, jti) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING seq',
      [ppid, jti],
    );
    return rows.length === 1;
  }

  async releaseJti(ppid: string, jti: string): Promise<void> {
    await this.db.query('DELETE FROM simulator_used_jtis WHERE ppid = $1 AND jti = $2', [ppid, jti]);
  }

  async settings(): Promise<SimulatorSettings> {
    const [row] = await this.db.query('SELECT quirks, clock_offset_ms FROM simulator_settings WHERE id = 1');
    return toSettings(row);
  }

  async patchQuirks(patch: Partial<SimulatorQuirks>): Promise<SimulatorSettings> {
    // JSON has no undefined: a cleared failNext is stored as null.
    const stored = 'failNext' in patch ? { ...patch, failNext: patch.failNext ?? null } : patch;
    const [row] = await this.db.query(
      'UPDATE simulator_settings SET quirks = quirks || $1::jsonb WHERE id = 1 RETURNING quirks, clock_offset_ms',
      [JSON.stringify(stored)],
    );
    return toSettings(row);
  }

  async takeFailure(): Promise<{ status: 429 | 500 | 503; settings: SimulatorSettings } | undefined> {
    // The count is decremented in place (a used-up failNext reads as none), so two processes never use one failure
    // twice.
    const [row] = await this.db.query(
      `UPDATE simulator_settings SET quirks = jsonb_set(quirks, '{failNext,count}', to_jsonb((quirks->'failNext'->>'count')::integer - 1))
        WHERE id = 1 AND jsonb_typeof(quirks->'failNext') = 'object' AND (quirks->'failNext'->>'count')::integer > 0
       RETURNING quirks, clock_offset_ms, (quirks->'failNext'->>'status')::integer AS status`,
    );
    return row && { status: Number(row.status) as 429 | 500 | 503, settings: toSettings(row) };
  }

  async advanceClock(ms: number): Promise<SimulatorSettings> {
    const [row] = await this.db.query(
      'UPDATE simulator_settings SET clock_offset_ms = clock_offset_ms + $1 WHERE id = 1 RETURNING quirks, clock_offset_ms',
      [ms],
    );
    return toSettings(row);
  }

  async prune(): Promise<void> {
    await this.db.query(
      'DELETE FROM simulator_used_jtis WHERE seq <= (SELECT max(seq) FROM simulator_used_jtis) - $1',
      [MAX_REMEMBERED_JTIS],
    );
    await this.db.query(
      `DELETE FROM simulator_callbacks WHERE state IN ('delivered', 'gave-up') AND id <= (SELECT max(id) FROM simulator_callbacks) - $1`,
      [MAX_KEPT_DELIVERIES],
    );
  }

  private async insertKey(q: Pick<Db, 'query'>, key: SigningKey, onConflict: string): Promise<void> {
    const sealed = this.box.seal(JSON.stringify(key.privateKey.export({ format: 'jwk' })));
    await q.query(
      `INSERT INTO simulator_signing_keys (kid, private_key_sealed, public_jwk, created_at, retired_at) VALUES ($1, $2, $3, $4, $5) ${onConflict}`,
      [key.kid, sealed, JSON.stringify(key.publicJwk), key.createdAt, key.retiredAt ?? null],
    );
    this.privateKeys.set(key.kid, key.privateKey);
  }

  private toKey(r: Row): SigningKey {
    const kid = String(r.kid);
    let privateKey = this.privateKeys.get(kid);
    if (!privateKey) {
      privateKey = createPrivateKey({
        key: JSON.parse(this.box.open(String(r.private_key_sealed))) as Record<string, string>,
        format: 'jwk',
      });
      this.privateKeys.set(kid, privateKey);
    }
    const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
    return {
      kid,
      privateKey,
      publicJwk: json(r.public_jwk) as unknown as SigningKey['publicJwk'],
      createdAt: date(r.created_at),
      ...(r.retired_at !== null && r.retired_at !== undefined ? { retiredAt: date(r.retired_at) } : {}),
    };
  }
}
