import { RESULT_CODES } from '../../domain/result-codes.js';
import { isFinal, type WebSession } from '../../domain/web-session.js';
import type { Language, Texts } from './i18n.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function outcomeText(session: WebSession, t: Texts): string {
  const short = RESULT_CODES[session.resultCode].short;
  if (session.resultCode === '02324' || session.resultCode === '02534') return t.expired;
  if (short === 'ACCEPTED') return t.accepted;
  if (short === 'CANCELLED') return t.cancelled;
  if (short === 'REFUSED') return t.refused;
  return t.error;
}

export interface PaymentPageView {
  session: WebSession;
  lang: Language;
  t: Texts;
  homologation: boolean;
  /** Where the buyer goes once the result is final. */
  exitUrl: string;
}

function layout(lang: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/v2/assets/checkout.css"></head>
<body><main class="card">${body}</main></body></html>`;
}

/** The hosted payment page: who is paid, how much, for which order; the simulator panel in homologation. */
export function renderPaymentPage({ session, lang, t, homologation, exitUrl }: PaymentPageView): string {
  const amount = new Intl.NumberFormat(`${lang}-BE`, { style: 'currency', currency: 'EUR' }).format(session.amount / 100);
  const token = escapeHtml(session.token);
  const summary = `<header><p class="merchant" data-testid="merchant">${escapeHtml(session.softDescriptor)}</p>
<p class="amount" data-testid="amount">${escapeHtml(amount)}</p>
<p class="order">${t.order}: <span data-testid="order-ref">${escapeHtml(session.orderRef)}</span></p></header>`;

  if (isFinal(session.resultCode)) {
    return layout(lang, t.title, `${summary}
<section class="outcome" data-testid="outcome" data-result-code="${session.resultCode}"><h1>${outcomeText(session, t)}</h1>
<a class="button" href="${escapeHtml(exitUrl)}">${t.back}</a></section>`);
  }

  const expires = session.expiresAt.toISOString().slice(11, 16);
  const simulator = homologation
    ? `<section class="simulator" aria-label="${t.simulator}"><h2>${t.simulator}</h2><p>${t.simulatorHelp}</p>
<form method="post" action="/v2/simulator/pay"><input type="hidden" name="token" value="${token}"><button class="pay" type="submit" data-testid="make-payment">${t.pay}</button></form>
<form method="post" action="/v2/simulator/abort"><input type="hidden" name="token" value="${token}"><button class="abort" type="submit" data-testid="abort">${t.abort}</button></form>
</section>`
    : '';
  return layout(lang, t.title, `${summary}
<section class="pay-with" data-testid="status" data-result-code="${session.resultCode}"><h1>${t.payWith}</h1><p>${t.pending}</p>
<p class="expiry">${t.expires} ${expires} UTC</p></section>
${simulator}
<form method="post" action="/v2/cancel"><input type="hidden" name="token" value="${token}"><button class="link" type="submit" data-testid="cancel">${t.cancel}</button></form>`);
}

export function renderUnknownSession(lang: Language, t: Texts): string {
  return layout(lang, t.title, `<section class="outcome" data-testid="outcome"><h1>${t.unknown}</h1></section>`);
}

export const CHECKOUT_CSS = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#f2f4f7}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center}
.card{background:#fff;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.08);padding:2rem;max-width:26rem;width:100%;margin:1rem}
header{text-align:center;border-bottom:1px solid #e5e7eb;padding-bottom:1rem;margin-bottom:1rem}
.merchant{font-weight:600;font-size:1.1rem;margin:0}.amount{font-size:2rem;font-weight:700;margin:.5rem 0}.order{color:#6b7280;margin:0}
h1{font-size:1.2rem;text-align:center}h2{font-size:1rem;margin:0 0 .5rem}.expiry{color:#6b7280;text-align:center;font-size:.9rem}
.simulator{border:2px dashed #f59e0b;border-radius:8px;padding:1rem;margin:1rem 0;background:#fffbeb}
.simulator form{display:inline-block;margin:.25rem}
button,.button{font:inherit;border:0;border-radius:8px;padding:.7rem 1.2rem;cursor:pointer;text-decoration:none;display:inline-block}
.pay{background:#16a34a;color:#fff}.abort{background:#dc2626;color:#fff}.button{background:#1d4ed8;color:#fff}
.link{background:none;color:#1d4ed8;text-decoration:underline;width:100%}
.outcome{text-align:center}
`;
