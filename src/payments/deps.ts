import type { Logger } from 'pino';
import type { PartnerContractConfig, PaymentMethodConnector } from '../connectors/partner-port.js';
import type { Clock, RefundStore, Store } from '../ports.js';
import type { CardEncryptionKey } from '../security/card-encryption-key.js';

/** Where the partner settings of a contract come from (decrypted configuration, or the embedded simulator). */
export interface PartnerDirectory {
  configFor(merchantId: string, contractNumber: string): Promise<PartnerContractConfig | undefined>;
}

/** The homologation simulator's payer actions ("the buyer's phone"), when it is embedded. */
export interface SimulatedPayer {
  act(partnerPaymentId: string, action: 'scan' | 'pay' | 'decline' | 'cancel' | 'expire' | 'fail'): Promise<unknown>;
  /** Payer page of a payment ("scan with the simulator's phone"). */
  payerPageUrl(partnerPaymentId: string): string;
}

/** What every use case receives. */
export interface PaymentDeps {
  store: Store;
  /** Refund transactions (src/store/sql-refund-store.ts). */
  refunds: RefundStore;
  clock: Clock;
  log: Logger;
  publicUrl: string;
  connector: PaymentMethodConnector;
  partners: PartnerDirectory;
  /** Set in homologation only. */
  simulator?: SimulatedPayer | undefined;
  /** The public key getEncryptionKey hands out (src/security/card-encryption-key.ts). */
  cardEncryptionKey(): Promise<CardEncryptionKey>;
}

/** The URL partners call back; its path is what the callback signature must name. */
export const partnerCallbackUrl = (publicUrl: string) => `${publicUrl}/partners/payconiq/callback`;

/** The hosted payment page of a web payment. */
export const hostedPageUrl = (publicUrl: string, token: string) => `${publicUrl}/v2/?token=${token}`;
