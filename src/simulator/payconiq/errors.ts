import { newSpanId, newTraceId } from './ids.js';

/**
 * The two error shapes of the partner: the payment API always sends all four fields
 * ({code,message,traceId,spanId}); the refund API only {code,message} (doc §7.1, §5.2).
 */
export type ErrorShape = 'payment' | 'refund';

export class SimulatorError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    readonly shape: ErrorShape = 'payment',
  ) {
    super(message);
  }
}

export function errorBody(shape: ErrorShape, code: string, message: string): Record<string, string> {
  return shape === 'payment' ? { code, message, traceId: newTraceId(), spanId: newSpanId() } : { code, message };
}

export const paymentNotFound = () => new SimulatorError(404, 'PAYMENT_NOT_FOUND', 'Payment not found');
export const paymentNotPending = () => new SimulatorError(422, 'PAYMENT_NOT_PENDING', 'Payment is not pending');
export const fieldRequired = (field: string) =>
  new SimulatorError(400, 'FIELD_IS_REQUIRED', `Field ${field} is required`);
export const fieldInvalid = (field: string) => new SimulatorError(400, 'FIELD_IS_INVALID', `Field ${field} is invalid`);
