/**
 * The currencies amounts are shown and typed in: numeric ISO 4217 code → alphabetic code and
 * exponent (the number of decimals of the major unit). Amounts are stored in minor units.
 */
const CURRENCIES: Record<number, { alphabetic: string; exponent: number }> = {
  978: { alphabetic: 'EUR', exponent: 2 },
  840: { alphabetic: 'USD', exponent: 2 },
  826: { alphabetic: 'GBP', exponent: 2 },
  756: { alphabetic: 'CHF', exponent: 2 },
};

/** Two decimals for a currency not in the table: those of every currency a contract may have. */
export const currencyExponent = (currency: number): number => CURRENCIES[currency]?.exponent ?? 2;

export const alphabeticCurrency = (currency: number): string | undefined => CURRENCIES[currency]?.alphabetic;

/**
 * An amount typed in major units (`12`, `12.5`, `12,50`, `1 234,56`) in minor units, exactly (no
 * floating point); undefined if it is not one, or has more decimals than the currency.
 */
export function minorUnitsOf(typed: string, currency: number): number | undefined {
  const exponent = currencyExponent(currency);
  const m = /^(\d{1,12})(?:[.,](\d*))?$/.exec(typed.replace(/[\s\u00a0\u202f]/g, ''));
  if (!m || (m[2] ?? '').length > exponent) return undefined;
  return Number(m[1]) * 10 ** exponent + Number((m[2] ?? '').padEnd(exponent, '0') || '0');
}

/** Minor units as a plain decimal in major units (`1234.50`), with this decimal separator. */
export function majorUnitsText(minor: number, currency: number, separator: '.' | ',' = '.'): string {
  const exponent = currencyExponent(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}${separator}${digits.slice(-exponent)}`;
}
