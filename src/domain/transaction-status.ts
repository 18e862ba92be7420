import { RESULT_CODES, type ResultCode } from './result-codes.js';

/** What a result code means to someone reading a list of transactions: its short message, grouped. */
export type TransactionStatus = 'accepted' | 'refused' | 'pending' | 'cancelled' | 'error';

export const TRANSACTION_STATUSES: readonly TransactionStatus[] = [
  'accepted',
  'refused',
  'pending',
  'cancelled',
  'error',
];

const OF_SHORT_MESSAGE: Record<string, TransactionStatus> = {
  ACCEPTED: 'accepted',
  REFUSED: 'refused',
  INPROGRESS: 'pending',
  ONHOLD_PARTNER: 'pending',
  CANCELLED: 'cancelled',
  ERROR: 'error',
};

export const isResultCode = (code: string): code is ResultCode => Object.hasOwn(RESULT_CODES, code);

/** A code outside the catalogue (a row written by an older version) is an error. */
export const statusOf = (code: string): TransactionStatus =>
  (isResultCode(code) && OF_SHORT_MESSAGE[RESULT_CODES[code].short]) || 'error';

/** The catalogue's codes of that status. */
export const resultCodesOf = (status: TransactionStatus): ResultCode[] =>
  (Object.keys(RESULT_CODES) as ResultCode[]).filter((code) => statusOf(code) === status);
