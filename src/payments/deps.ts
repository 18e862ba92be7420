import type { Logger } from 'pino';
import type { PartnerDirectory, PaymentMethods } from '../connectors/partner-port.js';
import type { CallbackReplays } from '../ports/callback-replays.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/ids.js';
import type { MerchantConfiguration } from '../ports/merchant-configuration.js';
import type { NotificationOutbox } from '../ports/notification-outbox.js';
import type { Notifier } from '../ports/notifier.js';
import type { PaymentSessions } from '../ports/payment-sessions.js';
import type { RefundStore } from '../ports/refund-store.js';
import type { SessionHistory } from '../ports/session-history.js';
import type { Transactions } from '../ports/transactions.js';
import type { CardEncryptionKey } from '../security/card-encryption-key.js';
import type { SecretBox } from '../security/secret-box.js';

/** What the use cases receive: the ports, by concept, and the gateway's settings. */
export interface PaymentDeps {
  merchants: MerchantConfiguration;
  sessions: PaymentSessions;
  history: SessionHistory;
  callbacks: CallbackReplays;
  transactions: Transactions;
  refunds: RefundStore;
  outbox: NotificationOutbox;
  notifier: Notifier;
  /** Opens the points of sale's notification signing secrets. */
  secrets: SecretBox;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  publicUrl: string;
  /** The payment methods offered, by card code (src/connectors/registry.ts). */
  paymentMethods: PaymentMethods;
  /** Each contract's partner, connected. */
  partners: PartnerDirectory;
  /** Homologation: the MAKE A PAYMENT / ABORT buttons are offered. */
  homologation: boolean;
  /** The public key getEncryptionKey hands out (src/security/card-encryption-key.ts). */
  cardEncryptionKey(): Promise<CardEncryptionKey>;
}

/** The URL a payment method's partner calls back; its path is what the callback signature must name. */
export const partnerCallbackUrl = (publicUrl: string, callbackId: string) =>
  `${publicUrl}/partners/${callbackId}/callback`;

/** The hosted payment page of a web payment. */
export const hostedPageUrl = (publicUrl: string, token: string) => `${publicUrl}/v2/?token=${token}`;
