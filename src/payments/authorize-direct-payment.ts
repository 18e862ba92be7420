import { checkCardType, validateDirectPayment, type DirectPaymentRequest } from '../domain/direct-payment-request.js';
import { resolveSoftDescriptor } from '../domain/soft-descriptor.js';
import type { Transaction } from '../domain/transaction.js';
import type { PaymentSession } from '../domain/payment-session.js';
import type { PaymentDeps } from './deps.js';
import { findPayableContract } from './steps/find-payable-contract.js';
import { retryTakenTransactionId } from './steps/retry-taken-transaction-id.js';
import { startPartnerPayment } from './steps/start-partner-payment.js';

/**
 * doAuthorization with a wallet contract: there is no page, the merchant shows the QR code
 * itself (till, kiosk, invoice). The payment and its transaction (pending, 02000) are stored
 * first, then the partner payment is created during the call, so the answer carries the
 * transaction id and the payment link. The buyer pays in the app; the result then arrives like a
 * web payment's (callback, poll, expiry) and the merchant reads it with getTransactionDetails,
 * prompted by a TRS notification to the point of sale's notification URL.
 * A partner that cannot be reached ends the transaction in 02106 at once: no QR code was shown.
 */
export async function authorizeDirectPayment(
  deps: PaymentDeps,
  merchantId: string,
  req: DirectPaymentRequest,
): Promise<PaymentSession> {
  const valid = validateDirectPayment(req);
  const { contract, pointOfSale, merchant, method } = await findPayableContract(
    deps,
    merchantId,
    valid.contractNumber,
    valid.currency,
  );
  checkCardType(valid.cardType, method);
  const now = deps.clock.now();
  const base: PaymentSession = {
    token: deps.ids.sessionToken(now),
    channel: 'direct',
    merchantId,
    pointOfSaleId: pointOfSale.id,
    contractNumber: valid.contractNumber,
    cardCode: contract.cardCode,
    resultCode: '02000',
    amount: valid.amount,
    currency: valid.currency,
    orderRef: valid.orderRef,
    softDescriptor: resolveSoftDescriptor(valid.softDescriptor, contract.tradeName, merchant.tradeName),
    returnUrl: '',
    cancelUrl: '',
    notificationUrl: pointOfSale.notificationUrl,
    request: {
      version: req.version,
      payment: req.payment,
      order: req.order,
      buyer: req.buyer,
      privateDataList: req.privateDataList,
    },
    createdAt: now,
    expiresAt: new Date(now.getTime() + pointOfSale.paymentDelayMinutes * 60_000),
    // The buyer is in front of the merchant's QR code: the delay elapsing is an expiry (02324).
    buyerArrivedAt: now,
    pollAttempts: 0,
  };

  const session = await insertWithTransaction(deps, base);
  deps.log.info(
    {
      transactionId: session.transactionId,
      merchantId,
      contractNumber: session.contractNumber,
      amount: session.amount,
    },
    'direct payment created',
  );
  return startPartnerPayment(deps, session);
}

/** Stores the session with its pending transaction, drawing another id if the 14 digits were taken. */
async function insertWithTransaction(deps: PaymentDeps, base: PaymentSession): Promise<PaymentSession> {
  return retryTakenTransactionId(deps.ids, async () => {
    const session = { ...base, transactionId: deps.ids.transactionId(base.createdAt) };
    await deps.sessions.insert(session, pendingTransaction(session));
    return session;
  });
}

function pendingTransaction(s: PaymentSession & { transactionId: string }): Transaction {
  return {
    id: s.transactionId,
    merchantId: s.merchantId,
    token: s.token,
    contractNumber: s.contractNumber,
    type: 'AUTHOR+CAP',
    amount: s.amount,
    currency: s.currency,
    resultCode: s.resultCode,
    createdAt: s.createdAt,
    softDescriptor: s.softDescriptor,
  };
}
