import type { SessionEvent, SessionEventRecord } from '../ports/session-history.js';
import type { Queryable, Row } from './db.js';

/** Adds an entry to a session's history, inside the caller's transaction if any. */
export async function insertEvent(q: Queryable, token: string, at: Date, e: SessionEvent): Promise<void> {
  await q.query(
    'INSERT INTO session_events (token, at, source, partner_status, result_code, detail) VALUES ($1, $2, $3, $4, $5, $6)',
    [token, at, e.source, e.partnerStatus ?? null, e.resultCode ?? null, e.detail ? JSON.stringify(e.detail) : null],
  );
}

export const toSessionEventRecord = (r: Row): SessionEventRecord => ({
  at: r.at instanceof Date ? r.at : new Date(String(r.at)),
  source: String(r.source) as SessionEvent['source'],
  partnerStatus: (r.partner_status as string | null) ?? undefined,
  resultCode: (r.result_code as string | null) ?? undefined,
  detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) ?? undefined,
});
