/**
 * The Payline result codes Passerelle answers with (payline-api.md §9, DESIGN.md §3).
 * The short message is what merchants branch on; the long message is for humans.
 */
export const RESULT_CODES = {
  '00000': { short: 'ACCEPTED', long: 'Transaction approved' },
  '02000': { short: 'ONHOLD_PARTNER', long: 'Transaction in progress, please wait for payment status.' },
  '02008': { short: 'CANCELLED', long: 'Transaction canceled by user' },
  '02010': { short: 'ERROR', long: 'Requested function not available' },
  '02012': { short: 'ERROR', long: 'Unmatched partner return code' },
  '02020': { short: 'REFUSED', long: 'Transaction refused by partner' },
  '02101': { short: 'ERROR', long: 'System internal error (frontend)' },
  '02106': { short: 'ERROR', long: 'Payment partner error' },
  '02303': { short: 'ERROR', long: 'Invalid contract number.' },
  '02304': { short: 'ERROR', long: 'No transaction found for this token' },
  '02305': { short: 'ERROR', long: 'Invalid field format' },
  '02306': { short: 'INPROGRESS', long: 'Customer has to fill his payment data' },
  '02308': { short: 'ERROR', long: 'Invalid value for' },
  '02324': { short: 'REFUSED', long: 'The session expired before the consumer has finished the transaction' },
  '02533': { short: 'INPROGRESS', long: 'The consumer is not redirected on payment web pages' },
  '02534': { short: 'REFUSED', long: 'The consumer is not redirected on payment web pages and session is expired' },
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
