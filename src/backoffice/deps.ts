import type { Logger } from 'pino';
import type { PartnerDirectory, PaymentMethods } from '../connectors/partner-port.js';
import type { MerchantDeps } from '../merchants/merchant-deps.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { BackOfficeIds } from '../ports/back-office-ids.js';
import type { Atomically } from '../ports/back-office-stores.js';
import type { BackOfficeSessions } from '../ports/back-office-sessions.js';
import type { BackOfficeUsers } from '../ports/back-office-users.js';
import type { NotificationLog } from '../ports/notification-log.js';
import type { NotificationOutbox } from '../ports/notification-outbox.js';
import type { TransactionListing } from '../ports/transaction-listing.js';
import type { WebhookSecretStore } from '../ports/webhook-secret-store.js';
import type { DashboardFigures } from '../ports/dashboard-figures.js';
import type { PaymentDeps } from '../payments/deps.js';
import type { SecretBox } from '../security/secret-box.js';

/** What the back-office use cases receive. */
export interface BackOfficeDeps extends MerchantDeps {
  users: BackOfficeUsers;
  sessions: BackOfficeSessions;
  audit: AuditLog;
  /** The same stores over one transaction: a change and its audit entry are kept together or not at all. */
  atomically: Atomically;
  dashboard: DashboardFigures;
  boIds: BackOfficeIds;
  /** Merchant notifications: queued again from the back-office, their delivery log, signing secrets. */
  outbox: NotificationOutbox;
  notificationLog: NotificationLog;
  webhookSecrets: WebhookSecretStore;
  /** The transactions list and its export. */
  transactionListing: TransactionListing;
  /** Seals TOTP secrets and partner API keys. */
  secrets: SecretBox;
  paymentMethods: PaymentMethods;
  partners: PartnerDirectory;
  log: Logger;
  homologation: boolean;
  /** The payment use cases the back-office shares with the API (transaction detail, refunds). */
  payments: PaymentDeps;
}
