import { GatewayError } from '../domain/gateway-error.js';
import { newWebPaymentToken } from '../domain/ids.js';
import { PAYCONIQ_CARD_CODE } from '../domain/merchant.js';
import { resolveSoftDescriptor } from '../domain/soft-descriptor.js';
import { validateWebPayment, type WebPaymentRequest } from '../domain/web-payment-request.js';
import type { WebSession } from '../domain/web-session.js';
import type { PaymentDeps } from './deps.js';

export interface CreatedWebPayment {
  token: string;
  redirectUrl: string;
}

export function hostedPageUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/v2/?token=${token}`;
}

/** doWebPayment: checks the request and the contract, then opens a session the buyer pays in. */
export async function createWebPayment(deps: PaymentDeps, merchantId: string, req: WebPaymentRequest): Promise<CreatedWebPayment> {
  const valid = validateWebPayment(req);
  const found = await deps.store.findContract(merchantId, valid.contractNumber);
  if (!found || !found.contract.active || found.contract.cardCode !== PAYCONIQ_CARD_CODE || found.contract.currency !== valid.currency) {
    throw new GatewayError('02303');
  }
  // A contract not connected to the partner can only be paid through the homologation simulator.
  if (!found.contract.partner && !deps.simulator) throw new GatewayError('02303');
  const now = deps.clock.now();
  const token = newWebPaymentToken(now);
  const session: WebSession = {
    token,
    merchantId,
    pointOfSaleId: found.pointOfSale.id,
    contractNumber: valid.contractNumber,
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
  await deps.store.insertWebSession(session);
  deps.log.info({ token, merchantId, contractNumber: valid.contractNumber, amount: valid.amount }, 'web payment created');
  return { token, redirectUrl: hostedPageUrl(deps.publicUrl, token) };
}
