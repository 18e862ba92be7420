import type { AuditEntry, AuditFilter, AuditLog, StoredAuditEntry } from '../ports/audit-log.js';
import type { Row, Transactional } from './db.js';

const json = (v: unknown): Record<string, unknown> | undefined =>
  v === null || v === undefined ? undefined : ((typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>);
const optText = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

const toEntry = (r: Row): StoredAuditEntry => ({
  id: Number(r.id),
  at: r.at instanceof Date ? r.at : new Date(String(r.at)),
  actor:
    r.actor_kind === 'user'
      ? { kind: 'user', userId: String(r.actor_user_id), email: String(r.actor_email) }
      : { kind: 'operator-api' },
  action: String(r.action),
  merchantId: optText(r.merchant_id),
  target: optText(r.target),
  before: json(r.before),
  after: json(r.after),
  address: optText(r.address),
});

/** The AuditLog port over PostgreSQL SQL: insert and read only. */
export class SqlAuditLog implements AuditLog {
  constructor(private readonly db: Transactional) {}

  async record(e: AuditEntry): Promise<void> {
    const user = e.actor.kind === 'user' ? e.actor : undefined;
    await this.db.query(
      `INSERT INTO audit_log (at, actor_kind, actor_user_id, actor_email, action, merchant_id, target, before, after, address)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        e.at,
        e.actor.kind,
        user?.userId ?? null,
        user?.email ?? null,
        e.action,
        e.merchantId ?? null,
        e.target ?? null,
        e.before ? JSON.stringify(e.before) : null,
        e.after ? JSON.stringify(e.after) : null,
        e.address ?? null,
      ],
    );
  }

  async list(f: AuditFilter): Promise<StoredAuditEntry[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (clause: (n: string) => string, value: unknown) => {
      values.push(value);
      where.push(clause(`$${values.length}`));
    };
    if (f.merchantId) add((n) => `merchant_id = ${n}`, f.merchantId);
    if (f.action) add((n) => `starts_with(action, ${n})`, f.action);
    if (f.actor === 'operator-api') where.push("actor_kind = 'operator-api'");
    else if (f.actor) add((n) => `actor_email = lower(${n})`, f.actor);
    if (f.from) add((n) => `at >= ${n}`, f.from);
    if (f.to) add((n) => `at < ${n}`, f.to);
    if (f.beforeId !== undefined) add((n) => `id < ${n}`, f.beforeId);
    values.push(f.limit);
    const rows = await this.db.query(
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map(toEntry);
  }
}
