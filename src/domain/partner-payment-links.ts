import { isFinal, payableUntil, type PaymentSession } from './payment-session.js';

/**
 * What a merchant showing the QR code itself needs, while a direct payment waits for the buyer:
 * `transaction.partnerAdditionalData` of doAuthorization and getTransactionDetails, as JSON.
 * `paymentLink` is both the QR code payload and the app deep link; `qrCodeLink` an image of it.
 * Undefined once the payment is final (nothing left to scan) or without a partner payment.
 */
export function partnerPaymentLinks(session: PaymentSession): string | undefined {
  if (
    session.channel !== 'direct' ||
    isFinal(session.resultCode) ||
    !session.partnerPaymentId ||
    !session.partnerPaymentLink
  )
    return undefined;
  return JSON.stringify({
    paymentId: session.partnerPaymentId,
    paymentLink: session.partnerPaymentLink,
    ...(session.partnerQrCodeLink && { qrCodeLink: session.partnerQrCodeLink }),
    expiresAt: payableUntil(session).toISOString(),
  });
}
