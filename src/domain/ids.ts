import { randomInt } from 'node:crypto';
import { randomByte } from './random-bytes.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters drawn uniformly from [A-Za-z0-9] with a CSPRNG (rejection sampling, no modulo bias). */
export function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    if (byte < 248) out += ALPHANUMERIC[byte % 62];
  }
  return out;
}

/** Web payment token as Payline issues it: 20 random alphanumerics + 13-digit epoch-ms creation time. */
export function newWebPaymentToken(now: Date): string {
  return randomAlphanumeric(20) + String(now.getTime()).padStart(13, '0');
}

/** The creation time embedded in a token, or undefined when the token does not have Payline's shape. */
export function tokenCreationTime(token: string): Date | undefined {
  return /^[A-Za-z0-9]{20}\d{13}$/.test(token) ? new Date(Number(token.slice(20))) : undefined;
}

const TAILS = 1_000;

/**
 * Transaction ids: 14 digits like Payline's card transactions — `1`, last digit of the year, 3-digit
 * day of year, HHmmss, then a 3-digit tail. Payline's tail looks like a sequence, and so is this one:
 * consecutive within the process from a random start, so a process never draws the same id twice
 * below 1,000 ids in one second (random tails collided from the first hundreds a second). Another
 * process sharing the database may be on the same tails: the primary key refuses the id, and
 * `jump()` moves this sequence to a random place before the caller draws again. 1,000 ids a second
 * across all processes is the ceiling of the 14-digit shape.
 */
export class TransactionIdSequence {
  private next: number;

  constructor(private readonly random: (max: number) => number = randomInt) {
    this.next = random(TAILS);
  }

  draw(now: Date): string {
    const tail = this.next;
    this.next = (this.next + 1) % TAILS;
    const start = Date.UTC(now.getUTCFullYear(), 0, 0);
    const dayOfYear = Math.floor((now.getTime() - start) / 86_400_000);
    const hms = now.toISOString().slice(11, 19).replaceAll(':', '');
    return `1${now.getUTCFullYear() % 10}${String(dayOfYear).padStart(3, '0')}${hms}${String(tail).padStart(3, '0')}`;
  }

  /** The id just drawn was taken (by another process): go on from elsewhere. */
  jump(): void {
    this.next = this.random(TAILS);
  }
}

/** This process's sequence. */
export const transactionIds = new TransactionIdSequence();

/** The next transaction id of this process's sequence. */
export function newTransactionId(now: Date): string {
  return transactionIds.draw(now);
}

/** Merchant ids look like Payline's: 14 digits. */
export function newMerchantId(): string {
  return `${randomInt(1, 10)}${Array.from({ length: 13 }, () => randomInt(10)).join('')}`;
}

/** Merchant access key: 20 random alphanumerics, shown once, stored hashed. */
export function newAccessKey(): string {
  return randomAlphanumeric(20);
}
