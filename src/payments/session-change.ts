import { newTransactionId } from '../domain/ids.js';
import type { ResultCode } from '../domain/result-codes.js';
import type { BankAccountData, Transaction } from '../domain/transaction.js';
import { isFinal, nextResult, type WebSession } from '../domain/web-session.js';
import type { WebSessionChange } from '../ports.js';

/** What the partner told us beyond the status. */
export interface PartnerDetails {
  partnerCode?: string | undefined;
  partnerAdditionalData?: string | undefined;
  bankAccount?: BankAccountData | undefined;
  payerName?: string | undefined;
}

/**
 * The change that moves `session` to `proposed`, or undefined when the state machine refuses it.
 * A final result gets its transaction (except 02534: the buyer never came, nothing happened at
 * the bank) and a WEBTRS notification when the merchant gave a notification URL.
 */
export function changeToResult(session: WebSession, proposed: ResultCode, now: Date, details: PartnerDetails = {}): WebSessionChange | undefined {
  const code = nextResult(session.resultCode, proposed);
  if (!code) return undefined;
  const next: WebSession = { ...session, resultCode: code, partnerCode: details.partnerCode ?? session.partnerCode };
  if (!isFinal(code)) return { session: next };

  next.finalAt = now;
  let transaction: Transaction | undefined;
  if (code !== '02534') {
    transaction = {
      id: newTransactionId(now),
      merchantId: session.merchantId,
      token: session.token,
      contractNumber: session.contractNumber,
      type: 'AUTHOR+CAP',
      amount: session.amount,
      currency: session.currency,
      resultCode: code,
      createdAt: now,
      softDescriptor: session.softDescriptor,
      partnerAdditionalData: details.partnerAdditionalData,
      bankAccount: details.bankAccount,
      payerName: details.payerName,
    };
    next.transactionId = transaction.id;
  }
  const notification = session.notificationUrl ? { type: 'WEBTRS' as const, url: session.notificationUrl, token: session.token } : undefined;
  return { session: next, ...(transaction && { transaction }), ...(notification && { notification }) };
}

/** PostgreSQL unique violation on the transactions primary key: a 14-digit id collided. */
export function isTransactionIdCollision(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e?.code === '23505' && /transactions_pkey/.test(`${e.constraint ?? ''} ${e.message ?? ''}`);
}
