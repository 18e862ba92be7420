import { randomBytes, randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` characters drawn uniformly from [A-Za-z0-9] with a CSPRNG (rejection sampling, no modulo bias). */
export function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHANUMERIC[byte % 62];
      if (out.length === length) break;
    }
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

/**
 * Transaction id: 14 digits like Payline's card transactions — `1`, last digit of the year, 3-digit
 * day of year, HHmmss, then 3 random digits. The database's primary key makes it unique; a
 * collision is retried by the store.
 */
export function newTransactionId(now: Date): string {
  const start = Date.UTC(now.getUTCFullYear(), 0, 0);
  const dayOfYear = Math.floor((now.getTime() - start) / 86_400_000);
  const hms = now.toISOString().slice(11, 19).replaceAll(':', '');
  return `1${now.getUTCFullYear() % 10}${String(dayOfYear).padStart(3, '0')}${hms}${String(randomInt(1000)).padStart(3, '0')}`;
}

/** Merchant access key: 20 random alphanumerics, shown once, stored hashed. */
export function newAccessKey(): string {
  return randomAlphanumeric(20);
}
