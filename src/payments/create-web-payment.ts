import { text } from '../domain/payment-order.js';
import { resolveSoftDescriptor } from '../domain/soft-descriptor.js';
import { validateWebPayment, type WebPaymentRequest } from '../domain/web-payment-request.js';
import type { PaymentSession } from '../domain/payment-session.js';
import { hostedPageUrl, type PaymentDeps } from './deps.js';
import { findPayableContract } from './steps/find-payable-contract.js';
import { assertContractOnPointOfSale, contractOfPointOfSale } from './steps/point-of-sale-reference.js';

export interface CreatedWebPayment {
  token: string;
  redirectUrl: string;
}

/**
 * doWebPayment: checks the request and the contract, then opens a session the buyer pays in.
 * REST may name the point of sale (`pointOfSaleReference`): its contract is used when none is named.
 */
export async function createWebPayment(
  deps: PaymentDeps,
  merchantId: string,
  sent: WebPaymentRequest,
  pointOfSaleReference?: string,
): Promise<CreatedWebPayment> {
  const req =
    pointOfSaleReference && !text(sent.payment?.contractNumber)
      ? {
          ...sent,
          payment: {
            ...sent.payment,
            contractNumber: await contractOfPointOfSale(deps, merchantId, pointOfSaleReference),
          },
        }
      : sent;
  const valid = validateWebPayment(req);
  const found = await findPayableContract(deps, merchantId, valid.contractNumber, valid.currency);
  if (pointOfSaleReference) assertContractOnPointOfSale(found, pointOfSaleReference);
  const now = deps.clock.now();
  const token = deps.ids.sessionToken(now);
  const session: PaymentSession = {
    token,
    channel: 'web',
    merchantId,
    pointOfSaleId: found.pointOfSale.id,
    contractNumber: valid.contractNumber,
    cardCode: found.contract.cardCode,
    resultCode: '02533',
    amount: valid.amount,
    currency: valid.currency,
    orderRef: valid.orderRef,
    softDescriptor: resolveSoftDescriptor(valid.softDescriptor, found.contract.tradeName, found.merchant.tradeName),
    returnUrl: valid.returnUrl,
    cancelUrl: valid.cancelUrl,
    notificationUrl: valid.notificationUrl ?? found.pointOfSale.notificationUrl,
    languageCode: valid.languageCode,
    request: req,
    createdAt: now,
    expiresAt: new Date(now.getTime() + found.pointOfSale.paymentDelayMinutes * 60_000),
    pollAttempts: 0,
  };
  await deps.sessions.insert(session);
  deps.log.info(
    { token, merchantId, contractNumber: valid.contractNumber, amount: valid.amount },
    'web payment created',
  );
  return { token, redirectUrl: hostedPageUrl(deps.publicUrl, token) };
}
