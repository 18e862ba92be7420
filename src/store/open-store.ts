import { join } from 'node:path';
import type { Db } from './db.js';
import { migrate } from './migrations.js';
import { openPgliteDb } from './pglite-db.js';
import { openPostgresDb } from './postgres-db.js';
import { SqlAuditLog } from './sql-audit-log.js';
import { SqlBackOfficeSessions } from './sql-back-office-sessions.js';
import { SqlBackOfficeUsers } from './sql-back-office-users.js';
import { SqlCallbackReplays } from './sql-callback-replays.js';
import { SqlDashboardFigures } from './sql-dashboard-figures.js';
import { SqlMerchantConfiguration } from './sql-merchant-configuration.js';
import { SqlNotificationLog } from './sql-notification-log.js';
import { SqlNotificationOutbox } from './sql-notification-outbox.js';
import { SqlPaymentSessions } from './sql-payment-sessions.js';
import { SqlRefundStore } from './sql-refund-store.js';
import { SqlSessionHistory } from './sql-session-history.js';
import { SqlSigningKeyStore } from './sql-signing-key-store.js';
import { SqlTransactionListing } from './sql-transaction-listing.js';
import { SqlTransactions } from './sql-transactions.js';
import { SqlWebhookSecrets } from './sql-webhook-secrets.js';

export interface StoreOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; undefined = in memory. */
  dataDir?: string | undefined;
  poolSize?: number;
}

/** The ports the database implements, one per concept, all over one connection pool. */
export function storePorts(db: Db) {
  return {
    merchants: new SqlMerchantConfiguration(db),
    sessions: new SqlPaymentSessions(db),
    history: new SqlSessionHistory(db),
    callbacks: new SqlCallbackReplays(db),
    transactions: new SqlTransactions(db),
    refunds: new SqlRefundStore(db),
    outbox: new SqlNotificationOutbox(db),
    notificationLog: new SqlNotificationLog(db),
    transactionListing: new SqlTransactionListing(db),
    webhookSecrets: new SqlWebhookSecrets(db),
    signingKeys: new SqlSigningKeyStore(db),
    backOfficeUsers: new SqlBackOfficeUsers(db),
    backOfficeSessions: new SqlBackOfficeSessions(db),
    audit: new SqlAuditLog(db),
    dashboard: new SqlDashboardFigures(db),
  };
}

export type StorePorts = ReturnType<typeof storePorts>;

export async function openDb(opts: StoreOptions): Promise<Db> {
  return opts.databaseUrl
    ? openPostgresDb(opts.databaseUrl, opts.poolSize)
    : openPgliteDb(opts.dataDir && join(opts.dataDir, 'pglite'));
}

/** Opens the database, applies pending migrations and returns its ports; closing `db` closes them. */
export async function openStore(opts: StoreOptions): Promise<{ db: Db; ports: StorePorts }> {
  const db = await openDb(opts);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return { db, ports: storePorts(db) };
}
