import { invalidFormat, refusedBecause } from './gateway-error.js';
import { parseOrderDate } from './payline-date.js';

/** What the ExtendedAPI reads select, always within one merchant's transactions. */
export interface TransactionCriteria {
  transactionId?: string | undefined;
  orderRef?: string | undefined;
  /** Transaction date, inclusive bounds. */
  from?: Date | undefined;
  to?: Date | undefined;
  contractNumber?: string | undefined;
  resultCode?: string | undefined;
  minAmount?: number | undefined;
  maxAmount?: number | undefined;
  currency?: number | undefined;
  /** Web payment token of the payment (a refund is found through its payment's token). */
  token?: string | undefined;
  /** Buyer, case-insensitive exact match: email, lastName, firstName (as sent, or the payer's name). */
  email?: string | undefined;
  lastName?: string | undefined;
  firstName?: string | undefined;
  pointOfSaleId?: string | undefined;
  /** The payment method (card code) of the transaction's payment. */
  cardCode?: string | undefined;
  /** The transaction with this id and the ones whose original it is (a payment and its refunds). */
  familyOf?: string | undefined;
}

/** A search may span one year at most (02320); Payline documents the limit but not its value. */
export const MAX_SEARCH_INTERVAL_YEARS = 1;

const ID = /^[A-Za-z0-9]{1,50}$/;
const DATE_ONLY = /^(\d{2}\/\d{2}\/\d{4})$/;

/** The trimmed text of a wire field, undefined when absent or blank. */
export function fieldText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** An id-like field (transactionId, token): 1–50 letters or digits, else 02305. */
export function idField(value: unknown, field: string): string | undefined {
  const text = fieldText(value);
  if (text !== undefined && !ID.test(text)) throw invalidFormat(field);
  return text;
}

/** A free-text criterion of at most `max` characters, else 02305. */
export function textField(value: unknown, field: string, max = 50): string | undefined {
  const text = fieldText(value);
  if (text !== undefined && text.length > max) throw invalidFormat(field);
  return text;
}

/**
 * A search bound: `dd/MM/yyyy`, `dd/MM/yyyy HH:mm` or `dd/MM/yyyy HH:mm:ss` in UTC (the gateway's
 * clock). An end bound covers the whole day, minute or second it names. 02305 when unreadable.
 */
export function searchDate(value: unknown, field: string, bound: 'start' | 'end'): Date | undefined {
  const text = fieldText(value);
  if (text === undefined) return undefined;
  const dateOnly = DATE_ONLY.test(text);
  const date = parseOrderDate(dateOnly ? `${text} 00:00` : text);
  if (!date) throw invalidFormat(field);
  if (bound === 'start') return date;
  const span = dateOnly ? 86_400_000 : text.length === 16 ? 60_000 : 1_000;
  return new Date(date.getTime() + span - 1);
}

/** End before start → 02312; longer than a year → 02320. */
export function checkPeriod(from: Date | undefined, to: Date | undefined): void {
  if (!from || !to) return;
  if (to < from) throw refusedBecause('02312', 'endDate is before startDate');
  const limit = new Date(from);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_SEARCH_INTERVAL_YEARS);
  if (to > limit)
    throw refusedBecause('02320', `startDate to endDate spans more than ${MAX_SEARCH_INTERVAL_YEARS} year`);
}
