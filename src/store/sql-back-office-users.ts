import type { BackOfficeUser, Profile, UserCredentials } from '../domain/back-office-user.js';
import type { BackOfficeUsers, NewBackOfficeUser, UserChanges } from '../ports/back-office-users.js';
import type { Row, Transactional } from './db.js';

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const optDate = (v: unknown): Date | undefined => (v === null || v === undefined ? undefined : date(v));
const optText = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

/** PGlite hands a text[] as an array; node-postgres too. */
const textArray = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

const toUser = (r: Row): BackOfficeUser => ({
  id: String(r.id),
  email: String(r.email),
  displayName: String(r.display_name),
  profile: String(r.profile) as Profile,
  merchantId: optText(r.merchant_id),
  pointOfSaleIds: textArray(r.point_of_sale_ids),
  createdAt: date(r.created_at),
  disabledAt: optDate(r.disabled_at),
  totpEnabledAt: optDate(r.totp_enabled_at),
});

const toCredentials = (r: Row): UserCredentials => ({
  passwordHash: String(r.password_hash),
  failedAttempts: Number(r.failed_attempts),
  failuresSince: optDate(r.failures_since),
  lockedUntil: optDate(r.locked_until),
  totpSecretSealed: optText(r.totp_secret_sealed),
  totpPendingSealed: optText(r.totp_pending_sealed),
  totpLastStep: r.totp_last_step === null || r.totp_last_step === undefined ? undefined : Number(r.totp_last_step),
});

/** The BackOfficeUsers port over PostgreSQL SQL. */
export class SqlBackOfficeUsers implements BackOfficeUsers {
  constructor(private readonly db: Transactional) {}

  async create({ user: u, passwordHash }: NewBackOfficeUser): Promise<void> {
    await this.db.query(
      `INSERT INTO back_office_users (id, email, display_name, profile, merchant_id, point_of_sale_ids, password_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [u.id, u.email, u.displayName, u.profile, u.merchantId ?? null, u.pointOfSaleIds, passwordHash, u.createdAt],
    );
  }

  async get(id: string): Promise<BackOfficeUser | undefined> {
    const [row] = await this.db.query('SELECT * FROM back_office_users WHERE id = $1', [id]);
    return row && toUser(row);
  }

  async findByEmail(email: string) {
    const [row] = await this.db.query('SELECT * FROM back_office_users WHERE email = lower($1)', [email]);
    return row && { user: toUser(row), credentials: toCredentials(row) };
  }

  async credentials(id: string): Promise<UserCredentials | undefined> {
    const [row] = await this.db.query('SELECT * FROM back_office_users WHERE id = $1', [id]);
    return row && toCredentials(row);
  }

  async listOfMerchant(merchantId: string): Promise<BackOfficeUser[]> {
    const rows = await this.db.query('SELECT * FROM back_office_users WHERE merchant_id = $1 ORDER BY email', [
      merchantId,
    ]);
    return rows.map(toUser);
  }

  async countOperators(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM back_office_users WHERE profile = 'operator'",
    );
    return Number(row?.n ?? 0);
  }

  async update(id: string, changes: UserChanges): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (changes.displayName !== undefined) set('display_name', changes.displayName);
    if (changes.profile !== undefined) set('profile', changes.profile);
    if (changes.pointOfSaleIds !== undefined) set('point_of_sale_ids', changes.pointOfSaleIds);
    if (changes.disabledAt !== undefined) set('disabled_at', changes.disabledAt);
    if (sets.length) await this.db.query(`UPDATE back_office_users SET ${sets.join(', ')} WHERE id = $1`, values);
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db.query('UPDATE back_office_users SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
  }

  async recordFailure(id: string, at: Date, rule: { limit: number; windowMs: number; lockMs: number }) {
    // One statement: failures counted by several processes at once all count.
    const [row] = await this.db.query(
      `UPDATE back_office_users SET
          failed_attempts = CASE WHEN failures_since IS NULL OR failures_since <= $2::timestamptz - make_interval(secs => $3 / 1000.0)
                                 THEN 1 ELSE failed_attempts + 1 END,
          failures_since = CASE WHEN failures_since IS NULL OR failures_since <= $2::timestamptz - make_interval(secs => $3 / 1000.0)
                                THEN $2::timestamptz ELSE failures_since END
        WHERE id = $1
        RETURNING failed_attempts`,
      [id, at, rule.windowMs],
    );
    const failedAttempts = Number(row?.failed_attempts ?? 0);
    if (failedAttempts < rule.limit) return { failedAttempts, lockedUntil: undefined };
    const lockedUntil = new Date(at.getTime() + rule.lockMs);
    await this.db.query(
      'UPDATE back_office_users SET locked_until = $2, failed_attempts = 0, failures_since = NULL WHERE id = $1',
      [id, lockedUntil],
    );
    return { failedAttempts, lockedUntil };
  }

  async clearFailures(id: string): Promise<void> {
    await this.db.query(
      'UPDATE back_office_users SET failed_attempts = 0, failures_since = NULL, locked_until = NULL WHERE id = $1',
      [id],
    );
  }

  async clearFailuresUnlessLocked(id: string, at: Date): Promise<{ lockedUntil?: Date | undefined }> {
    // One statement: a lock set by a concurrent failure is either seen here or set after the clearing.
    const [row] = await this.db.query(
      `WITH cleared AS (
         UPDATE back_office_users SET failed_attempts = 0, failures_since = NULL, locked_until = NULL
          WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2) RETURNING id)
       SELECT u.locked_until FROM back_office_users u WHERE u.id = $1 AND NOT EXISTS (SELECT 1 FROM cleared)`,
      [id, at],
    );
    return { lockedUntil: row ? optDate(row.locked_until) : undefined };
  }

  async setPendingTotp(id: string, sealedSecret: string | null): Promise<void> {
    await this.db.query('UPDATE back_office_users SET totp_pending_sealed = $2 WHERE id = $1', [id, sealedSecret]);
  }

  async enableTotp(id: string, sealedSecret: string, step: number, recoveryCodeHashes: string[], at: Date) {
    await this.db.transaction(async (q) => {
      await q.query(
        `UPDATE back_office_users SET totp_secret_sealed = $2, totp_pending_sealed = NULL, totp_last_step = $3, totp_enabled_at = $4
          WHERE id = $1`,
        [id, sealedSecret, step, at],
      );
      await q.query('DELETE FROM back_office_recovery_codes WHERE user_id = $1', [id]);
      for (const hash of recoveryCodeHashes)
        await q.query('INSERT INTO back_office_recovery_codes (user_id, code_hash) VALUES ($1, $2)', [id, hash]);
    });
  }

  async disableTotp(id: string): Promise<void> {
    await this.db.transaction(async (q) => {
      await q.query(
        `UPDATE back_office_users SET totp_secret_sealed = NULL, totp_pending_sealed = NULL, totp_last_step = NULL, totp_enabled_at = NULL
          WHERE id = $1`,
        [id],
      );
      await q.query('DELETE FROM back_office_recovery_codes WHERE user_id = $1', [id]);
    });
  }

  async useTotpStep(id: string, step: number): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE back_office_users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id',
      [id, step],
    );
    return rows.length === 1;
  }

  async useRecoveryCode(id: string, codeHash: string, at: Date): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE back_office_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING code_hash',
      [id, codeHash, at],
    );
    return rows.length === 1;
  }

  async unusedRecoveryCodes(id: string): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM back_office_recovery_codes WHERE user_id = $1 AND used_at IS NULL',
      [id],
    );
    return Number(row?.n ?? 0);
  }
}
