import type { AuditActor, AuditFilter, StoredAuditEntry } from '../ports/audit-log.js';
import type { BackOfficeStores } from '../ports/back-office-stores.js';
import { auditActor, type Actor } from './actor.js';
import type { BackOfficeDeps } from './deps.js';
import { requireCapability } from './policy.js';

/** What replaces a secret in the audit log: whether it was set, never its value. */
export const MASKED = '•••';

/** Field names that are secrets wherever they appear (partner settings add their own). */
const ALWAYS_SECRET = new Set(['password', 'passwordHash', 'accessKey', 'keyHash', 'apiKey', 'totpSecret', 'secret']);

/** A copy of `values` with every secret field (at any depth) masked. */
export function maskSecrets(
  values: Record<string, unknown>,
  secretFields: readonly string[] = [],
): Record<string, unknown> {
  const secret = new Set([...ALWAYS_SECRET, ...secretFields]);
  const mask = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(mask);
    if (value instanceof Date) return value.toISOString();
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, secret.has(k) ? MASKED : mask(v)]),
    );
  };
  return mask(values) as Record<string, unknown>;
}

export interface Change {
  action: string;
  merchantId?: string | undefined;
  target?: string | undefined;
  before?: Record<string, unknown> | undefined;
  after?: Record<string, unknown> | undefined;
  /** Secret fields of these values beyond the usual names (a payment method's own). */
  secretFields?: readonly string[];
}

/** Appends one change to the audit log, its secrets masked. */
export async function recordChange(
  { audit, clock }: Pick<BackOfficeDeps, 'audit' | 'clock'>,
  by: { actor: AuditActor; address?: string | undefined },
  change: Change,
): Promise<void> {
  await audit.record({
    at: clock.now(),
    actor: by.actor,
    action: change.action,
    merchantId: change.merchantId,
    target: change.target,
    before: change.before && maskSecrets(change.before, change.secretFields),
    after: change.after && maskSecrets(change.after, change.secretFields),
    address: by.address,
  });
}

/** The same, for a change a signed-in user made. */
export const recordUserChange = (deps: Pick<BackOfficeDeps, 'audit' | 'clock'>, actor: Actor, change: Change) =>
  recordChange(deps, { actor: auditActor(actor), address: actor.address }, change);

/**
 * Makes a change and writes its audit entry in one database transaction: both are kept, or
 * neither. A change the log does not show, or an entry for a change that did not happen, would
 * both mislead whoever reads it. `write` uses the stores it is given, and `change` may say what
 * `write` returned.
 */
export function auditedChange<T>(
  deps: Pick<BackOfficeDeps, 'atomically' | 'clock'>,
  actor: Actor,
  write: (stores: BackOfficeStores) => Promise<T>,
  change: Change | ((result: T) => Change | undefined),
): Promise<T> {
  return deps.atomically(async (stores) => {
    const result = await write(stores);
    const what = typeof change === 'function' ? change(result) : change;
    if (what) await recordUserChange({ audit: stores.audit, clock: deps.clock }, actor, what);
    return result;
  });
}

export const AUDIT_PAGE_SIZE = 50;

/** Operators only: the newest entries matching the filter, a page at a time. */
export async function listAuditEntries(
  deps: Pick<BackOfficeDeps, 'audit'>,
  actor: Actor,
  filter: Omit<AuditFilter, 'limit'>,
): Promise<{ entries: StoredAuditEntry[]; nextBeforeId?: number | undefined }> {
  requireCapability(actor.user, 'audit');
  const entries = await deps.audit.list({ ...filter, limit: AUDIT_PAGE_SIZE + 1 });
  const page = entries.slice(0, AUDIT_PAGE_SIZE);
  return { entries: page, nextBeforeId: entries.length > AUDIT_PAGE_SIZE ? page.at(-1)?.id : undefined };
}
