import type { ResultCode } from '../../domain/result-codes.js';
import type { BankAccountData, Transaction } from '../../domain/transaction.js';
import { isFinal, nextResult, type PaymentSession } from '../../domain/payment-session.js';
import type { IdGenerator } from '../../ports/ids.js';
import type { NewNotification } from '../../ports/notification-outbox.js';
import type { PaymentSessionChange } from '../../ports/payment-sessions.js';

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
 * the bank; a direct payment's transaction exists from the start and takes the result) and a
 * notification when there is a notification URL: WEBTRS for a web payment, TRS for a direct one.
 */
export function changeToResult(
  { ids }: { ids: Pick<IdGenerator, 'transactionId'> },
  session: PaymentSession,
  proposed: ResultCode,
  now: Date,
  details: PartnerDetails = {},
): PaymentSessionChange | undefined {
  const code = nextResult(session.resultCode, proposed);
  if (!code) return undefined;
  const next: PaymentSession = {
    ...session,
    resultCode: code,
    partnerCode: details.partnerCode ?? session.partnerCode,
  };
  if (!isFinal(code)) return { session: next };

  next.finalAt = now;
  let transaction: Transaction | undefined;
  if (code !== '02534') {
    transaction = {
      id: session.transactionId ?? ids.transactionId(now),
      merchantId: session.merchantId,
      token: session.token,
      contractNumber: session.contractNumber,
      type: 'AUTHOR+CAP',
      amount: session.amount,
      currency: session.currency,
      resultCode: code,
      createdAt: session.channel === 'direct' ? session.createdAt : now,
      softDescriptor: session.softDescriptor,
      partnerAdditionalData: details.partnerAdditionalData,
      bankAccount: details.bankAccount,
      payerName: details.payerName,
    };
    next.transactionId = transaction.id;
  }
  return {
    session: next,
    ...(transaction && { transaction }),
    ...(session.notificationUrl && { notification: finalNotification(next, session.notificationUrl, now) }),
  };
}

function finalNotification(session: PaymentSession, url: string, at: Date): NewNotification {
  return session.channel === 'direct' && session.transactionId
    ? { type: 'TRS', url, transactionId: session.transactionId, at }
    : { type: 'WEBTRS', url, token: session.token, at };
}
