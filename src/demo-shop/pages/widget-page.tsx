import type { Order, WidgetTemplate } from '../orders.js';
import { Layout } from './layout.js';
import { OrderFacts } from './order-summary.js';

export interface WidgetPageProps {
  nonce: string;
  gatewayUrl: string;
  order: Order;
  template: WidgetTemplate;
}

/**
 * The payment in the shop's page: Payline's widget markup, the script and style sheet from the
 * gateway, each carrying this response's nonce (the only way the page's CSP lets them in).
 */
export function WidgetPage({ nonce, gatewayUrl, order, template }: WidgetPageProps) {
  return (
    <Layout
      title="Payment"
      nonce={nonce}
      head={<link rel="stylesheet" href={`${gatewayUrl}/styles/widget-min.css`} nonce={nonce} />}
    >
      <h1>Pay for your order</h1>
      <dl class="facts">
        <OrderFacts order={order} />
      </dl>
      {template === 'lightbox' && (
        <p>
          <button type="button" class="btn btn-primary" id="show-widget">
            Open the payment window
          </button>
        </p>
      )}
      <div
        id="PaylineWidget"
        data-token={order.token}
        data-template={template}
        data-auto-init="true"
        data-embeddedredirectionallowed="false"
        data-cspnonce={nonce}
      />
      <p class="muted">
        Changed your mind? <a href="/">Back to the basket</a> (this payment stays open until it expires).
      </p>
      <script src={`${gatewayUrl}/scripts/widget-min.js`} nonce={nonce} />
      <script src="/shop.js" nonce={nonce} />
    </Layout>
  );
}
