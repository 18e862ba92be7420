import type { SessionEvent, SessionEventRecord, SessionHistory } from '../ports/session-history.js';
import type { Queryable } from './db.js';
import { insertEvent, toSessionEventRecord } from './session-event-rows.js';

/** The SessionHistory port over PostgreSQL SQL (table session_events). */
export class SqlSessionHistory implements SessionHistory {
  constructor(private readonly db: Queryable) {}

  async add(token: string, at: Date, event: SessionEvent): Promise<void> {
    await insertEvent(this.db, token, at, event);
  }

  async list(token: string): Promise<SessionEventRecord[]> {
    return (await this.db.query('SELECT * FROM session_events WHERE token = $1 ORDER BY id', [token])).map(
      toSessionEventRecord,
    );
  }
}
