/**
 * Free text sent to Payconiq must fit the SEPA (EPC basic) character set: since spec 3.6.3 an
 * emoji or `&` in `description`/`reference` gives `400 FIELD_IS_INVALID` (payconiq-api.md §2.1).
 * A merchant's order reference or shop name must never make a payment fail, so we clean instead
 * of rejecting: transliterate what has an obvious Latin equivalent, turn the rest into spaces.
 */
export const SEPA_REFERENCE_MAX = 35;
export const SEPA_DESCRIPTION_MAX = 140;

/** A-Z a-z 0-9 space / - ? : ( ) . , ' + */
const NOT_SEPA = /[^A-Za-z0-9 /\-?:().,'+]/gu;

// Letters NFD does not decompose into "base + accent".
const TRANSLITERATIONS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
  ĸ: 'k',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '`': "'",
  '´': "'",
  '"': "'",
  '“': "'",
  '”': "'",
  '„': "'",
  '«': "'",
  '»': "'",
  '–': '-',
  '—': '-',
  '‐': '-',
  '‑': '-',
  '−': '-',
  _: '-',
  '&': '+',
  '€': 'EUR',
  '[': '(',
  ']': ')',
  '{': '(',
  '}': ')',
  ';': ',',
  '!': '.',
};

/** `text` reduced to the SEPA set, spaces collapsed, cut to `maxLength`; `fallback` when nothing is left. */
export function toSepaText(text: string, maxLength: number, fallback: string): string {
  const cleaned = clean(text, maxLength);
  if (cleaned !== '') return cleaned;
  return clean(fallback, maxLength) || 'Payment'.slice(0, maxLength);
}

/** The `reference` field (≤ 35): the merchant's order reference, cleaned. */
export function sepaReference(reference: string): string {
  return toSepaText(reference, SEPA_REFERENCE_MAX, 'Order');
}

/** The `description` field (≤ 140) shown to the payer; falls back to the reference. */
export function sepaDescription(description: string, reference: string): string {
  return toSepaText(description, SEPA_DESCRIPTION_MAX, reference);
}

function clean(text: string, maxLength: number): string {
  const latin = Array.from(text.normalize('NFKD'), (ch) => TRANSLITERATIONS[ch] ?? ch)
    .join('')
    .replace(/\p{M}/gu, '');
  const sepa = latin.replace(NOT_SEPA, ' ').replace(/ {2,}/g, ' ').trim();
  return sepa.slice(0, maxLength).trimEnd();
}
