import { GatewayError } from '../domain/gateway-error.js';
import { resultOf, type Result } from '../domain/result-codes.js';
import type { Transaction } from '../domain/transaction.js';
import { expiryResult, isFinal, type PaymentSession } from '../domain/payment-session.js';
import type { PaymentDeps } from './deps.js';
import { expireSessionIfDue } from './expire-session.js';

export interface WebPaymentDetails {
  result: Result;
  session: PaymentSession;
  transaction?: Transaction | undefined;
}

const TOKEN_FORMAT = /^[A-Za-z0-9]{1,50}$/;

/**
 * getWebPaymentDetails: the session's current result (the payment delay applied first). Reading a
 * final result marks it fetched, which stops the pending merchant notification.
 */
export async function getWebPaymentDetails(
  deps: PaymentDeps,
  merchantId: string,
  token: string | undefined,
): Promise<WebPaymentDetails> {
  if (!token || token.trim() === '') throw new GatewayError('02308', 'token');
  if (!TOKEN_FORMAT.test(token)) throw new GatewayError('02305', 'token');
  const now = deps.clock.now();
  // One statement in the usual case: read, marked fetched if final, with its transaction.
  const read = await deps.sessions.readResult(token, merchantId, now);
  const existing = read?.session;
  // Another merchant's token is reported exactly like an unknown one, and so is a direct payment's
  // (never given out: its transaction id is what names it).
  if (!existing || existing.merchantId !== merchantId || existing.channel !== 'web') throw new GatewayError('02304');

  let { session, transaction } = read;
  // The payment delay just elapsed (the partner is asked), or a final result the statement could not mark.
  if (expiryResult(session, now) || (isFinal(session.resultCode) && !session.resultFetchedAt)) {
    session = (await expireSessionIfDue(deps, token, existing)) ?? existing;
    if (isFinal(session.resultCode) && !session.resultFetchedAt) {
      const fetchedAt = deps.clock.now();
      session =
        (await deps.sessions.update(
          token,
          (s) => (s.resultFetchedAt ? undefined : { session: { ...s, resultFetchedAt: fetchedAt } }),
          session,
        )) ?? session;
    }
    transaction = session.transactionId ? await deps.transactions.get(session.transactionId) : undefined;
  }
  const result = resultOf(session.resultCode);
  if (session.partnerCode) result.partnerCode = session.partnerCode;
  return { result, session, transaction };
}
