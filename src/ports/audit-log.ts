/** Who made a change: a back-office user, or the operator API (the CLI, on this machine). */
export type AuditActor = { kind: 'user'; userId: string; email: string } | { kind: 'operator-api' };

export interface AuditEntry {
  at: Date;
  actor: AuditActor;
  /** e.g. `merchant.update`, `point-of-sale.create`, `user.sign-in`. */
  action: string;
  /** The merchant the change is about, if any (the filter of the audit page). */
  merchantId?: string | undefined;
  /** What was changed within it: a point of sale id, a contract number, a user's e-mail. */
  target?: string | undefined;
  /** The values before and after, secrets masked (src/backoffice/audit.ts). */
  before?: Record<string, unknown> | undefined;
  after?: Record<string, unknown> | undefined;
  /** The client's address as the gateway saw it. */
  address?: string | undefined;
}

export interface StoredAuditEntry extends AuditEntry {
  id: number;
}

export interface AuditFilter {
  merchantId?: string | undefined;
  /** Prefix of the action (`merchant.`, `user.sign-in`). */
  action?: string | undefined;
  /** E-mail of the user (exact, lower-cased), or `operator-api`. */
  actor?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Entries older than this id (the next page). */
  beforeId?: number | undefined;
  limit: number;
}

/** The audit log: appended to, read newest first; never updated. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  list(filter: AuditFilter): Promise<StoredAuditEntry[]>;
}
