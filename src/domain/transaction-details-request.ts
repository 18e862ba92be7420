import { invalidValue } from './gateway-error.js';
import {
  checkPeriod,
  fieldText,
  idField,
  searchDate,
  textField,
  type TransactionCriteria,
} from './transaction-criteria.js';

/** getTransactionDetailsRequest as read off the wire. */
export type TransactionDetailsRequest = Partial<
  Record<'transactionId' | 'orderRef' | 'startDate' | 'endDate' | 'transactionHistory' | 'archiveSearch', unknown>
>;

export interface ValidTransactionDetailsRequest {
  criteria: TransactionCriteria;
  /** `transactionHistory=Y`: answer with the statusHistoryList. */
  withHistory: boolean;
  /** By order reference: the newest matching transaction is the one answered. */
  byOrderRef: boolean;
}

/**
 * getTransactionDetails selects one transaction: by `transactionId`, or else by `orderRef` (the
 * newest of the order's transactions, optionally within startDate/endDate). One of the two is
 * required (02308); dates, when given, are read and checked like a search's (02305/02312/02320).
 */
export function validateTransactionDetailsRequest(req: TransactionDetailsRequest): ValidTransactionDetailsRequest {
  const transactionId = idField(req.transactionId, 'transactionId');
  const orderRef = textField(req.orderRef, 'orderRef');
  if (!transactionId && !orderRef) throw invalidValue('transactionId (or orderRef)');
  const from = searchDate(req.startDate, 'startDate', 'start');
  const to = searchDate(req.endDate, 'endDate', 'end');
  checkPeriod(from, to);
  const withHistory = fieldText(req.transactionHistory)?.toUpperCase() === 'Y';
  if (transactionId) return { criteria: { transactionId }, withHistory, byOrderRef: false };
  return { criteria: { orderRef, from, to }, withHistory, byOrderRef: true };
}
