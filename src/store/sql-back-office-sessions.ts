import type { BackOfficeSession, BackOfficeSessions } from '../ports/back-office-sessions.js';
import type { Row, Transactional } from './db.js';

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

const toSession = (r: Row): BackOfficeSession => ({
  idHash: String(r.id_hash),
  userId: String(r.user_id),
  stage: r.stage === 'active' ? 'active' : 'second-factor',
  csrfToken: String(r.csrf_token),
  createdAt: date(r.created_at),
  lastSeenAt: date(r.last_seen_at),
  secondFactorFailures: Number(r.second_factor_failures),
  address: r.address === null || r.address === undefined ? undefined : String(r.address),
});

/** The BackOfficeSessions port over PostgreSQL SQL. */
export class SqlBackOfficeSessions implements BackOfficeSessions {
  constructor(private readonly db: Transactional) {}

  async create(s: BackOfficeSession): Promise<void> {
    await this.db.query(
      `INSERT INTO back_office_sessions (id_hash, user_id, stage, csrf_token, created_at, last_seen_at, second_factor_failures, address)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [s.idHash, s.userId, s.stage, s.csrfToken, s.createdAt, s.lastSeenAt, s.secondFactorFailures, s.address ?? null],
    );
  }

  async get(idHash: string): Promise<BackOfficeSession | undefined> {
    const [row] = await this.db.query('SELECT * FROM back_office_sessions WHERE id_hash = $1', [idHash]);
    return row && toSession(row);
  }

  async touch(idHash: string, at: Date): Promise<void> {
    await this.db.query('UPDATE back_office_sessions SET last_seen_at = $2 WHERE id_hash = $1 AND last_seen_at < $2', [
      idHash,
      at,
    ]);
  }

  async countSecondFactorFailure(idHash: string): Promise<number> {
    const [row] = await this.db.query(
      'UPDATE back_office_sessions SET second_factor_failures = second_factor_failures + 1 WHERE id_hash = $1 RETURNING second_factor_failures',
      [idHash],
    );
    return Number(row?.second_factor_failures ?? Number.MAX_SAFE_INTEGER);
  }

  async delete(idHash: string): Promise<void> {
    await this.db.query('DELETE FROM back_office_sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteOfUser(userId: string, except?: string): Promise<number> {
    const rows = await this.db.query(
      'DELETE FROM back_office_sessions WHERE user_id = $1 AND id_hash IS DISTINCT FROM $2 RETURNING id_hash',
      [userId, except ?? null],
    );
    return rows.length;
  }

  async deleteExpired(idleBefore: Date, createdBefore: Date): Promise<number> {
    const rows = await this.db.query(
      'DELETE FROM back_office_sessions WHERE last_seen_at < $1 OR created_at < $2 RETURNING id_hash',
      [idleBefore, createdBefore],
    );
    return rows.length;
  }
}
