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
export function renderPayerPage(stylesheet: string, p: SimPayment, deliveries: CallbackDelivery[], notice?: string): string {
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
  <link rel="stylesheet" href="${esc(stylesheet)}">
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

export function renderUnknownPayment(stylesheet: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Payconiq simulator</title><link rel="stylesheet" href="${esc(stylesheet)}"></head>
<body><main class="phone"><p class="brand">Payconiq simulator</p><p class="notice">Unknown payment.</p></main></body></html>
`;
}
