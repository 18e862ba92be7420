import type { ComponentChildren } from 'preact';
import { Document } from '../../http/views/document.js';
import { renderPage } from '../../http/views/render.js';
import type { CallbackDelivery } from './callback-delivery.js';
import { isFinal, stepsFor, type PayerAction } from './lifecycle.js';
import type { SimPayment } from './payment.js';

const BUTTONS: { action: PayerAction; label: string }[] = [
  { action: 'scan', label: 'Scan' },
  { action: 'pay', label: 'Pay' },
  { action: 'decline', label: 'Decline' },
  { action: 'cancel', label: 'Cancel' },
  { action: 'expire', label: 'Let expire' },
];

const formatAmount = (cents: number) =>
  `€ ${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;

function Phone({ stylesheet, title, children }: { stylesheet: string; title: string; children: ComponentChildren }) {
  return (
    <Document lang="en" title={title} stylesheet={stylesheet}>
      <main class="phone">{children}</main>
    </Document>
  );
}

function Callback({ d }: { d: CallbackDelivery }) {
  return (
    <li>
      {d.status} → {d.url}: {d.state}
      {d.lastResult && ` (${d.lastResult}, ${d.attempts} attempt${d.attempts === 1 ? '' : 's'})`}
    </li>
  );
}

/**
 * "The simulator's phone": what the payer's app would show after scanning, with one form per
 * possible action. Plain forms and relative URLs (page at {prefix}/pay/2/{id}, stylesheet given
 * relative to it): no script, so it works under `default-src 'none'; style-src 'self'` and under
 * any mount prefix.
 */
export function renderPayerPage(
  stylesheet: string,
  p: SimPayment,
  deliveries: CallbackDelivery[],
  notice?: string,
): string {
  const actions = BUTTONS.filter((b) => stepsFor(p.status, b.action)?.length);
  return renderPage(
    <Phone stylesheet={stylesheet} title={`Payconiq simulator — payment ${p.paymentId}`}>
      <p class="brand">Payconiq simulator · the payer's phone</p>
      <p class="creditor">{p.creditor.name}</p>
      <p class="amount">{formatAmount(p.amount)}</p>
      {p.description && <p class="description">{p.description}</p>}
      <p class={`status status-${p.status.toLowerCase()}`}>{p.status}</p>
      {p.debtor && <p class="debtor">Paying as {p.debtor.name}</p>}
      {notice && <p class="notice">{notice}</p>}
      <div class="actions">
        {isFinal(p.status) ? (
          <p>This payment is final.</p>
        ) : (
          actions.map((b) => (
            <form key={b.action} method="post" action={`../../_simulator/payments/${p.paymentId}/${b.action}`}>
              <button class={b.action} type="submit">
                {b.label}
              </button>
            </form>
          ))
        )}
      </div>
      <p class="meta">
        Expires at {p.expireAt.toISOString()}
        {p.reference && ` · reference ${p.reference}`}
      </p>
      {deliveries.length > 0 && (
        <ul class="callbacks">
          {deliveries.map((d, i) => (
            <Callback key={i} d={d} />
          ))}
        </ul>
      )}
    </Phone>,
  );
}

export function renderUnknownPayment(stylesheet: string): string {
  return renderPage(
    <Phone stylesheet={stylesheet} title="Payconiq simulator">
      <p class="brand">Payconiq simulator</p>
      <p class="notice">Unknown payment.</p>
    </Phone>,
  );
}
