import { invalidFormat, invalidValue } from './gateway-error.js';
import { parseOrderDate } from './payline-date.js';

/** A Payline object as it travels on the wire: string leaves, nested objects, lists. */
export type WireObject = { [key: string]: WireValue };
export type WireValue = string | WireObject | WireValue[] | undefined;

/** doWebPayment input, the same for SOAP and REST (REST is mapped onto it at the edge). */
export interface WebPaymentRequest {
  version?: string | undefined;
  payment: WireObject;
  order: WireObject;
  buyer?: WireObject | undefined;
  returnURL?: string | undefined;
  cancelURL?: string | undefined;
  notificationURL?: string | undefined;
  languageCode?: string | undefined;
  privateDataList?: WireObject | undefined;
}

/** The request once every rule holds: typed, trimmed, ready to be stored. */
export interface ValidWebPayment {
  amount: number;
  currency: number;
  contractNumber: string;
  orderRef: string;
  orderAmount: number;
  orderDate: Date;
  country: string;
  buyerFirstName: string;
  buyerLastName: string;
  returnUrl: string;
  cancelUrl: string;
  notificationUrl?: string | undefined;
  softDescriptor?: string | undefined;
  languageCode?: string | undefined;
}

const EURO = 978;
const AMOUNT = /^\d{1,12}$/;
const CURRENCY = /^\d{3}$/;
const COUNTRY = /^[A-Za-z]{2}$/;
const LANGUAGE = /^[A-Za-z_-]{2,6}$/;

function text(value: WireValue): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function required(obj: WireObject | undefined, key: string, field: string): string {
  const value = text(obj?.[key]);
  if (value === undefined) throw invalidValue(field);
  return value;
}

function amount(obj: WireObject, key: string, field: string): number {
  const value = required(obj, key, field);
  if (!AMOUNT.test(value)) throw invalidFormat(field);
  return Number(value);
}

function url(value: string | undefined, field: string, mandatory: boolean): string | undefined {
  const candidate = text(value);
  if (candidate === undefined) {
    if (mandatory) throw invalidValue(field);
    return undefined;
  }
  if (candidate.length > 255) throw invalidFormat(field);
  try {
    const parsed = new URL(candidate);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalidFormat(field);
  } catch {
    throw invalidFormat(field);
  }
  return candidate;
}

/**
 * The seed's mandatory fields for Payconiq plus what Payline requires of doWebPayment.
 * Checked in a fixed order so the same request always names the same field.
 */
export function validateWebPayment(req: WebPaymentRequest): ValidWebPayment {
  const payment = req.payment ?? {};
  const order = req.order ?? {};

  const paymentAmount = amount(payment, 'amount', 'payment.amount');
  if (paymentAmount <= 0) throw invalidValue('payment.amount');
  const currency = required(payment, 'currency', 'payment.currency');
  if (!CURRENCY.test(currency)) throw invalidFormat('payment.currency');
  if (Number(currency) !== EURO) throw invalidValue('payment.currency');
  if (required(payment, 'action', 'payment.action') !== '101') throw invalidValue('payment.action');
  if (required(payment, 'mode', 'payment.mode') !== 'CPT') throw invalidValue('payment.mode');
  const contractNumber = required(payment, 'contractNumber', 'payment.contractNumber');
  const softDescriptor = text(payment.softDescriptor);
  if (softDescriptor && softDescriptor.length > 64) throw invalidFormat('payment.softDescriptor');

  const returnUrl = url(req.returnURL, 'returnURL', true)!;
  const cancelUrl = url(req.cancelURL, 'cancelURL', true)!;
  const notificationUrl = url(req.notificationURL, 'notificationURL', false);

  const orderRef = required(order, 'ref', 'order.ref');
  if (orderRef.length > 50 || orderRef.includes('\\')) throw invalidFormat('order.ref');
  const orderAmount = amount(order, 'amount', 'order.amount');
  const orderCurrency = required(order, 'currency', 'order.currency');
  if (!CURRENCY.test(orderCurrency)) throw invalidFormat('order.currency');
  if (Number(orderCurrency) !== EURO) throw invalidValue('order.currency');
  const country = required(order, 'country', 'order.country');
  if (!COUNTRY.test(country)) throw invalidFormat('order.country');
  const orderDate = parseOrderDate(required(order, 'date', 'order.date'));
  if (!orderDate) throw invalidFormat('order.date');
  if (orderAmount < paymentAmount) throw invalidValue('order.amount');

  const buyer = req.buyer;
  const buyerFirstName = required(buyer, 'firstName', 'buyer.firstName');
  const buyerLastName = required(buyer, 'lastName', 'buyer.lastName');

  const languageCode = text(req.languageCode);
  if (languageCode && !LANGUAGE.test(languageCode)) throw invalidFormat('languageCode');

  return {
    amount: paymentAmount,
    currency: EURO,
    contractNumber,
    orderRef,
    orderAmount,
    orderDate,
    country: country.toUpperCase(),
    buyerFirstName,
    buyerLastName,
    returnUrl,
    cancelUrl,
    notificationUrl,
    softDescriptor,
    languageCode,
  };
}

/** `v` when it is a wire object (not text, not a list), else undefined. */
export function asWireObject(v: unknown): WireObject | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as WireObject) : undefined;
}
