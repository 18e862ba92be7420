import type { WebPaymentRequest } from '../../domain/web-payment-request.js';
import type { WireObject } from '../../domain/wire-object.js';
import { formatPaylineDateTime } from '../../domain/payline-date.js';

/** The Monext Retail `POST /v1/checkout/sessions` body (payline-api.md §11), the part Passerelle reads. */
export interface SessionCreateBody {
  pointOfSaleReference?: string;
  paymentMethod?: { paymentMethodIDs?: string[] };
  order?: { reference?: string; amount?: number; currency?: string; date?: string; country?: string; taxes?: number };
  payment?: { paymentType?: string; capture?: string; amount?: number; softDescriptor?: string };
  buyer?: { firstName?: string; lastName?: string; email?: string; title?: string; mobile?: string; id?: string };
  returnURL?: string;
  cancelURL?: string;
  notificationURL?: string;
  languageCode?: string;
  privateData?: Record<string, string>;
}

/**
 * ISO 4217 alphabetic → numeric for the currencies a Payconiq contract can meet; others pass through and fail
 * validation.
 */
const CURRENCY_NUMERIC: Record<string, string> = { EUR: '978', USD: '840', GBP: '826', CHF: '756' };
const CAPTURE_ACTION: Record<string, string> = { AUTOMATIC: '101', MANUAL: '100', DEFERRED: '100' };
const PAYMENT_TYPE_MODE: Record<string, string> = { ONE_OFF: 'CPT', INSTALLMENT: 'NX', RECURRING: 'REC' };

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));

/** REST order date: ISO 8601 or Payline's dd/MM/yyyy HH:mm; now when absent (Retail makes it optional). */
function orderDate(value: string | undefined, now: Date): string {
  if (value === undefined) return formatPaylineDateTime(now).slice(0, 16);
  const iso = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : undefined;
  return iso && !Number.isNaN(iso.getTime()) ? formatPaylineDateTime(iso).slice(0, 16) : value;
}

/** The buyer fields the API defines; anything else a client adds is not kept. */
const BUYER_FIELDS = ['id', 'title', 'firstName', 'lastName', 'email', 'mobile'] as const;

function buyerFields(buyer: NonNullable<SessionCreateBody['buyer']>): WireObject {
  const picked: WireObject = {};
  for (const key of BUYER_FIELDS) if (buyer[key] !== undefined && buyer[key] !== null) picked[key] = str(buyer[key]);
  return picked;
}

/**
 * Maps the Retail JSON onto the doWebPayment request so that REST and SOAP share one use case and
 * one set of result codes: capture AUTOMATIC → action 101, ONE_OFF → mode CPT, EUR → 978, the first
 * payment method id → contract number. Omitted action/mode default to the Payconiq ones.
 */
export function toWebPaymentRequest(body: SessionCreateBody, now: Date): WebPaymentRequest {
  const order = body.order ?? {};
  const payment = body.payment ?? {};
  const currency =
    order.currency === undefined ? undefined : (CURRENCY_NUMERIC[order.currency.toUpperCase()] ?? order.currency);
  const privateData = Object.entries(body.privateData ?? {}).map(([key, value]) => ({ key, value: String(value) }));
  return {
    payment: {
      amount: str(payment.amount ?? order.amount),
      currency,
      action: payment.capture === undefined ? '101' : (CAPTURE_ACTION[payment.capture] ?? payment.capture),
      mode: payment.paymentType === undefined ? 'CPT' : (PAYMENT_TYPE_MODE[payment.paymentType] ?? payment.paymentType),
      contractNumber: body.paymentMethod?.paymentMethodIDs?.[0],
      softDescriptor: payment.softDescriptor,
    },
    order: {
      ref: order.reference,
      amount: str(order.amount),
      currency,
      country: order.country,
      date: orderDate(order.date, now),
      taxes: str(order.taxes),
    },
    buyer: body.buyer && buyerFields(body.buyer),
    returnURL: body.returnURL,
    cancelURL: body.cancelURL ?? body.returnURL,
    notificationURL: body.notificationURL,
    languageCode: body.languageCode,
    privateDataList: privateData.length ? { privateData } : undefined,
  };
}
