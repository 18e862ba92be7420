/**
 * Amounts as people type and read them: in major units ("12,50", "12.50", "12"), while the gateway
 * stores integer minor units, with the currency's exponent (ISO 4217 minor unit digits).
 */

/** ISO 4217 numeric → minor unit digits, for the currencies that are not the usual two. */
const EXPONENTS: Record<number, number> = { 392: 0, 410: 0, 48: 3, 414: 3, 788: 3 };

/** ISO 4217 numeric → alphabetic code, for the currencies exports name. */
const ALPHABETIC: Record<number, string> = { 978: 'EUR', 840: 'USD', 826: 'GBP', 756: 'CHF', 392: 'JPY' };

export const currencyExponent = (currency: number): number => EXPONENTS[currency] ?? 2;

export const alphabeticCurrency = (currency: number): string | undefined => ALPHABETIC[currency];

/** Digits, then a comma or a point and at most `exponent` digits; spaces between thousands are allowed. */
export function parseMajorAmount(typed: string, currency: number): number | undefined {
  const exponent = currencyExponent(currency);
  const text = typed.trim().replace(/[\s\u00a0\u202f]/g, '');
  const fraction = exponent > 0 ? `(?:[.,](\\d{1,${exponent}}))?` : '';
  const m = new RegExp(`^(\\d{1,12})${fraction}$`).exec(text);
  if (!m) return undefined;
  const minor = Number(m[1]) * 10 ** exponent + Number((m[2] ?? '').padEnd(exponent, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Minor units as a plain decimal in major units (`1234.50`), with this decimal separator. */
export function majorUnitsText(minor: number, currency: number, separator: '.' | ',' = '.'): string {
  const exponent = currencyExponent(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}${separator}${digits.slice(-exponent)}`;
}
