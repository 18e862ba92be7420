/** Payconiq RefundModel JSON (create and get answers) → PartnerRefund. A tolerant reader, like payment-mapping.ts. */
import type { PartnerRefundStatus } from '../../domain/refund.js';
import { PartnerError, type PartnerRefund } from '../partner-port.js';
import { isObject } from './payment-mapping.js';

/** PENDING | REFUNDED | FAILED (PROCESSING was removed in 3.0.2); anything else is UNKNOWN: polled again. */
const STATUSES: ReadonlyMap<string, PartnerRefundStatus> = new Map<string, PartnerRefundStatus>([
  ['PENDING', 'PENDING'],
  ['REFUNDED', 'REFUNDED'],
  ['FAILED', 'FAILED'],
]);

/** Refund ids go into URL paths: accept only what Payconiq issues (24 hex in practice) plus some slack. */
const REFUND_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function toPartnerRefund(json: unknown): PartnerRefund {
  if (!isObject(json)) throw new PartnerError('unparsable', 'Payconiq refund is not a JSON object');
  const partnerRefundId = json['refundId'];
  if (typeof partnerRefundId !== 'string' || !REFUND_ID.test(partnerRefundId))
    throw new PartnerError('unparsable', 'Payconiq refund has no valid refundId');
  const rawStatus = typeof json['status'] === 'string' ? json['status'] : '';
  const amount = json['amount'];
  return {
    partnerRefundId,
    partnerPaymentId: typeof json['paymentId'] === 'string' ? json['paymentId'] : undefined,
    status: STATUSES.get(rawStatus.trim().toUpperCase()) ?? 'UNKNOWN',
    rawStatus,
    amount: typeof amount === 'number' && Number.isSafeInteger(amount) ? amount : undefined,
    raw: json,
  };
}
