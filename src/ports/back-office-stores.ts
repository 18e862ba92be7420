import type { AuditLog } from './audit-log.js';
import type { BackOfficeSessions } from './back-office-sessions.js';
import type { BackOfficeUsers } from './back-office-users.js';
import type { MerchantConfiguration } from './merchant-configuration.js';
import type { NotificationOutbox } from './notification-outbox.js';
import type { WebhookSecretStore } from './webhook-secret-store.js';

/** The stores a back-office change writes to, its audit log included. */
export interface BackOfficeStores {
  merchants: MerchantConfiguration;
  users: BackOfficeUsers;
  sessions: BackOfficeSessions;
  outbox: NotificationOutbox;
  webhookSecrets: WebhookSecretStore;
  audit: AuditLog;
}

/**
 * Runs `work` with stores whose writes are one database transaction: all of them are kept, or
 * none (if `work` throws). `work` must use these stores only, and nothing slow (no password
 * hashing, no partner call) while the transaction is open.
 */
export type Atomically = <T>(work: (stores: BackOfficeStores) => Promise<T>) => Promise<T>;
