import type { CreateRequest } from './create-request.js';
import type { SimDebtor } from './debtor.js';
import type { PaymentStatus } from './lifecycle.js';

/** The creditor as the payment shows it: a copy of the profile's data when the payment was created. */
export interface SimCreditor {
  merchantId: string;
  name: string;
  iban: string;
}

/** The simulator's record of one payment. Timestamps are simulator-clock dates. */
export interface SimPayment extends CreateRequest {
  paymentId: string;
  /** Payment profile that created it: the only one that may read, cancel or refund it. */
  ppid: string;
  creditor: SimCreditor;
  status: PaymentStatus;
  createdAt: Date;
  expireAt: Date;
  succeededAt?: Date;
  /** Set when the payment becomes IDENTIFIED; never for a payment that expired unscanned. */
  debtor?: SimDebtor;
  /** Insertion sequence: breaks createdAt ties in search so the order is stable under a frozen clock. */
  seq: number;
  /**
   * Bumped by every change: a change is stored only if nobody (no other process) changed the payment since it was read.
   */
  version: number;
}

export type NewPayment = Omit<SimPayment, 'seq' | 'version'>;
