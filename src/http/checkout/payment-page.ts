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
  lang: Language;
  t: Texts;
  /** Where the buyer goes once the result is final. */
  exitUrl: string;
  /** The payment link rendered as an SVG QR code (by the gateway, no third-party image host). */
  qrSvg?: string | undefined;
  /** The homologation panel (homologation only). */
  panel?: SimulatorPanel | undefined;
}

function layout(lang: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/v2/assets/checkout.css"><script src="/v2/assets/checkout.js" defer></script></head>
<body><main class="card">${body}</main></body></html>`;
}

/** The hosted payment page: who is paid, how much, for which order; the simulator panel in homologation. */
export function renderPaymentPage({ session, lang, t, exitUrl, qrSvg, panel }: PaymentPageView): string {
  const amount = new Intl.NumberFormat(`${lang}-BE`, { style: 'currency', currency: 'EUR' }).format(session.amount / 100);
  const token = escapeHtml(session.token);
  const summary = `<header><p class="merchant" data-testid="merchant">${escapeHtml(session.softDescriptor)}</p>
<p class="amount" data-testid="amount">${escapeHtml(amount)}</p>
<p class="order">${t.order}: <span data-testid="order-ref">${escapeHtml(session.orderRef)}</span></p></header>`;

  if (isFinal(session.resultCode)) {
    const kind = outcomeKind(session);
    return layout(lang, t.title, `${summary}
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
  return layout(lang, t.title, `${summary}
<section class="pay-with" data-testid="status" data-result-code="${session.resultCode}" data-status-url="/v2/status?token=${token}" data-expires-at="${until}">
<h1>${t.payWith}</h1>${payment}<p class="pending">${t.pending}</p>
<p class="expiry">${t.expires} ${expires} UTC · ${t.timeLeft} <span data-testid="countdown" class="countdown"></span></p></section>
${simulator}
<form method="post" action="/v2/cancel"><input type="hidden" name="token" value="${token}"><button class="link" type="submit" data-testid="cancel">${t.cancel}</button></form>`);
}

/** The buttons and the simulator's phone; for a contract on the real Payconiq, why there are none. */
function renderPanel(panel: SimulatorPanel, token: string, t: Texts): string {
  if (panel.kind === 'real-partner') {
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
export function renderSimulatorNotice(lang: Language, t: Texts, message: string, token: string): string {
  return layout(lang, t.title, `<section class="outcome outcome-error" data-testid="simulator-notice"><h1>${t.simulator}</h1><p>${escapeHtml(message)}</p>
<a class="button" href="/v2/?token=${escapeHtml(token)}">${t.backToPayment}</a></section>`);
}

export function renderUnknownSession(lang: Language, t: Texts): string {
  return layout(lang, t.title, `<section class="outcome outcome-error" data-testid="outcome"><h1>${t.unknown}</h1></section>`);
}

export const CHECKOUT_CSS = `
:root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#f2f4f7;line-height:1.45}
*,*::before,*::after{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;padding:1rem}
.card{background:#fff;border-radius:16px;box-shadow:0 1px 2px rgba(0,0,0,.04),0 8px 32px rgba(0,0,0,.08);padding:2rem;max-width:28rem;width:100%}
header{text-align:center;border-bottom:1px solid #e5e7eb;padding-bottom:1.25rem;margin-bottom:1.25rem}
.merchant{font-weight:600;font-size:1.05rem;margin:0;overflow-wrap:anywhere}
.amount{font-size:2.25rem;font-weight:700;margin:.35rem 0;letter-spacing:-.01em;font-variant-numeric:tabular-nums}
.order{color:#6b7280;margin:0;font-size:.95rem;overflow-wrap:anywhere}
h1{font-size:1.2rem;text-align:center;margin:0 0 .5rem}
.pay-with{text-align:center}
.pending{display:inline-flex;align-items:center;gap:.5rem;margin:.25rem 0;color:#374151}
.pending::before{content:"";width:.6rem;height:.6rem;border-radius:50%;background:#f59e0b;animation:pulse 1.2s ease-in-out infinite}
@keyframes pulse{0%,100%{opacity:.3;transform:scale(.8)}50%{opacity:1;transform:scale(1)}}
@media (prefers-reduced-motion:reduce){.pending::before{animation:none}}
.expiry{color:#6b7280;font-size:.85rem;margin:.25rem 0 0}
.simulator{border:2px dashed #f59e0b;border-radius:10px;padding:1rem;margin:1.25rem 0 .75rem;background:#fffbeb;text-align:center}
.simulator h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:#92400e;margin:0 0 .25rem}
.simulator p{font-size:.9rem;color:#78350f;margin:0 0 .75rem}
.simulator-actions{display:flex;flex-wrap:wrap;gap:.5rem}
.simulator-actions form{flex:1 1 auto;margin:0}
.simulator-actions button{width:100%;height:100%;white-space:nowrap}
button,.button{font:inherit;font-weight:600;border:0;border-radius:8px;padding:.75rem 1.2rem;cursor:pointer;text-decoration:none;display:inline-block}
button:hover,.button:hover{filter:brightness(.92)}
button:focus-visible,.button:focus-visible{outline:3px solid #93c5fd;outline-offset:2px}
.pay{background:#16a34a;color:#fff}.abort{background:#dc2626;color:#fff}.button{background:#1d4ed8;color:#fff}
.link{background:none;color:#1d4ed8;text-decoration:underline;font-weight:400;width:100%;padding:.5rem}
.outcome{text-align:center}
.outcome h1::before{content:"!";display:block;width:3rem;height:3rem;line-height:3rem;margin:0 auto .75rem;border-radius:50%;font-size:1.5rem;background:#fee2e2;color:#b91c1c}
.outcome-accepted h1::before{content:"\\2713";background:#dcfce7;color:#15803d}
.outcome-cancelled h1::before{content:"\\2715";background:#f3f4f6;color:#4b5563}
.outcome-refused h1::before{content:"\\2715"}
.outcome-expired h1::before{background:#fef3c7;color:#b45309}
.outcome .button{margin-top:.5rem}
.qr{width:220px;height:220px;margin:.5rem auto;padding:8px;background:#fff;border:1px solid #e5e7eb;border-radius:12px}
.qr svg{width:100%;height:100%;display:block}
.scan{font-size:.85rem;color:#4b5563;margin:.25rem 0 .75rem}
.app-link{display:none;margin:.25rem auto .75rem;background:#ff4785;color:#fff}
@media (max-width:640px),(pointer:coarse){.app-link{display:inline-block}}
.preparing{color:#4b5563}
.countdown{font-variant-numeric:tabular-nums}
`;

/**
 * Live status without reloading: polls the session's status, follows the buyer to the shop once
 * the result is final, and counts down to the expiry. Served as a file so the CSP needs no inline
 * script.
 */
export const CHECKOUT_JS = `(() => {
  const box = document.querySelector('[data-status-url]');
  if (!box) return;
  const url = box.getAttribute('data-status-url');
  const expiresAt = Date.parse(box.getAttribute('data-expires-at'));
  const countdown = document.querySelector('[data-testid="countdown"]');
  const tick = () => {
    const left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
    if (countdown) countdown.textContent = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
  };
  tick();
  setInterval(tick, 1000);
  let wasPreparing = !document.querySelector('[data-testid="qr"]');
  const poll = async () => {
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
      if (res.ok) {
        const s = await res.json();
        if (s.final && s.exitUrl) { window.location.replace(s.exitUrl); return; }
        if (wasPreparing && s.paymentLink) { wasPreparing = false; window.location.reload(); return; }
        box.setAttribute('data-result-code', s.resultCode);
      }
    } catch (e) { /* network hiccup: try again */ }
    setTimeout(poll, 2000);
  };
  setTimeout(poll, 2000);
})();
`;
