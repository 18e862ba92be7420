import { asWireObject, type WireObject } from '../../../domain/wire-object.js';
import { resultOf } from '../../../domain/result-codes.js';
import type { PaymentDeps } from '../../../payments/deps.js';
import { createWebPayment } from '../../../payments/create-web-payment.js';
import { getWebPaymentDetails } from '../../../payments/get-web-payment-details.js';
import { webPaymentDetailsToWire } from './web-payment-details-wire.js';
import { TRANSACTION_OPERATIONS } from './transaction-operations.js';
import { REFUND_OPERATIONS } from './refund-operations.js';
import { DIRECT_PAYMENT_OPERATIONS } from './direct-payment-operations.js';
import { ADMIN_OPERATIONS } from './admin-operations.js';
import { unavailable, UNAVAILABLE_OPERATIONS } from './unavailable-operations.js';

export type SoapOperation = (deps: PaymentDeps, merchantId: string, body: WireObject) => Promise<WireObject>;

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const obj = asWireObject;

/** Every WSDL operation: the ones Passerelle implements, the others answer 02010 with the reason. */
export const SOAP_OPERATIONS: Record<string, SoapOperation> = {
  ...UNAVAILABLE_OPERATIONS,
  ...TRANSACTION_OPERATIONS,
  ...REFUND_OPERATIONS,
  ...DIRECT_PAYMENT_OPERATIONS,
  ...ADMIN_OPERATIONS,
  async doWebPayment(deps, merchantId, body) {
    const created = await createWebPayment(deps, merchantId, {
      version: text(body.version),
      payment: obj(body.payment) ?? {},
      order: obj(body.order) ?? {},
      buyer: obj(body.buyer),
      returnURL: text(body.returnURL),
      cancelURL: text(body.cancelURL),
      notificationURL: text(body.notificationURL),
      languageCode: text(body.languageCode),
      privateDataList: obj(body.privateDataList),
    });
    return { result: { ...resultOf('00000') }, token: created.token, redirectURL: created.redirectUrl };
  },

  async getWebPaymentDetails(deps, merchantId, body) {
    return webPaymentDetailsToWire(await getWebPaymentDetails(deps, merchantId, text(body.token)));
  },
};

export const notAvailable: SoapOperation = unavailable('this operation');
