import { formatEuros } from '../catalogue.js';
import type { Order, ReceivedNotification } from '../orders.js';
import { Layout } from './layout.js';

const time = (d: Date) => d.toISOString().slice(11, 19);

function Notifications({ list }: { list: ReceivedNotification[] }) {
  if (list.length === 0) return <p class="muted">No notification received.</p>;
  return (
    <ul class="notifications">
      {list.map((n, i) => (
        <li key={i}>
          <time dateTime={n.at.toISOString()}>{time(n.at)}</time> <code>{n.notificationType}</code>{' '}
          {n.token !== undefined && (
            <>
              token <code>{n.token}</code>
            </>
          )}
          {n.transactionId !== undefined && (
            <>
              transactionId <code>{n.transactionId}</code>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The merchant's side: every order, its payment token, its result and the gateway's notifications. */
export function OrdersPage({
  nonce,
  orders,
  unmatched,
}: {
  nonce: string;
  orders: Order[];
  unmatched: ReceivedNotification[];
}) {
  return (
    <Layout title="Orders" nonce={nonce}>
      <h1>Orders</h1>
      <p class="muted">
        What the shop knows, newest first (kept in memory until the shop stops). <a href="/orders">Reload</a> to see
        notifications that arrived since.
      </p>
      {orders.length === 0 && <p>No order yet.</p>}
      {orders.map((o) => (
        <article class="order" key={o.ref} id={`order-${o.ref}`} data-outcome={o.outcome ?? 'unknown'}>
          <h2>
            <code>{o.ref}</code>{' '}
            <span class={`badge badge-${o.outcome ?? 'unknown'}`}>{o.outcome ?? 'not read yet'}</span>
          </h2>
          <dl class="facts">
            <dt>Placed</dt>
            <dd>
              <time dateTime={o.createdAt.toISOString()}>{time(o.createdAt)}</time>, {o.buyer.firstName}{' '}
              {o.buyer.lastName}
            </dd>
            <dt>Total</dt>
            <dd class="amount">{formatEuros(o.basket.totalCents)}</dd>
            <dt>Paid by</dt>
            <dd>{o.choice === 'redirect' ? 'payment page (redirection)' : `widget, ${o.choice} template`}</dd>
            <dt>Token</dt>
            <dd>
              <code class="token">{o.token}</code>
            </dd>
            <dt>Result</dt>
            <dd>{o.resultCode ? `${o.resultCode} ${o.resultMessage ?? ''}` : '—'}</dd>
            <dt>Transaction</dt>
            <dd>
              <code>{o.transactionId ?? '—'}</code>
            </dd>
          </dl>
          <h3>Notifications</h3>
          <Notifications list={o.notifications} />
        </article>
      ))}
      {unmatched.length > 0 && (
        <section class="order">
          <h2>Other notifications</h2>
          <p class="muted">Calls naming no order of this shop (a refund's TRS, an unknown token).</p>
          <Notifications list={unmatched} />
        </section>
      )}
    </Layout>
  );
}
