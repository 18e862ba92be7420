import type { Atomically } from '../ports/back-office-stores.js';
import { joining, type Db } from './db.js';
import { SqlAuditLog } from './sql-audit-log.js';
import { SqlBackOfficeSessions } from './sql-back-office-sessions.js';
import { SqlBackOfficeUsers } from './sql-back-office-users.js';
import { SqlMerchantConfiguration } from './sql-merchant-configuration.js';
import { SqlNotificationOutbox } from './sql-notification-outbox.js';
import { SqlWebhookSecrets } from './sql-webhook-secrets.js';

/** The back-office's stores over one transaction of `db` at a time (a change and its audit entry). */
export function backOfficeAtomically(db: Db): Atomically {
  return (work) =>
    db.transaction((q) => {
      const tx = joining(q);
      return work({
        merchants: new SqlMerchantConfiguration(tx),
        users: new SqlBackOfficeUsers(tx),
        sessions: new SqlBackOfficeSessions(tx),
        outbox: new SqlNotificationOutbox(tx),
        webhookSecrets: new SqlWebhookSecrets(tx),
        audit: new SqlAuditLog(tx),
      });
    });
}
