import { fieldInvalid, fieldRequired, SimulatorError } from './errors.js';

/** A validated `payment_create_request` (doc §2.1). */
export interface CreateRequest {
  amount: number;
  currency: 'EUR';
  description?: string;
  reference?: string;
  bulkId?: string;
  callbackUrl?: string;
  identifyCallbackUrl?: string;
  returnUrl?: string;
}

const MAX_AMOUNT = 999_999_999_999;
/** EPC basic set, what spec 3.6.3 enforces on description and reference: `&` or emoji give 400. */
const SEPA_TEXT = /^[A-Za-z0-9 /\-?:().,'+]*$/;
const URL_FIELDS = ['callbackUrl', 'identifyCallbackUrl', 'returnUrl'] as const;

/**
 * Validates the create body field by field, in a fixed order, and reports the first problem the
 * way the partner does (`Field description is invalid`). Unknown fields are ignored, as the
 * partner's JSON binding does.
 */
export function parseCreateRequest(body: unknown): CreateRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SimulatorError(400, 'BODY_MISSING', 'Request body is missing');
  const b = body as Record<string, unknown>;

  if (b.amount === undefined || b.amount === null) throw fieldRequired('amount');
  if (!Number.isInteger(b.amount) || (b.amount as number) < 1 || (b.amount as number) > MAX_AMOUNT)
    throw fieldInvalid('amount');
  if (b.currency !== undefined && b.currency !== 'EUR') throw fieldInvalid('currency');

  const out: CreateRequest = { amount: b.amount as number, currency: 'EUR' };
  const text = (field: 'reference' | 'description' | 'bulkId', max: number, sepa: boolean) => {
    const v = b[field];
    if (v === undefined || v === null) return;
    if (typeof v !== 'string' || v.length > max || (sepa && !SEPA_TEXT.test(v))) throw fieldInvalid(field);
    out[field] = v;
  };
  text('reference', 35, true);
  text('description', 140, true);
  text('bulkId', 35, false);

  for (const field of URL_FIELDS) {
    const v = b[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' || !isAcceptedUrl(v)) throw fieldInvalid(field);
    out[field] = v;
  }
  return out;
}

/**
 * The partner accepts only https URLs (an http one gives 400, doc §2.1). Loopback hosts may use
 * http so a gateway on a developer machine can receive callbacks; nothing else gets that leeway.
 */
export function isAcceptedUrl(value: string): boolean {
  if (value.length < 1 || value.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password || url.hash || !url.hostname) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
