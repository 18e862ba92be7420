import { invalidFormat, invalidValue } from './gateway-error.js';
import { parseOrderDate } from './payline-date.js';
import type { WireValue, WireObject } from './wire-object.js';

/**
 * The `payment`, `order` and `buyer` rules every Payconiq payment request shares (doWebPayment,
 * doAuthorization): the seed's mandatory fields plus what Payline requires.
 */

export interface ValidPayment {
  amount: number;
  currency: number;
  contractNumber: string;
  softDescriptor?: string | undefined;
}

export interface ValidOrder {
  orderRef: string;
  orderAmount: number;
  orderDate: Date;
  country: string;
  buyerFirstName: string;
  buyerLastName: string;
}

const EURO = 978;
const AMOUNT = /^\d{1,12}$/;
const CURRENCY = /^\d{3}$/;
const COUNTRY = /^[A-Za-z]{2}$/;

/** A non-blank string, trimmed; undefined otherwise. */
export function text(value: WireValue): string | undefined {
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

/** `payment`: a euro amount, action 101 (Payconiq captures at once), mode CPT, a contract. */
export function validatePayment(payment: WireObject): ValidPayment {
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
  return { amount: paymentAmount, currency: EURO, contractNumber, softDescriptor };
}

/** `order` (reference, amount covering the payment, euro, country, date) and the buyer's names. */
export function validateOrder(order: WireObject, buyer: WireObject | undefined, paymentAmount: number): ValidOrder {
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

  const buyerFirstName = required(buyer, 'firstName', 'buyer.firstName');
  const buyerLastName = required(buyer, 'lastName', 'buyer.lastName');
  return { orderRef, orderAmount, orderDate, country: country.toUpperCase(), buyerFirstName, buyerLastName };
}
