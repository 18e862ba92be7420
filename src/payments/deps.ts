import type { Logger } from 'pino';
import type { PartnerContractConfig, PaymentMethodConnector } from '../connectors/partner-port.js';
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

/** Where the partner settings of a contract come from (decrypted configuration, or the embedded simulator). */
export interface PartnerDirectory {
  configFor(merchantId: string, contractNumber: string): Promise<PartnerContractConfig | undefined>;
}

/**
 * The homologation buttons: "the buyer's phone" at a contract's partner when that partner is a
 * Payconiq simulator (the embedded one or a standalone one), driven through its control API.
 */
export interface SimulatedPayer {
  /** The host of `url` (an API base URL, a payment link) when it is the real Payconiq's (no simulator there: pay with the app); else undefined. */
  realPartnerHost(url: string): string | undefined;
  /** The phone scans and pays, or cancels, the payment at the partner of `apiBaseUrl`. */
  act(apiBaseUrl: string, partnerPaymentId: string, action: 'pay' | 'cancel'): Promise<SimulatedPayerAnswer>;
}

/**
 * 'done': the payment took the action; 'refused': the simulator would not (e.g. PAYMENT_NOT_PENDING,
 * the payment is already final); 'unavailable': no answer, or no simulator control API there, or a
 * simulator that does not know the payment (a standalone one restarted).
 */
export type SimulatedPayerAnswer =
  | { outcome: 'done'; status: string }
  | { outcome: 'refused'; code: string }
  | { outcome: 'unavailable'; reason: string };

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
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  publicUrl: string;
  connector: PaymentMethodConnector;
  partners: PartnerDirectory;
  /** Set in homologation only: the MAKE A PAYMENT / ABORT buttons. */
  simulator?: SimulatedPayer | undefined;
  /** The public key getEncryptionKey hands out (src/security/card-encryption-key.ts). */
  cardEncryptionKey(): Promise<CardEncryptionKey>;
}

/** The URL partners call back; its path is what the callback signature must name. */
export const partnerCallbackUrl = (publicUrl: string) => `${publicUrl}/partners/payconiq/callback`;

/** The hosted payment page of a web payment. */
export const hostedPageUrl = (publicUrl: string, token: string) => `${publicUrl}/v2/?token=${token}`;
