/**
 * Lenient ISO-8601 instant parsing for Payconiq timestamps.
 *
 * Payconiq normally sends milliseconds (`2019-03-07T10:24:23.880Z`), but switched the callback
 * `iat` to nanoseconds and then microseconds in Aug 2023 without notice (payconiq-api.md §4.3).
 * `Date.parse` is not specified for more than 3 fraction digits, so we parse by hand and keep
 * millisecond precision.
 */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;

/** The instant, or undefined when `value` is not an ISO-8601 date-time with a zone. */
export function parseIsoInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = INSTANT.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = m;
  const year = Number(y),
    month = Number(mo),
    day = Number(d);
  const hour = Number(h),
    minute = Number(mi),
    second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  let epoch = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis);
  // Date.UTC silently rolls 31 Feb over to March: reject instead of guessing.
  if (new Date(epoch).getUTCDate() !== day) return undefined;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    if (offsetMinutes > 18 * 60) return undefined;
    epoch -= sign * offsetMinutes * 60_000;
  }
  return new Date(epoch);
}
