import { fieldInvalid, SimulatorError } from './errors.js';
import { PAYMENT_STATUSES, type PaymentStatus } from './lifecycle.js';
import type { SimPayment } from './payment.js';

export interface SearchQuery {
  page: number;
  size: number;
  from: Date;
  to: Date;
  statuses?: Set<PaymentStatus>;
  reference?: string;
}

const DAY_MS = 86_400_000;

/** `?page&size` plus the `payment-search-query` body, all optional (doc §3.3). */
export function parseSearchQuery(query: Record<string, unknown>, body: unknown, now: Date): SearchQuery {
  const page = intParam(query.page, 'page', 0, 0, Number.MAX_SAFE_INTEGER);
  // Spring rejects a page size below 1, so 0 is refused although the spec's range starts at 0.
  const size = intParam(query.size, 'size', 10, 1, 100);
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body)))
    throw new SimulatorError(400, 'FIELD_IS_INVALID', 'Request body is invalid');
  const b = (body ?? {}) as Record<string, unknown>;
  const from = dateParam(b.from, 'from') ?? new Date(now.getTime() - DAY_MS);
  const to = dateParam(b.to, 'to') ?? now;
  let statuses: Set<PaymentStatus> | undefined;
  if (b.paymentStatuses !== undefined && b.paymentStatuses !== null) {
    if (
      !Array.isArray(b.paymentStatuses) ||
      !b.paymentStatuses.every((s) => (PAYMENT_STATUSES as readonly unknown[]).includes(s))
    )
      throw fieldInvalid('paymentStatuses');
    if (b.paymentStatuses.length > 0) statuses = new Set(b.paymentStatuses as PaymentStatus[]);
  }
  if (b.reference !== undefined && b.reference !== null && typeof b.reference !== 'string')
    throw fieldInvalid('reference');
  return {
    page,
    size,
    from,
    to,
    ...(statuses ? { statuses } : {}),
    ...(typeof b.reference === 'string' ? { reference: b.reference } : {}),
  };
}

/** Filters, sorts by createdAt descending (newest first) and cuts one page (the in-memory store's search). */
export function searchPayments(payments: SimPayment[], q: SearchQuery): { page: SimPayment[]; totalElements: number } {
  const matching = payments
    .filter((p) => p.createdAt >= q.from && p.createdAt <= q.to)
    .filter((p) => !q.statuses || q.statuses.has(p.status))
    .filter((p) => q.reference === undefined || p.reference === q.reference)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.seq - a.seq);
  return {
    page: matching.slice(q.page * q.size, (q.page + 1) * q.size),
    totalElements: matching.length,
  };
}

function intParam(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw fieldInvalid(name);
  return n;
}

function dateParam(value: unknown, name: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  // ISO-8601 with a zone, what clients send (`YYYY-MM-DDTHH:mm:ss.SSSZ`).
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)
  )
    throw fieldInvalid(name);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw fieldInvalid(name);
  return d;
}
