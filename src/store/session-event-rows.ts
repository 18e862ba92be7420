import type { SessionEvent, SessionEventRecord } from '../ports/session-history.js';
import type { Queryable, Row } from './db.js';
import type { Statement } from './one-statement.js';

/** The insert of an entry of a session's history. */
export function eventInsert(token: string, at: Date, e: SessionEvent): Statement {
  return {
    sql: 'INSERT INTO session_events (token, at, source, partner_status, result_code, detail) VALUES ($1, $2, $3, $4, $5, $6)',
    params: [
      token,
      at,
      e.source,
      e.partnerStatus ?? null,
      e.resultCode ?? null,
      e.detail ? JSON.stringify(e.detail) : null,
    ],
  };
}

/** Adds an entry to a session's history, inside the caller's transaction if any. */
export async function insertEvent(q: Queryable, token: string, at: Date, e: SessionEvent): Promise<void> {
  const { sql, params } = eventInsert(token, at, e);
  await q.query(sql, params);
}

export const toSessionEventRecord = (r: Row): SessionEventRecord => ({
  at: r.at instanceof Date ? r.at : new Date(String(r.at)),
  source: String(r.source) as SessionEvent['source'],
  partnerStatus: (r.partner_status as string | null) ?? undefined,
  resultCode: (r.result_code as string | null) ?? undefined,
  detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) ?? undefined,
});
