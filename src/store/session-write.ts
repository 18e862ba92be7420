import type { PaymentSession } from '../domain/payment-session.js';
import type { Transaction } from '../domain/transaction.js';
import type { PaymentSessionChange } from '../ports/payment-sessions.js';
import type { Row } from './db.js';
import { notificationInsert } from './notification-rows.js';
import { oneStatement, type Statement } from './one-statement.js';
import { WEB_SESSION_COLUMNS, sessionValues, toPaymentSession, transactionInsert } from './rows.js';
import { eventInsert } from './session-event-rows.js';

/**
 * Session writes checked against the row version instead of a row lock: a session is read with its `xmin` (the id of
 * the transaction that wrote this version of the row, a PostgreSQL system column PGlite has too), the use case decides
 * on it, and the write applies only if the row is still that version. A concurrent writer makes it apply to nothing:
 * the caller reads again and decides again. One statement, no BEGIN/COMMIT, no lock held while JavaScript decides.
 *
 * xmin identifies the version because transaction ids only grow; every other writer of the row (claims, leases) gives
 * it a new xmin too, so none is overwritten with stale fields.
 */
const versions = new WeakMap<PaymentSession, string>();

/** The row version `s` was read or written at, if it came from the store. */
export function versionOf(s: PaymentSession): string | undefined {
  return versions.get(s);
}

/** The session of a row read with `SESSION_VERSION`, its version remembered. */
export function toVersionedSession(row: Row): PaymentSession {
  const s = toPaymentSession(row);
  versions.set(s, String(row.row_version));
  return s;
}

/** `s` as now stored at `version`. */
export function remembered(s: PaymentSession, version: string): PaymentSession {
  versions.set(s, version);
  return s;
}

/** Select-list item giving a session row's version; `toVersionedSession` reads it. */
export const SESSION_VERSION = 'xmin::text AS row_version';

/** Whether two column values of `sessionValues` are the same value. */
const sameValue = (a: unknown, b: unknown): boolean =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/**
 * `UPDATE web_sessions` of the columns `next` changes from `current`, at `version`. Only those: an unchanged column
 * is neither sent nor parsed again (the merchant's request is JSON), and a stored large value keeps its place. With
 * nothing changed (a history entry alone), one column is set to itself: the row still gets a new version.
 */
function sessionUpdate(current: PaymentSession, next: PaymentSession, version: string): Statement {
  const before = sessionValues(current);
  const after = sessionValues(next);
  const params: unknown[] = [next.token];
  const sets: string[] = [];
  for (let i = 1; i < WEB_SESSION_COLUMNS.length; i++) {
    if (sameValue(before[i], after[i])) continue;
    params.push(after[i]);
    sets.push(`${WEB_SESSION_COLUMNS[i]} = $${params.length}`);
  }
  if (sets.length === 0) sets.push('result_code = result_code');
  params.push(version);
  return {
    sql: `UPDATE web_sessions SET ${sets.join(', ')} WHERE token = $1 AND xmin = $${params.length}::text::xid RETURNING ${SESSION_VERSION}`,
    params,
  };
}

/**
 * The writes of a change to `current` (a session read with its version) as one statement, every one of them applied
 * only if the session row is still at that version: the session update comes first and the others are `INSERT …
 * SELECT … FROM` it, so a lost race writes nothing. It returns the new version (no row: the race was lost).
 */
export function sessionChangeStatement(change: PaymentSessionChange, current: PaymentSession): Statement {
  const version = versionOf(current);
  if (version === undefined) throw new Error(`session ${current.token}: no row version to write against`);
  const token = change.session.token;
  const writes: Statement[] = [sessionUpdate(current, change.session, version)];
  // A direct payment's transaction exists already (created with the payment, pending): it takes the final result.
  if (change.transaction && change.transaction.id === current.transactionId)
    writes.push(transactionSettle(change.transaction));
  else if (change.transaction) writes.push(afterSession(transactionInsert(change.transaction)));
  if (change.event)
    writes.push(
      afterSession(eventInsert(token, change.event.at, { resultCode: change.session.resultCode, ...change.event })),
    );
  if (change.notification)
    writes.push(afterSession(notificationInsert(change.session.merchantId, change.notification)));
  // The session update is named w0 by oneStatement; the statement returns what it returned.
  writes.push({ sql: 'SELECT row_version FROM w0', params: [] });
  return oneStatement(writes);
}

/** `INSERT INTO t (…) VALUES (…)` as `INSERT INTO t (…) SELECT … FROM w0`: only if the session update applied. */
function afterSession(s: Statement): Statement {
  const m = /^\s*(INSERT INTO \w+ \([^)]*\))\s*VALUES\s*\(([\s\S]*)\)\s*$/.exec(s.sql);
  if (!m) throw new Error(`afterSession: not a single-row INSERT … VALUES: ${s.sql.slice(0, 80)}`);
  return { sql: `${m[1]} SELECT ${m[2]} FROM w0`, params: s.params };
}

function transactionSettle(t: Transaction): Statement {
  return {
    sql: `UPDATE transactions SET result_code = $2, partner_additional_data = $3, bank_account = $4, payer_name = $5
           WHERE id = $1 AND EXISTS (SELECT 1 FROM w0)`,
    params: [
      t.id,
      t.resultCode,
      t.partnerAdditionalData ?? null,
      t.bankAccount ? JSON.stringify(t.bankAccount) : null,
      t.payerName ?? null,
    ],
  };
}
