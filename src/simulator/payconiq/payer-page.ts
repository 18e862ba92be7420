import type { CallbackDelivery } from './callback-delivery.js';
import { isFinal, stepsFor, type PayerAction } from './lifecycle.js';
import type { SimPayment } from './payment.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const BUTTONS: { action: PayerAction; label: string }[] = [
  { action: 'scan', label: 'Scan' },
  { action: 'pay', label: 'Pay' },
  { action: 'decline', label: 'Decline' },
  { action: 'cancel', label: 'Cancel' },
  { action: 'expire', label: 'Let expire' },
];

const formatAmount = (cents: number) => `€ ${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;

/**
 * "The simulator's phone": what the payer's app would show after scanning, with one form per
 * possible action. Plain forms and relative URLs (page at {prefix}/pay/2/{id}): no script, so it
 * works under `default-src 'none'; style-src 'self'` and under any mount prefix.
 */
export function renderPayerPage(p: SimPayment, deliveries: CallbackDelivery[], notice?: string): string {
  const buttons = BUTTONS.filter((b) => stepsFor(p.status, b.action)?.length)
    .map((b) => `<form method="post" action="../../_simulator/payments/${p.paymentId}/${b.action}"><button class="${b.action}" type="submit">${b.label}</button></form>`)
    .join('\n      ');
  const callbacks = deliveries
    .map((d) => `<li>${esc(d.status)} → ${esc(d.url)}: ${esc(d.state)}${d.lastResult ? ` (${esc(d.lastResult)}, ${d.attempts} attempt${d.attempts === 1 ? '' : 's'})` : ''}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Payconiq simulator — payment ${esc(p.paymentId)}</title>
  <link rel="stylesheet" href="../assets/phone.css">
</head>
<body>
  <main class="phone">
    <p class="brand">Payconiq simulator · the payer's phone</p>
    <p class="creditor">${esc(p.creditor.name)}</p>
    <p class="amount">${formatAmount(p.amount)}</p>
    ${p.description ? `<p class="description">${esc(p.description)}</p>` : ''}
    <p class="status status-${p.status.toLowerCase()}">${esc(p.status)}</p>
    ${p.debtor ? `<p class="debtor">Paying as ${esc(p.debtor.name)}</p>` : ''}
    ${notice ? `<p class="notice">${esc(notice)}</p>` : ''}
    <div class="actions">
      ${isFinal(p.status) ? '<p>This payment is final.</p>' : buttons}
    </div>
    <p class="meta">Expires at ${esc(p.expireAt.toISOString())}${p.reference ? ` · reference ${esc(p.reference)}` : ''}</p>
    ${callbacks ? `<ul class="callbacks">${callbacks}</ul>` : ''}
  </main>
</body>
</html>
`;
}

export function renderUnknownPayment(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Payconiq simulator</title><link rel="stylesheet" href="../assets/phone.css"></head>
<body><main class="phone"><p class="brand">Payconiq simulator</p><p class="notice">Unknown payment.</p></main></body></html>
`;
}

export const PHONE_CSS = `body{margin:0;background:#eceff3;font:16px/1.4 system-ui,sans-serif;color:#1b1b1f}
.phone{max-width:22rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:1.5rem;box-shadow:0 4px 24px rgba(0,0,0,.12);text-align:center}
.brand{font-size:.8rem;color:#ff4785;text-transform:uppercase;letter-spacing:.05em}
.creditor{font-weight:600;margin:.5rem 0 0}
.amount{font-size:2.2rem;font-weight:700;margin:.25rem 0}
.description,.meta,.debtor{color:#555;font-size:.9rem}
.status{display:inline-block;padding:.2rem .8rem;border-radius:1rem;background:#e8e8ee;font-weight:600;font-size:.85rem}
.status-succeeded{background:#d6f5df;color:#126b2f}
.status-authorization_failed,.status-failed,.status-cancelled,.status-expired{background:#fde0e0;color:#8a1c1c}
.notice{color:#8a1c1c}
.actions form{margin:.5rem 0}
.actions button{width:100%;padding:.7rem;border:0;border-radius:.7rem;font-size:1rem;cursor:pointer;background:#e8e8ee}
.actions button.pay{background:#ff4785;color:#fff;font-weight:600}
.callbacks{text-align:left;font-size:.75rem;color:#555;padding-left:1rem;word-break:break-all}
`;
