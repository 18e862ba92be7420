import { explainedResult, resultOf, type Result, type ResultCode } from './result-codes.js';

/**
 * A business-rule refusal the API defines: it travels back to the merchant as a normal
 * response carrying `result`, never as a fault or a 500.
 */
export class GatewayError extends Error {
  readonly result: Result;

  constructor(code: ResultCode | Result, detail?: string) {
    const result = typeof code === 'string' ? resultOf(code, detail) : code;
    super(`${result.code} ${result.longMessage}`);
    this.name = 'GatewayError';
    this.result = result;
  }

  get code(): ResultCode {
    return this.result.code;
  }
}

export function invalidValue(field: string): GatewayError {
  return new GatewayError('02308', field);
}

export function invalidFormat(field: string): GatewayError {
  return new GatewayError('02305', field);
}

/** A refusal whose long message gives the reason (`Transaction is invalid: … was not accepted`). */
export function refusedBecause(code: ResultCode, reason: string): GatewayError {
  return new GatewayError(explainedResult(code, reason));
}
