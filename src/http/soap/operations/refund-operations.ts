import { formatPaylineShortDateTime } from '../../../domain/payline-date.js';
import { asWireObject, type WireObject } from '../../../domain/wire-object.js';
import { requestRefund, type RefundAnswer } from '../../../payments/request-refund.js';
import type { SoapOperation } from './registry.js';

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** doRefundResponse: the result and the refund's own transaction (date `dd/MM/yy HH:mm:ss` as in Payline's samples). */
export function refundAnswerToWire({ result, refund, replayed }: RefundAnswer): WireObject {
  return {
    result: { ...result },
    transaction: {
      id: refund.id,
      date: formatPaylineShortDateTime(refund.createdAt),
      isDuplicated: replayed ? '1' : '0',
      isPossibleFraud: '0',
      fraudResult: '',
      explanation: '',
      type: 'REFUND',
    },
  };
}

/**
 * DirectPaymentAPI doRefund: `transactionID`, `payment{amount,currency,contractNumber}`, `comment`, `sequenceNumber`.
 */
export const REFUND_OPERATIONS: Record<string, SoapOperation> = {
  async doRefund(deps, merchantId, body) {
    const payment = asWireObject(body.payment) ?? {};
    const answer = await requestRefund(deps, merchantId, {
      transactionId: text(body.transactionID),
      amount: text(payment.amount),
      currency: text(payment.currency),
      contractNumber: text(payment.contractNumber),
      comment: text(body.comment),
      sequenceNumber: text(body.sequenceNumber),
    });
    return refundAnswerToWire(answer);
  },
};
