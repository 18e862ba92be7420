import { alphabeticCurrency, majorUnitsText } from '../../domain/money.js';
import { RESULT_CODES } from '../../domain/result-codes.js';
import { isResultCode } from '../../domain/transaction-status.js';
import type { PointOfSale } from '../../domain/merchant.js';
import type { ListedTransaction } from '../../ports/transaction-listing.js';

/**
 * The transactions export. `utf-8`: comma-separated, a byte order mark first (without it, Excel
 * reads UTF-8 as the system's code page), decimal point. `iso-8859-1`: what Monext's export and
 * European spreadsheets use: semicolons, decimal comma, Latin-1 bytes (a character outside
 * Latin-1 becomes `?`). Both: CRLF line ends (RFC 4180), the header row in English.
 */
export type CsvCharset = 'utf-8' | 'iso-8859-1';

export const readCharset = (v: unknown): CsvCharset | undefined =>
  v === undefined || v === '' || v === 'utf-8' ? 'utf-8' : v === 'iso-8859-1' ? 'iso-8859-1' : undefined;

const HEADER = [
  'Date (UTC)',
  'Transaction id',
  'Type',
  'Refunded transaction id',
  'Token',
  'Order reference',
  'Amount',
  'Currency',
  'Result code',
  'Result',
  'Contract',
  'Point of sale',
  'Buyer',
  'Payer',
];

/** A text a spreadsheet would run as a formula starts with one of these: it gets a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: neutralised if a spreadsheet would take it for a formula, quoted if it must be. */
export function csvCell(value: string, separator: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return text.includes('"') || text.includes(separator) || /[\r\n]/.test(text)
    ? `"${text.replaceAll('"', '""')}"`
    : text;
}

const utcTime = (at: Date) => at.toISOString().slice(0, 19).replace('T', ' ');

function cells(t: ListedTransaction, posLabel: ReadonlyMap<string, string>, charset: CsvCharset): string[] {
  return [
    utcTime(t.createdAt),
    t.id,
    t.type,
    t.originalTransactionId ?? '',
    t.token ?? '',
    t.orderRef ?? '',
    majorUnitsText(t.amount, t.currency, charset === 'utf-8' ? '.' : ','),
    alphabeticCurrency(t.currency) ?? String(t.currency),
    t.resultCode,
    isResultCode(t.resultCode) ? RESULT_CODES[t.resultCode].short : '',
    t.contractNumber,
    (t.pointOfSaleId && posLabel.get(t.pointOfSaleId)) ?? t.pointOfSaleId ?? '',
    t.buyerName ?? '',
    t.payerName ?? '',
  ];
}

const encode = (text: string, charset: CsvCharset): Buffer =>
  charset === 'utf-8' ? Buffer.from(text, 'utf8') : Buffer.from(text.replace(/[\u0100-\u{10ffff}]/gu, '?'), 'latin1');

/** Rows gathered into chunks of about this many characters before they are written. */
const CHUNK = 64 * 1024;

/** The export's bytes, chunk by chunk, as the rows come: never the whole file in memory. */
export async function* csvChunks(
  rows: AsyncIterable<ListedTransaction>,
  pointsOfSale: readonly PointOfSale[],
  charset: CsvCharset,
): AsyncGenerator<Buffer> {
  const separator = charset === 'utf-8' ? ',' : ';';
  const line = (values: string[]) => `${values.map((v) => csvCell(v, separator)).join(separator)}\r\n`;
  const posLabel = new Map(pointsOfSale.map((p) => [p.id, p.label]));
  let chunk = (charset === 'utf-8' ? '\ufeff' : '') + line(HEADER);
  for await (const t of rows) {
    chunk += line(cells(t, posLabel, charset));
    if (chunk.length >= CHUNK) {
      yield encode(chunk, charset);
      chunk = '';
    }
  }
  if (chunk) yield encode(chunk, charset);
}

/** `transactions-<merchant>-<YYYY-MM-DD>.csv` (merchant ids are letters, digits, _ and -). */
export const csvFileName = (merchantId: string, now: Date) =>
  `transactions-${merchantId}-${now.toISOString().slice(0, 10)}.csv`;
