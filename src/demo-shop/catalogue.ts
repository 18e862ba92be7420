/** What the demo shop sells. Prices in euro cents: amounts stay integers from the form to the gateway. */
export interface Product {
  id: string;
  name: string;
  description: string;
  priceCents: number;
}

export const PRODUCTS: readonly Product[] = [
  { id: 'coffee', name: 'Speculoos coffee beans, 250 g', description: 'Roasted in Ghent.', priceCents: 890 },
  { id: 'mug', name: 'Enamel mug', description: 'Blue, 30 cl.', priceCents: 1250 },
  { id: 'waffles', name: 'Liège waffles, box of 6', description: 'Pearl sugar, baked today.', priceCents: 675 },
];

/** What one line of the basket may hold: a shop sets its own limit rather than trusting the form. */
export const MAX_QUANTITY = 20;

export interface BasketLine {
  product: Product;
  quantity: number;
}

export interface Basket {
  lines: BasketLine[];
  totalCents: number;
}

/** The basket a buyer sees first. */
export const STARTER_QUANTITIES: Readonly<Record<string, number>> = { coffee: 1, mug: 1, waffles: 0 };

export class BasketError extends Error {}

/**
 * The basket from form or query fields named after the products (`coffee=2`). A missing field is
 * 0; anything but a whole number from 0 to MAX_QUANTITY is refused, naming the product.
 */
export function readBasket(fields: URLSearchParams, defaults: Readonly<Record<string, number>> = {}): Basket {
  const lines = PRODUCTS.map((product) => {
    const raw = fields.get(product.id);
    if (raw === null) return { product, quantity: defaults[product.id] ?? 0 };
    if (!/^\d{1,3}$/.test(raw.trim()) || Number(raw) > MAX_QUANTITY)
      throw new BasketError(`The quantity of “${product.name}” must be a whole number from 0 to ${MAX_QUANTITY}.`);
    return { product, quantity: Number(raw) };
  });
  return { lines, totalCents: lines.reduce((sum, l) => sum + l.quantity * l.product.priceCents, 0) };
}

/** `€12.50`: the shop's pages are in English. */
export const formatEuros = (cents: number): string =>
  new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' }).format(cents / 100);
