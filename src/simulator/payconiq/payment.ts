import type { CreateRequest } from './create-request.js';
import type { SimDebtor } from './debtor.js';
import type { PaymentStatus } from './lifecycle.js';
import type { SimulatorProfile } from './profile.js';
import type { SimRefund } from './refund.js';

/** The simulator's record of one payment. Timestamps are simulator-clock dates. */
export interface SimPayment extends CreateRequest {
  paymentId: string;
  profile: SimulatorProfile;
  status: PaymentStatus;
  createdAt: Date;
  expireAt: Date;
  succeededAt?: Date;
  /** Set when the payment becomes IDENTIFIED; never for a payment that expired unscanned. */
  debtor?: SimDebtor;
  refunds: SimRefund[];
  /** Insertion sequence: breaks createdAt ties in search so the order is stable under a frozen clock. */
  seq: number;
}
