import { formatEuros, MAX_QUANTITY, type Basket } from '../catalogue.js';
import { Layout } from './layout.js';

export interface BasketPageProps {
  nonce: string;
  basket: Basket;
  buyer: { firstName: string; lastName: string };
  csrfToken: string;
  /** A refusal to show above the form (bad quantity, empty basket, the gateway's answer). */
  error?: string | undefined;
}

const WIDGET_TEMPLATES = [
  ['column', 'Column'],
  ['tab', 'Tab'],
  ['lightbox', 'Lightbox'],
  ['shortcut', 'Shortcut'],
] as const;

/** The basket: quantities, the buyer's name, the total, and the ways to pay. */
export function BasketPage({ nonce, basket, buyer, csrfToken, error }: BasketPageProps) {
  return (
    <Layout title="Your basket" nonce={nonce}>
      <h1>Your basket</h1>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <form method="post" action="/checkout">
        <input type="hidden" name="csrf" value={csrfToken} />
        <ul class="lines">
          {basket.lines.map(({ product, quantity }) => (
            <li class="line" key={product.id}>
              <div class="line-text">
                <label for={`qty-${product.id}`} class="line-name">
                  {product.name}
                </label>
                <span class="muted">
                  {product.description} {formatEuros(product.priceCents)} each.
                </span>
              </div>
              <input
                id={`qty-${product.id}`}
                name={product.id}
                type="number"
                inputMode="numeric"
                min={0}
                max={MAX_QUANTITY}
                value={quantity}
                class="qty"
              />
              <output class="line-total" for={`qty-${product.id}`}>
                {formatEuros(quantity * product.priceCents)}
              </output>
            </li>
          ))}
        </ul>
        <p class="total">
          Total <strong id="basket-total">{formatEuros(basket.totalCents)}</strong>
          <button type="submit" name="choice" value="update" class="btn btn-quiet">
            Update the total
          </button>
        </p>

        <fieldset class="buyer">
          <legend>Your name (Payline requires it)</legend>
          <label>
            First name
            <input name="firstName" value={buyer.firstName} required maxLength={50} autoComplete="given-name" />
          </label>
          <label>
            Last name
            <input name="lastName" value={buyer.lastName} required maxLength={50} autoComplete="family-name" />
          </label>
        </fieldset>

        <h2>Pay with Payconiq</h2>
        <div class="pay">
          <section class="pay-way">
            <h3>On the payment page</h3>
            <p class="muted">The gateway's hosted page, then back here.</p>
            <button type="submit" name="choice" value="redirect" class="btn btn-primary">
              Pay {formatEuros(basket.totalCents)} on the payment page
            </button>
          </section>
          <section class="pay-way">
            <h3>Here, in the widget</h3>
            <p class="muted">The payment inside this shop's page, in one of the widget's templates.</p>
            <div class="templates">
              {WIDGET_TEMPLATES.map(([value, label]) => (
                <button type="submit" name="choice" value={value} class="btn" key={value}>
                  Widget: {label}
                </button>
              ))}
            </div>
          </section>
        </div>
      </form>
    </Layout>
  );
}
