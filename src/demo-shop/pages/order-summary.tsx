import { formatEuros } from '../catalogue.js';
import type { Order } from '../orders.js';

/** The order's reference, lines and total, as every page about one order shows them (in a `dl`). */
export function OrderFacts({ order }: { order: Order }) {
  return (
    <>
      <dt>Order</dt>
      <dd>
        <code>{order.ref}</code>
      </dd>
      <dt>Items</dt>
      <dd>
        {order.basket.lines
          .filter((l) => l.quantity > 0)
          .map((l) => `${l.quantity} × ${l.product.name}`)
          .join(', ')}
      </dd>
      <dt>Total</dt>
      <dd class="amount">{formatEuros(order.basket.totalCents)}</dd>
    </>
  );
}
