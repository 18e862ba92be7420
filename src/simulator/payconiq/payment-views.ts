import { maskIban } from './debtor.js';
import type { SimPayment } from './payment.js';
import type { SimulatorQuirks } from './quirks.js';

/** What the JSON views need besides the payment: the public URLs and the live quirks. */
export interface ViewContext {
  apiBaseUrl: string;
  payBaseUrl: string;
  quirks: SimulatorQuirks;
}

type Json = Record<string, unknown>;
const iso = (d: Date) => d.toISOString();

export function deeplinkOf(ctx: ViewContext, paymentId: string): string {
  return `${ctx.payBaseUrl}/pay/2/${paymentId}`;
}

/** Same shape as the real image generator link: `/qrcode?c=<urlencoded deeplink>`. */
export function qrcodeLinkOf(ctx: ViewContext, paymentId: string): string {
  return `${ctx.payBaseUrl}/qrcode?c=${encodeURIComponent(deeplinkOf(ctx, paymentId))}`;
}

function creditor(p: SimPayment): Json {
  return {
    profileId: p.ppid,
    merchantId: p.creditor.merchantId,
    name: p.creditor.name,
    iban: p.creditor.iban,
    ...(p.callbackUrl !== undefined ? { callbackUrl: p.callbackUrl } : {}),
    ...(p.identifyCallbackUrl !== undefined ? { identifyCallbackUrl: p.identifyCallbackUrl } : {}),
  };
}

/**
 * `_links`: self/deeplink/qrcode always; cancel only while the merchant may still cancel; refund
 * once SUCCEEDED. The refund href keeps `/v3` (the spec example lacks it, doc §2.2 calls that
 * UNSURE) so a client POSTing to the href as given reaches the refund route.
 */
function links(ctx: ViewContext, p: SimPayment): Json {
  const self = `${ctx.apiBaseUrl}/v3/payments/${p.paymentId}`;
  return {
    self: { href: self },
    deeplink: { href: deeplinkOf(ctx, p.paymentId) },
    qrcode: { href: qrcodeLinkOf(ctx, p.paymentId) },
    ...(p.status === 'PENDING' || p.status === 'IDENTIFIED' ? { cancel: { href: self } } : {}),
    ...(p.status === 'SUCCEEDED' ? { refund: { href: `${self}/refunds` } } : {}),
  };
}

const optionalText = (p: SimPayment): Json => ({
  ...(p.description !== undefined ? { description: p.description } : {}),
  ...(p.reference !== undefined ? { reference: p.reference } : {}),
});

/** The fields spec 3.6.2 removed, valued like the legacy samples: the amount once paid, else 0. */
function legacyAmounts(ctx: ViewContext, p: SimPayment): Json {
  if (!ctx.quirks.legacyAmountFields) return {};
  const paid = p.status === 'SUCCEEDED' ? p.amount : 0;
  return { transferAmount: paid, tippingAmount: 0, totalAmount: paid };
}

const debtorOf = (p: SimPayment): Json =>
  p.debtor ? { debtor: { name: p.debtor.name, iban: maskIban(p.debtor.iban) } } : {};

/** 201 of POST /v3/payments. Note `expiresAt` with an "s": only this response spells it so. */
export function createResponse(ctx: ViewContext, p: SimPayment): Json {
  return {
    paymentId: p.paymentId,
    status: p.status,
    createdAt: iso(p.createdAt),
    expiresAt: iso(p.expireAt),
    amount: p.amount,
    currency: p.currency,
    ...optionalText(p),
    creditor: creditor(p),
    _links: links(ctx, p),
  };
}

/** GET /v3/payments/{id} and each search `details[]` entry: `expireAt`, no "s". */
export function getResponse(ctx: ViewContext, p: SimPayment): Json {
  return {
    paymentId: p.paymentId,
    createdAt: iso(p.createdAt),
    expireAt: iso(p.expireAt),
    ...(p.status === 'SUCCEEDED' && p.succeededAt ? { succeededAt: iso(p.succeededAt) } : {}),
    currency: p.currency,
    status: p.status,
    creditor: creditor(p),
    ...debtorOf(p),
    amount: p.amount,
    ...legacyAmounts(ctx, p),
    ...optionalText(p),
    ...(p.bulkId !== undefined ? { bulkId: p.bulkId } : {}),
    _links: links(ctx, p),
  };
}

/** The `merchant-callback` body, a snapshot of the payment at the status being reported. */
export function callbackBody(ctx: ViewContext, p: SimPayment): Json {
  return {
    paymentId: p.paymentId,
    amount: p.amount,
    ...legacyAmounts(ctx, p),
    currency: p.currency,
    ...optionalText(p),
    createdAt: iso(p.createdAt),
    expireAt: iso(p.expireAt),
    ...(p.status === 'SUCCEEDED' && p.succeededAt ? { succeededAt: iso(p.succeededAt) } : {}),
    status: p.status,
    ...(ctx.quirks.omitDebtor ? {} : debtorOf(p)),
  };
}
