import type { Logger } from 'pino';
import type { PartnerDirectory, PaymentMethods } from '../connectors/partner-port.js';
import type { Clock, RefundStore, Store } from '../ports.js';
import type { CardEncryptionKey } from '../security/card-encryption-key.js';

/** What every use case receives. */
export interface PaymentDeps {
  store: Store;
  /** Refund transactions (src/store/sql-refund-store.ts). */
  refunds: RefundStore;
  clock: Clock;
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
export const partnerCallbackUrl = (publicUrl: string, callbackId: string) => `${publicUrl}/partners/${callbackId}/callback`;

/** The hosted payment page of a web payment. */
export const hostedPageUrl = (publicUrl: string, token: string) => `${publicUrl}/v2/?token=${token}`;
