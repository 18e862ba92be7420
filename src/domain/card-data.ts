import { GatewayError } from './gateway-error.js';

/**
 * Passerelle is a wallet gateway (Payconiq by Bancontact): it never takes card data, so it has no
 * PCI DSS scope to protect. Any card field a Payline request can carry is refused before the
 * operation runs, and its value is neither stored nor logged nor echoed.
 */

/**
 * Fields that are card data wherever they appear (getToken/transactionsSearch `cardNumber`, wallet `cvx`, getBalance
 * `cardID`).
 */
const CARD_FIELDS_ANYWHERE = new Set(['cardnumber', 'cardid', 'cvx', 'cvv', 'cvv2', 'cvc', 'pan', 'encrypteddata']);

/** Fields of a `card` object that are card data (its `type`, `token` or `cardholder` are not). */
const CARD_OBJECT_FIELDS = new Set([
  'number',
  'cvx',
  'cvv',
  'expirationdate',
  'encrypteddata',
  'paymentdata',
  'tokenrequestorcryptogram',
  'password',
]);

function hasValue(v: unknown): boolean {
  if (typeof v === 'string') return v.trim() !== '';
  if (typeof v === 'number') return true;
  if (Array.isArray(v)) return v.some(hasValue);
  if (v && typeof v === 'object') return Object.values(v).some(hasValue);
  return false;
}

/**
 * The keys leading to the first card field carrying a value, innermost first (the path is built only for a hit);
 * `inCard`: `value` is a `card` object.
 */
function search(value: unknown, inCard: boolean, depth: number): string[] | undefined {
  if (depth > 32 || !value || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = search(item, inCard, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const v = (value as Record<string, unknown>)[key];
    const name = key.toLowerCase();
    if ((CARD_FIELDS_ANYWHERE.has(name) || (inCard && CARD_OBJECT_FIELDS.has(name))) && hasValue(v)) return [key];
    const found = search(v, name === 'card', depth + 1);
    if (found) {
      found.push(key);
      return found;
    }
  }
  return undefined;
}

/** Path of the first card field carrying a value (`card.number`, `wallet.card.cvx`, `cardNumber`), or undefined. */
export function findCardData(request: unknown): string | undefined {
  return search(request, false, 0)?.reverse().join('.');
}

export const CARD_DATA_REFUSAL = 'card data is not accepted, Passerelle is a wallet gateway';

/** Throws 02305 naming the field (never its value) when the request carries card data. */
export function refuseCardData(request: unknown): void {
  const field = findCardData(request);
  if (field) throw new GatewayError('02305', `${field}: ${CARD_DATA_REFUSAL}`);
}
