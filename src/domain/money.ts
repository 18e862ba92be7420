/**
 * Amounts typed by people: in major units ("12,50", "12.50", "12"), turned into the integer minor
 * units the gateway stores, with the currency's exponent (ISO 4217 minor unit digits).
 */

/** ISO 4217 numeric → minor unit digits, for the currencies that are not the usual two. */
const EXPONENTS: Record<number, number> = { 392: 0, 410: 0, 48: 3, 414: 3, 788: 3 };

export const currencyExponent = (currency: number): number => EXPONENTS[currency] ?? 2;

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
