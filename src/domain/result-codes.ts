/**
 * The Payline result codes Passerelle answers with (payline-api.md §9, DESIGN.md §3).
 * The short message is what merchants branch on; the long message is for humans.
 */
export const RESULT_CODES = {
  '00000': { short: 'ACCEPTED', long: 'Transaction approved' },
  '02000': { short: 'ONHOLD_PARTNER', long: 'Transaction in progress, please wait for payment status.' },
  '02001': { short: 'ERROR', long: 'Duplicate transaction' },
  '02008': { short: 'CANCELLED', long: 'Transaction canceled by user' },
  '02010': { short: 'ERROR', long: 'Requested function not available' },
  '02012': { short: 'ERROR', long: 'Unmatched partner return code' },
  '02014': { short: 'CANCELLED', long: 'Transaction handled by merchant' },
  '02020': { short: 'REFUSED', long: 'Transaction refused by partner' },
  '02101': { short: 'ERROR', long: 'System internal error (frontend)' },
  '02106': { short: 'ERROR', long: 'Payment partner error' },
  '02301': { short: 'ERROR', long: 'Transaction ID is invalid.' },
  '02302': { short: 'ERROR', long: 'Transaction is invalid.' },
  '02303': { short: 'ERROR', long: 'Invalid contract number.' },
  '02304': { short: 'ERROR', long: 'No transaction found for this token' },
  '02305': { short: 'ERROR', long: 'Invalid field format' },
  '02306': { short: 'INPROGRESS', long: 'Customer has to fill his payment data' },
  '02308': { short: 'ERROR', long: 'Invalid value for' },
  '02310': { short: 'ERROR', long: 'No transaction matching with search criteria' },
  '02311': { short: 'ERROR', long: 'Too many transactions match with search criteria' },
  '02312': { short: 'ERROR', long: 'Search criteria are invalid' },
  '02314': { short: 'ERROR', long: 'Transaction flag refundable is disabled' },
  '02320': { short: 'ERROR', long: 'The searched time interval is too long' },
  '02324': { short: 'REFUSED', long: 'The session expired before the consumer has finished the transaction' },
  '02533': { short: 'INPROGRESS', long: 'The consumer is not redirected on payment web pages' },
  '02534': { short: 'REFUSED', long: 'The consumer is not redirected on payment web pages and session is expired' },
  '02600': { short: 'ERROR', long: 'Reset is not supported for transaction type' },
  '02601': { short: 'ERROR', long: 'Reset already done' },
  '02602': { short: 'ERROR', long: 'Authorization is already expired' },
  '02603': { short: 'ERROR', long: 'Authorization is not resetable' },
  '02604': { short: 'ERROR', long: 'This transaction does not exist' },
  '02613': { short: 'ERROR', long: 'The maximal sum of the capture/refund is exceeded' },
  '02617': { short: 'ERROR', long: 'The transaction is already captured' },
  '02620': { short: 'ERROR', long: 'Currency must be the same as the original authorization' },
} as const satisfies Record<string, { short: string; long: string }>;

export type ResultCode = keyof typeof RESULT_CODES;

export interface Result {
  code: ResultCode;
  shortMessage: string;
  longMessage: string;
  partnerCode?: string;
  partnerCodeLabel?: string;
}

/** A result from the catalogue; `detail` completes the long message (e.g. the field of a 02308). */
export function resultOf(code: ResultCode, detail?: string): Result {
  const entry = RESULT_CODES[code];
  return { code, shortMessage: entry.short, longMessage: detail ? `${entry.long} ${detail}` : entry.long };
}

/** A result whose long message says why: `Requested function not available: wallets are not supported…`. */
export function explainedResult(code: ResultCode, reason: string): Result {
  const entry = RESULT_CODES[code];
  return { code, shortMessage: entry.short, longMessage: `${entry.long.replace(/\.$/, '')}: ${reason}` };
}
