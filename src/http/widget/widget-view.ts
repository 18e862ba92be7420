import QRCode from 'qrcode';
import { exitUrl } from '../../domain/buyer-exit.js';
import { isFinal, payableUntil, type PaymentSession } from '../../domain/payment-session.js';
import { RESULT_CODES } from '../../domain/result-codes.js';
import { asWireObject, type WireObject, type WireValue } from '../../domain/wire-object.js';
import type { SimulatorPanel } from '../../payments/simulate-payer.js';
import type { Language } from '../checkout/i18n.js';
import type { WidgetTexts } from './widget-texts.js';

/** Payline's widget state names, as merchants' callbacks receive them (payline-api.md §12.3). */
export type WidgetStateName =
  | 'PAYMENT_METHODS_LIST'
  | 'ACTIVE_WAITING'
  | 'PAYMENT_ONHOLD_PARTNER'
  | 'PAYMENT_SUCCESS'
  | 'PAYMENT_CANCELED'
  | 'PAYMENT_FAILURE'
  | 'TOKEN_EXPIRED';

/**
 * The state a session shows in the widget: the method list until the buyer chooses Payconiq
 * (02533), the QR code while Payconiq waits (02306), the app's confirmation once scanned (02000),
 * then one final state per kind of result.
 */
export function widgetState(session: PaymentSession): WidgetStateName {
  const code = session.resultCode;
  if (code === '02533') return 'PAYMENT_METHODS_LIST';
  if (code === '02306') return 'ACTIVE_WAITING';
  if (code === '02000') return 'PAYMENT_ONHOLD_PARTNER';
  if (code === '00000') return 'PAYMENT_SUCCESS';
  if (code === '02324' || code === '02534') return 'TOKEN_EXPIRED';
  return RESULT_CODES[code].short === 'CANCELLED' ? 'PAYMENT_CANCELED' : 'PAYMENT_FAILURE';
}

export interface WidgetViewInput {
  session: PaymentSession;
  lang: Language;
  t: WidgetTexts;
  now: Date;
  homologation: boolean;
  panel?: SimulatorPanel | undefined;
}

const text = (v: WireValue): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const euros = (cents: number) => (cents / 100).toFixed(2);

/** `getContextInfo` keys (Payline's names), only those the merchant's request filled. */
function contextInfo(session: PaymentSession): Record<string, unknown> {
  const order = asWireObject(session.request.order) ?? {};
  const buyer = asWireObject(session.request.buyer) ?? {};
  // Payline's own schema spells it `shippingAdress`.
  const shipping: WireObject = asWireObject(buyer.shippingAdress) ?? asWireObject(buyer.shippingAddress) ?? {};
  const orderAmount = Number(text(order.amount) ?? session.amount);
  const details = asWireObject(order.details)?.details;
  const info: Record<string, unknown> = {
    PaylineAmountSmallestUnit: session.amount,
    PaylineCurrencyDigits: 2,
    PaylineCurrencyCode: 'EUR',
    // Payline's format (currency code, then the amount with a point), which modules put in their labels.
    PaylineFormattedAmount: `EUR${euros(session.amount)}`,
    PaylineOrderAmountSmallestUnit: orderAmount,
    PaylineFormattedOrderAmount: `EUR${euros(orderAmount)}`,
    PaylineOrderRef: session.orderRef,
    PaylineOrderDate: text(order.date),
    PaylineOrderDeliveryMode: text(order.deliveryMode),
    PaylineOrderDeliveryTime: text(order.deliveryTime),
    PaylineOrderDetails: Array.isArray(details) ? details : details ? [details] : undefined,
    PaylineBuyerFirstName: text(buyer.firstName),
    PaylineBuyerLastName: text(buyer.lastName),
    PaylineBuyerMobilePhone: text(buyer.mobilePhone) ?? text(buyer.mobile),
    PaylineBuyerIp: text(buyer.ip),
  };
  for (const field of ['name', 'street1', 'street2', 'cityName', 'zipCode', 'country', 'phone']) {
    info[`PaylineBuyerShippingAddress.${field}`] = text(shipping[field]);
  }
  return Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined));
}

/** The QR code's modules, row by row ('1' = dark), for the script to draw: no image host, no inline markup. */
function qrModules(link: string): { size: number; modules: string } {
  const { modules } = QRCode.create(link, { errorCorrectionLevel: 'M' });
  return { size: modules.size, modules: Array.from(modules.data, (dark) => (dark ? '1' : '0')).join('') };
}

/**
 * Everything the widget may know about a session, and nothing more: the amounts, the order, the
 * way back, the QR code while it can be paid. The payment's state stays on the gateway.
 */
export function widgetView({ session, lang, t, now, homologation, panel }: WidgetViewInput) {
  const state = widgetState(session);
  const final = isFinal(session.resultCode);
  const formatted = new Intl.NumberFormat(`${lang}-BE`, { style: 'currency', currency: 'EUR' }).format(
    session.amount / 100,
  );
  const link = session.partnerPaymentLink;
  const waiting = state === 'ACTIVE_WAITING' || state === 'PAYMENT_ONHOLD_PARTNER';
  const order = asWireObject(session.request.order) ?? {};
  return {
    token: session.token,
    state,
    final,
    resultCode: session.resultCode,
    isSandbox: homologation,
    language: lang,
    merchantName: session.softDescriptor,
    amount: { smallestUnit: session.amount, currency: 'EUR', digits: 2, formatted },
    order: {
      ref: session.orderRef,
      amount: Number(text(order.amount) ?? session.amount),
      currency: 'EUR',
      date: text(order.date),
      country: text(order.country),
    },
    info: contextInfo(session),
    returnUrl: session.returnUrl,
    cancelUrl: session.cancelUrl,
    exitUrl: final ? exitUrl(session) : undefined,
    remainingSeconds: final
      ? undefined
      : Math.max(0, Math.round((payableUntil(session).getTime() - now.getTime()) / 1000)),
    payment:
      waiting && link ? { appLink: link, qrCode: state === 'ACTIVE_WAITING' ? qrModules(link) : undefined } : undefined,
    simulator: waiting ? panel : undefined,
    texts: t,
  };
}

export type WidgetView = ReturnType<typeof widgetView>;
