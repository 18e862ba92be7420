import { invalidFormat, invalidValue } from './gateway-error.js';
import { alphabeticCurrency } from './money.js';

/** doRefund input, the same for SOAP and REST (REST is mapped onto it at the edge). Wire text. */
export interface RefundRequest {
  transactionId?: string | undefined;
  amount?: string | undefined;
  /** Numeric ISO 4217 (SOAP `payment.currency`) or alphabetic (REST); optional: the original's by default. */
  currency?: string | undefined;
  contractNumber?: string | undefined;
  comment?: string | undefined;
  /** SOAP `sequenceNumber`: identifies a retry of one refund of one transaction. */
  sequenceNumber?: string | undefined;
  /** REST `Idempotency-Key` header: identifies a retry of one request of one merchant. */
  idempotencyKey?: string | undefined;
}

/** What makes two requests "the same refund": a SOAP sequence number per transaction, or a REST key per merchant. */
export type RefundKey = { scope: 'sequence'; value: string } | { scope: 'idempotency'; value: string };

export interface ValidRefundRequest {
  transactionId: string;
  amount: number;
  /** A 3-digit numeric code or an upper-case alphabetic code, as the merchant sent it. */
  currency?: string | undefined;
  contractNumber?: string | undefined;
  comment?: string | undefined;
  key?: RefundKey | undefined;
}

const TRANSACTION_ID = /^[A-Za-z0-9]{1,50}$/;
const SIGNED_INTEGER = /^[+-]?\d+$/;
const CURRENCY = /^(\d{3}|[A-Za-z]{3})$/;
// Visible ASCII: the key is echoed in logs and compared byte for byte.
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;

const text = (v: string | undefined): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

/**
 * Checks a refund request's own fields, in a fixed order: what the transaction allows (state,
 * currency, remaining amount, age) is decided later, against the locked original (refund.ts).
 */
export function validateRefundRequest(req: RefundRequest): ValidRefundRequest {
  const transactionId = text(req.transactionId);
  if (!transactionId) throw invalidValue('transactionID');
  if (!TRANSACTION_ID.test(transactionId)) throw invalidFormat('transactionID');

  const amountText = text(req.amount);
  if (!amountText) throw invalidValue('payment.amount');
  if (!SIGNED_INTEGER.test(amountText)) throw invalidFormat('payment.amount');
  const amount = Number(amountText);
  if (amount <= 0) throw invalidValue('payment.amount');
  if (amountText.replace(/^\+/, '').replace(/^0+/, '').length > 12) throw invalidFormat('payment.amount');

  const currency = text(req.currency);
  if (currency !== undefined && !CURRENCY.test(currency)) throw invalidFormat('payment.currency');

  const comment = text(req.comment);
  if (comment !== undefined && comment.length > 255) throw invalidFormat('comment');

  const sequenceNumber = text(req.sequenceNumber);
  if (sequenceNumber !== undefined && sequenceNumber.length > 50) throw invalidFormat('sequenceNumber');
  if (req.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(req.idempotencyKey))
    throw invalidFormat('Idempotency-Key');

  const key: RefundKey | undefined =
    req.idempotencyKey !== undefined
      ? { scope: 'idempotency', value: req.idempotencyKey }
      : sequenceNumber !== undefined
        ? { scope: 'sequence', value: sequenceNumber }
        : undefined;
  return {
    transactionId,
    amount,
    currency: currency?.toUpperCase(),
    contractNumber: text(req.contractNumber),
    comment,
    key,
  };
}

/** True when the currency the merchant named (numeric or alphabetic) is `numeric`. */
export function isSameCurrency(requested: string, numeric: number): boolean {
  return /^\d{3}$/.test(requested)
    ? Number(requested) === numeric
    : alphabeticCurrency(numeric) === requested.toUpperCase();
}
