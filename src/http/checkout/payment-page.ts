import { RESULT_CODES } from '../../domain/result-codes.js';
import { isFinal, payableUntil, type PaymentSession } from '../../domain/payment-session.js';
import type { SimulatorPanel } from '../../payments/simulate-payer.js';
import type { Language, Texts } from './i18n.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type OutcomeKind = 'accepted' | 'cancelled' | 'refused' | 'expired' | 'error';

function outcomeKind(session: PaymentSession): OutcomeKind {
  const short = RESULT_CODES[session.resultCode].short;
  if (session.resultCode === '02324' || session.resultCode === '02534') return 'expired';
  if (short === 'ACCEPTED') return 'accepted';
  if (short === 'CANCELLED') return 'cancelled';
  if (short === 'REFUSED') return 'refused';
  return 'error';
}

export interface PaymentPageView {
  session: PaymentSession;
  assets: CheckoutAssets;
  lang: Language;
  t: Texts;
  /** Where the buyer goes once the result is final. */
  exitUrl: string;
  /** The payment link rendered as an SVG QR code (by the gateway, no third-party image host). */
  qrSvg?: string | undefined;
  /** The homologation panel (homologation only). */
  panel?: SimulatorPanel | undefined;
}

/** The page's stylesheet and script, at their content-hashed URLs. */
export interface CheckoutAssets {
  stylesheet: string;
  script: string;
}

function layout(assets: CheckoutAssets, lang: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${assets.stylesheet}"><script src="${assets.script}" defer></script></head>
<body><main class="card">${body}</main></body></html>`;
}

/** The hosted payment page: who is paid, how much, for which order; the simulator panel in homologation. */
export function renderPaymentPage({ session, assets, lang, t, exitUrl, qrSvg, panel }: PaymentPageView): string {
  const amount = new Intl.NumberFormat(`${lang}-BE`, { style: 'currency', currency: 'EUR' }).format(session.amount / 100);
  const token = escapeHtml(session.token);
  const summary = `<header><p class="merchant" data-testid="merchant">${escapeHtml(session.softDescriptor)}</p>
<p class="amount" data-testid="amount">${escapeHtml(amount)}</p>
<p class="order">${t.order}: <span data-testid="order-ref">${escapeHtml(session.orderRef)}</span></p></header>`;

  if (isFinal(session.resultCode)) {
    const kind = outcomeKind(session);
    return layout(assets, lang, t.title, `${summary}
<section class="outcome outcome-${kind}" data-testid="outcome" data-result-code="${session.resultCode}"><h1>${t[kind]}</h1>
<a class="button" href="${escapeHtml(exitUrl)}">${t.back}</a></section>`);
  }

  const until = payableUntil(session).toISOString();
  const expires = until.slice(11, 16);
  const link = session.partnerPaymentLink;
  const payment = link
    ? `<div class="qr" data-testid="qr" role="img" aria-label="${t.scan}">${qrSvg ?? ''}</div><p class="scan">${t.scan}</p>
<a class="button app-link" data-testid="app-link" href="${escapeHtml(link)}">${t.openApp}</a>`
    : `<p class="preparing" data-testid="preparing">${t.preparing}</p>`;
  const simulator = panel ? renderPanel(panel, token, t) : '';
  return layout(assets, lang, t.title, `${summary}
<section class="pay-with" data-testid="status" data-result-code="${session.resultCode}" data-status-url="/v2/status?token=${token}" data-expires-at="${until}">
<h1>${t.payWith}</h1>${payment}<p class="pending">${t.pending}</p>
<p class="expiry">${t.expires} ${expires} UTC · ${t.timeLeft} <span data-testid="countdown" class="countdown"></span></p></section>
${simulator}
<form method="post" action="/v2/cancel"><input type="hidden" name="token" value="${token}"><button class="link" type="submit" data-testid="cancel">${t.cancel}</button></form>`);
}

/** The buttons and the simulator's phone; for a contract on the real Payconiq, why there are none. */
function renderPanel(panel: SimulatorPanel, token: string, t: Texts): string {
  if (panel.kind === 'payconiq') {
    return `<section class="simulator" aria-label="${t.simulator}"><h2>${t.simulator}</h2><p data-testid="simulator-payconiq">${escapeHtml(t.simulatorPayconiq.replace('{host}', panel.host))}</p></section>`;
  }
  const phone = panel.phoneUrl ? `<p><a data-testid="simulator-phone" href="${escapeHtml(panel.phoneUrl)}" target="_blank" rel="noopener">${t.simulatorPhone}</a></p>` : '';
  return `<section class="simulator" aria-label="${t.simulator}"><h2>${t.simulator}</h2><p>${t.simulatorHelp}</p>
<div class="simulator-actions">
<form method="post" action="/v2/simulator/pay"><input type="hidden" name="token" value="${token}"><button class="pay" type="submit" data-testid="make-payment">${t.pay}</button></form>
<form method="post" action="/v2/simulator/abort"><input type="hidden" name="token" value="${token}"><button class="abort" type="submit" data-testid="abort">${t.abort}</button></form>
</div>${phone}</section>`;
}

/** A homologation button that could not act: why, and the way back to the payment page. */
export function renderSimulatorNotice(assets: CheckoutAssets, lang: Language, t: Texts, message: string, token: string): string {
  return layout(assets, lang, t.title, `<section class="outcome outcome-error" data-testid="simulator-notice"><h1>${t.simulator}</h1><p>${escapeHtml(message)}</p>
<a class="button" href="/v2/?token=${escapeHtml(token)}">${t.backToPayment}</a></section>`);
}

export function renderUnknownSession(assets: CheckoutAssets, lang: Language, t: Texts): string {
  return layout(assets, lang, t.title, `<section class="outcome outcome-error" data-testid="outcome"><h1>${t.unknown}</h1></section>`);
}
