/** Payline date formats. The gateway runs its clock in UTC and formats in UTC. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `dd/MM/yyyy HH:mm:ss`, the getWebPaymentDetails / getTransactionDetails transaction date. */
export function formatPaylineDateTime(date: Date): string {
  return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** `dd/MM/yy HH:mm:ss`, the transaction date of DirectPaymentAPI answers (doRefund, doCapture samples). */
export function formatPaylineShortDateTime(date: Date): string {
  return formatPaylineDateTime(date).replace(/^(\d{2}\/\d{2}\/)\d{2}(\d{2})/, '$1$2');
}

const ORDER_DATE = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Parses `order.date` (`dd/MM/yyyy HH:mm`, seconds tolerated); undefined when it is not a real date. */
export function parseOrderDate(text: string): Date | undefined {
  const m = ORDER_DATE.exec(text.trim());
  if (!m) return undefined;
  const [day, month, year, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    hour! < 24 &&
    minute! < 60 &&
    second! < 60;
  return valid ? date : undefined;
}
