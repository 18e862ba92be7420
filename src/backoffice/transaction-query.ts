import { parseMajorAmount } from '../domain/money.js';
import {
  isResultCode,
  resultCodesOf,
  TRANSACTION_STATUSES,
  type TransactionStatus,
} from '../domain/transaction-status.js';
import type { TransactionCursor, TransactionFilter } from '../ports/transaction-listing.js';
import type { FieldProblem } from './errors.js';
import { printable } from './form-input.js';
import { CONTRACT_CURRENCIES } from './payment-methods.js';

/** The filters as typed, echoed into the form and into the links of the next page and the export. */
export interface TransactionFilterValues {
  from?: string | undefined;
  to?: string | undefined;
  status?: string | undefined;
  resultCode?: string | undefined;
  minAmount?: string | undefined;
  maxAmount?: string | undefined;
  currency?: string | undefined;
  orderRef?: string | undefined;
  token?: string | undefined;
  transactionId?: string | undefined;
  contractNumber?: string | undefined;
  pointOfSaleId?: string | undefined;
  buyer?: string | undefined;
}

/** The filters as the use case takes them (the merchant, the reach and the page size are its own). */
export type TransactionQuery = Omit<TransactionFilter, 'merchantId' | 'pointsOfSale' | 'limit'>;

export interface ReadTransactionQuery {
  values: TransactionFilterValues;
  query: TransactionQuery;
  /** Filters that cannot be taken as typed, by name: nothing is listed until they are fixed. */
  problems: Record<string, FieldProblem>;
}

const LIMITS: Record<keyof TransactionFilterValues, number> = {
  from: 10,
  to: 10,
  status: 10,
  resultCode: 5,
  minAmount: 20,
  maxAmount: 20,
  currency: 3,
  orderRef: 50,
  token: 50,
  transactionId: 50,
  contractNumber: 64,
  pointOfSaleId: 100,
  buyer: 100,
};

/** A UTC day (`2026-01-31`) as its first instant, `days` later. */
function day(v: string, days = 0): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const d = new Date(`${v}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v
    ? undefined
    : new Date(d.getTime() + days * 86_400_000);
}

/** The keyset cursor of the `after` parameter: `<milliseconds>.<transaction id>`. */
export function readCursor(v: unknown): TransactionCursor | undefined {
  const m = typeof v === 'string' ? /^(\d{1,15})\.([A-Za-z0-9]{1,50})$/.exec(v) : null;
  return m ? { createdAt: new Date(Number(m[1])), id: m[2]! } : undefined;
}

export const writeCursor = (c: TransactionCursor) => `${c.createdAt.getTime()}.${c.id}`;

/** Words of a buyer's name as the names' text search index holds them: letters and digits, lower case. */
const wordsOf = (v: string) =>
  v
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

const REFERENCE = /^[A-Za-z0-9_.-]+$/;

/**
 * Reads the list's (and the export's) query string. A value is kept as typed (trimmed, bounded)
 * for the form; one that is not understood is a problem, never an error page.
 */
export function readTransactionQuery(q: Record<string, unknown>): ReadTransactionQuery {
  const problems: Record<string, FieldProblem> = {};
  const values: TransactionFilterValues = {};
  for (const name of Object.keys(LIMITS) as (keyof TransactionFilterValues)[]) {
    const raw = q[name];
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const v = raw.trim();
    values[name] = v.slice(0, LIMITS[name]);
    if (v.length > LIMITS[name]) problems[name] = { code: 'too-long' };
    else if (!printable(v)) problems[name] = { code: 'invalid' };
  }
  const query: TransactionQuery = { after: readCursor(q['after']) };
  const check = <T>(name: keyof TransactionFilterValues, read: (v: string) => T | undefined): T | undefined => {
    const v = values[name];
    if (v === undefined || problems[name]) return undefined;
    const out = read(v);
    if (out === undefined) problems[name] = { code: 'invalid' };
    return out;
  };

  query.from = check('from', (v) => day(v));
  query.to = check('to', (v) => day(v, 1));
  if (query.from && query.to && query.from >= query.to) problems['to'] = { code: 'invalid' };

  const status = check('status', (v) => TRANSACTION_STATUSES.find((s) => s === v) as TransactionStatus | undefined);
  const code = check('resultCode', (v) => (isResultCode(v) ? v : undefined));
  if (code && status && !resultCodesOf(status).includes(code)) problems['resultCode'] = { code: 'invalid' };
  query.resultCodes = code ? [code] : status ? resultCodesOf(status) : undefined;

  const currency =
    check('currency', (v) => CONTRACT_CURRENCIES.find((c) => String(c.code) === v)?.code) ??
    CONTRACT_CURRENCIES[0].code;
  query.minAmount = check('minAmount', (v) => parseMajorAmount(v, currency));
  query.maxAmount = check('maxAmount', (v) => parseMajorAmount(v, currency));
  if (query.minAmount !== undefined && query.maxAmount !== undefined && query.minAmount > query.maxAmount)
    problems['maxAmount'] = { code: 'invalid' };
  if (values.currency !== undefined || query.minAmount !== undefined || query.maxAmount !== undefined)
    query.currency = currency;

  query.orderRef = check('orderRef', (v) => v);
  query.token = check('token', (v) => (/^[A-Za-z0-9]+$/.test(v) ? v : undefined));
  query.transactionId = check('transactionId', (v) => (REFERENCE.test(v) ? v : undefined));
  query.contractNumber = check('contractNumber', (v) => (REFERENCE.test(v) ? v : undefined));
  query.pointOfSaleId = check('pointOfSaleId', (v) => v);
  const words = check('buyer', (v) => {
    const w = wordsOf(v);
    return w.length > 0 && w.length <= 5 ? w : undefined;
  });
  query.buyerWords = words;
  return { values, query, problems };
}

/** The query string of these filters (for the next page's link and the export's). */
export function filterParams(values: TransactionFilterValues): URLSearchParams {
  return new URLSearchParams(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));
}
