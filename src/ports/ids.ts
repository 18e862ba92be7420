import { randomUUID } from 'node:crypto';
import { newAccessKey, newMerchantId, newTransactionId, newWebPaymentToken, transactionIds } from '../domain/ids.js';

/**
 * Where new ids and keys come from: use cases draw them here rather than from the random
 * generator, so that what they create follows from what they are given.
 */
export interface IdGenerator {
  /** A payment session's token (Payline's shape: random characters, then the creation time). */
  sessionToken(now: Date): string;
  /** A 14-digit transaction id. */
  transactionId(now: Date): string;
  /** The transaction id drawn last was taken (by another process): the next ones are drawn elsewhere. */
  transactionIdTaken(): void;
  merchantId(): string;
  pointOfSaleId(): string;
  accessKeyId(): string;
  /** A new merchant access key, in clear (it is shown once, then stored hashed). */
  accessKey(): string;
}

/** This process's ids: the transaction sequence of src/domain/ids.ts and random draws. */
export const processIds: IdGenerator = {
  sessionToken: newWebPaymentToken,
  transactionId: newTransactionId,
  transactionIdTaken: () => transactionIds.jump(),
  merchantId: newMerchantId,
  pointOfSaleId: () => randomUUID(),
  accessKeyId: () => randomUUID(),
  accessKey: newAccessKey,
};
