import type { Order } from '../orders.js';
import { OUTCOME_TITLES } from '../outcome.js';
import { Layout } from './layout.js';
import { OrderFacts } from './order-summary.js';

const EXPLANATIONS = {
  accepted: 'Your payment is accepted. We are preparing your order.',
  cancelled: 'The payment was cancelled: nothing was charged.',
  refused: 'The payment did not go through: nothing was charged.',
  expired: 'The payment was not completed in time: nothing was charged.',
  pending: 'The payment is not finished yet. This page shows the result once the gateway has it.',
} as const;

/** The returnURL / cancelURL page: the result getWebPaymentDetails gave, with the transaction id. */
export function ResultPage({ nonce, order }: { nonce: string; order: Order }) {
  const outcome = order.outcome ?? 'pending';
  return (
    <Layout title={OUTCOME_TITLES[outcome]} nonce={nonce}>
      <article class={`result result-${outcome}`} data-outcome={outcome}>
        <h1>{OUTCOME_TITLES[outcome]}</h1>
        <p>{EXPLANATIONS[outcome]}</p>
        <dl class="facts">
          <OrderFacts order={order} />
          <dt>Transaction</dt>
          <dd>
            <code id="transaction-id">{order.transactionId ?? '—'}</code>
          </dd>
          <dt>Gateway result</dt>
          <dd>
            <code>{order.resultCode}</code> {order.resultMessage}
          </dd>
        </dl>
      </article>
      <p class="actions">
        {outcome === 'pending' ? (
          <a class="btn btn-primary" href="">
            Check again
          </a>
        ) : (
          <a class="btn btn-primary" href="/">
            Back to the shop
          </a>
        )}
        <a class="btn" href="/orders">
          See the orders and notifications
        </a>
      </p>
    </Layout>
  );
}
