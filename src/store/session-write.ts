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

const SESSION_UPDATE = WEB_SESSION_COLUMNS.slice(1)
  .map((c, i) => `${c} = $${i + 2}`)
  .join(', ');

/**
 * The writes of a change as one statement, every one of them applied only if the session row is still at `version`:
 * the session update comes first and the others are `INSERT … SELECT … FROM` it, so a lost race writes nothing. It
 * returns the new version (no row: the race was lost).
 */
export function sessionChangeStatement(
  change: PaymentSessionChange,
  version: string,
  currentTransactionId: string | undefined,
): Statement {
  const token = change.session.token;
  const writes: Statement[] = [
    {
      sql: `UPDATE web_sessions SET ${SESSION_UPDATE} WHERE token = $1 AND xmin = $${WEB_SESSION_COLUMNS.length + 1}::text::xid RETURNING ${SESSION_VERSION}`,
      params: [...sessionValues(change.session), version],
    },
  ];
  // A direct payment's transaction exists already (created with the payment, pending): it takes the final result.
  if (change.transaction && change.transaction.id === currentTransactionId)
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
