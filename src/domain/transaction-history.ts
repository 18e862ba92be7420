import { RESULT_CODES, type ResultCode } from './result-codes.js';

/** One line of getTransactionDetails' statusHistoryList. */
export interface StatusHistoryEntry {
  transactionId: string;
  at: Date;
  amount: number;
  currency: number;
  /** ACCEPTED, ON_HOLD_PARTNER, INPROGRESS, CANCELLED, REFUSED or ERROR. */
  status: string;
  originTransactionId?: string | undefined;
}

/** statusHistory.status: the short message, spelt ON_HOLD_PARTNER for 02000 as Payline's plugins read it. */
export function historyStatus(code: ResultCode): string {
  return code === '02000' ? 'ON_HOLD_PARTNER' : RESULT_CODES[code].short;
}

export interface HistorySource {
  transactionId: string;
  amount: number;
  currency: number;
  resultCode: ResultCode;
  /** When the transaction reached `resultCode` (its creation, or a direct payment's final result). */
  resultAt: Date;
  originTransactionId?: string | undefined;
  /** The payment session's recorded events, oldest first (none for a refund). */
  events: { at: Date; resultCode?: string | undefined }[];
}

/** WSDL cap of statusHistoryList. */
const MAX_ENTRIES = 100;

/**
 * The statuses a transaction went through: each change of the session's result (page opened,
 * partner scanned, paid…) then the transaction's own final status. Repeated statuses (polls,
 * duplicate callbacks) collapse into one line; the newest 100 are kept.
 */
export function statusHistory(src: HistorySource): StatusHistoryEntry[] {
  const entries: StatusHistoryEntry[] = [];
  const push = (at: Date, code: ResultCode) => {
    const status = historyStatus(code);
    if (entries.at(-1)?.status === status) return;
    entries.push({
      transactionId: src.transactionId,
      at,
      amount: src.amount,
      currency: src.currency,
      status,
      originTransactionId: src.originTransactionId,
    });
  };
  for (const e of src.events) {
    if (e.resultCode && e.resultCode in RESULT_CODES && e.at <= src.resultAt) push(e.at, e.resultCode as ResultCode);
  }
  push(src.resultAt, src.resultCode);
  return entries.slice(-MAX_ENTRIES);
}
