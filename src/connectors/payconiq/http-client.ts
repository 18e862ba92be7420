/**
 * One HTTP exchange with the Payconiq Merchant API v3: Bearer auth, JSON, a hard timeout, and
 * every way it can go wrong turned into a PartnerError (→ result 02106 upstream).
 *
 * The API key is a bearer credential: it is only ever put in the Authorization header. It is not
 * logged, and any echo of it in a partner message is scrubbed before it reaches an error.
 */
import type { Logger } from 'pino';
import type { HttpTransport } from '../http-transport.js';
import { PartnerError } from '../partner-port.js';
import type { PayconiqContract } from './contract-settings.js';
import { isObject } from './payment-mapping.js';

export interface HttpClientOptions {
  transport: HttpTransport;
  timeoutMs: number;
  logger?: Logger | undefined;
}

export interface PartnerRequest {
  /** For logs and errors, e.g. 'create-payment'. */
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Below the contract's apiBaseUrl, e.g. `/v3/payments`. */
  path: string;
  body?: unknown;
  /** Extra request headers (e.g. `idempotency-key`). */
  headers?: Record<string, string>;
  /** Returns the `Signature` header for the exact URL and body text sent (payconiq-api.md §4.7). */
  sign?: (target: { url: string; body: string }) => Promise<string>;
  /** Statuses the caller handles itself; any other becomes a PartnerError. */
  accept: readonly number[];
}

export interface PartnerResponse {
  status: number;
  text: string;
  /** The `code` of a Payconiq error body, when the status is ≥ 400 and the body has one. */
  partnerCode?: string | undefined;
}

/** Bodies larger than this are not a Payconiq answer (a proxy page, a loop): refuse to parse them. */
const MAX_BODY_CHARS = 1_000_000;
/** A UTF-8 body of more bytes than this decodes to more than MAX_BODY_CHARS: no need to read it all. */
const MAX_BODY_BYTES = 3 * MAX_BODY_CHARS;

export type PayconiqHttpClient = (contract: PayconiqContract, request: PartnerRequest) => Promise<PartnerResponse>;

export function createHttpClient(opts: HttpClientOptions): PayconiqHttpClient {
  return async (contract, req) => {
    const url = contract.apiBaseUrl.replace(/\/+$/, '') + req.path;
    const started = Date.now();
    const scrub = (s: string): string => (contract.apiKey ? s.split(contract.apiKey).join('[redacted]') : s);
    let status: number;
    let text: string;
    let tooLarge: boolean;
    const bodyText = req.body === undefined ? undefined : JSON.stringify(req.body);
    const headers: Record<string, string> = {
      authorization: `Bearer ${contract.apiKey}`,
      accept: 'application/json',
      ...req.headers,
    };
    if (bodyText !== undefined) headers['content-type'] = 'application/json';
    if (req.sign) {
      try {
        headers['signature'] = await req.sign({ url, body: bodyText ?? '' });
      } catch (err) {
        throw new PartnerError(
          'unreachable',
          `Payconiq ${req.operation}: the request could not be signed: ${(err as Error).message}`,
        );
      }
    }
    try {
      // The transport follows no redirect: one would carry the Bearer key to another host.
      const res = await opts.transport({
        method: req.method,
        url,
        headers,
        body: bodyText,
        signal: AbortSignal.timeout(opts.timeoutMs), // the body is read under it too
        maxBodyBytes: MAX_BODY_BYTES,
      });
      status = res.status;
      text = res.text;
      tooLarge = res.oversized || text.length > MAX_BODY_CHARS;
    } catch (err) {
      const timedOut = isTimeout(err);
      const error = new PartnerError(
        timedOut ? 'timeout' : 'unreachable',
        timedOut
          ? `Payconiq ${req.operation}: no answer within ${opts.timeoutMs} ms`
          : `Payconiq ${req.operation}: ${scrub(describeNetworkError(err))}`,
      );
      opts.logger?.warn(
        {
          partnerOperation: req.operation,
          method: req.method,
          path: req.path,
          kind: error.kind,
          ms: Date.now() - started,
        },
        error.message,
      );
      throw error;
    }

    const errorBody = status >= 400 && !tooLarge ? readErrorBody(text) : {};
    const logFields = {
      partnerOperation: req.operation,
      method: req.method,
      path: req.path,
      status,
      partnerCode: errorBody.code,
      traceId: errorBody.traceId,
      spanId: errorBody.spanId,
      ms: Date.now() - started,
    };
    if (req.accept.includes(status)) {
      if (tooLarge) throw new PartnerError('unparsable', `Payconiq ${req.operation}: answer too large`, status);
      opts.logger?.debug(logFields, 'payconiq call');
      return { status, text, partnerCode: errorBody.code };
    }
    const error = errorForStatus(req.operation, status, errorBody, scrub);
    opts.logger?.warn({ ...logFields, kind: error.kind }, error.message);
    throw error;
  };
}

/** The JSON body of a successful answer; unparsable when it is missing or not JSON. */
export function parseJsonBody(operation: string, res: PartnerResponse): unknown {
  try {
    return JSON.parse(res.text) as unknown;
  } catch {
    throw new PartnerError('unparsable', `Payconiq ${operation}: answer ${res.status} is not JSON`, res.status);
  }
}

/** A status the operation does not expect: 401, 429, 5xx and the rest get their own kinds. */
export function errorForStatus(
  operation: string,
  status: number,
  body: ErrorBody,
  scrub: (s: string) => string = (s) => s,
): PartnerError {
  const kind = status === 401 ? 'unauthorized' : status === 429 ? 'rate-limited' : 'http';
  const detail = [body.code, body.message ? scrub(body.message).slice(0, 200) : undefined].filter(Boolean).join(' ');
  return new PartnerError(
    kind,
    `Payconiq ${operation}: HTTP ${status}${detail ? ` ${detail}` : ''}`,
    status,
    body.code,
  );
}

export interface ErrorBody {
  code?: string | undefined;
  message?: string | undefined;
  traceId?: string | undefined;
  spanId?: string | undefined;
}

/** `{code, message, traceId, spanId}`, or nothing: 429/503 may come from a proxy with no or HTML body. */
function readErrorBody(text: string): ErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  if (!isObject(json)) return {};
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    code: str(json['code']),
    message: str(json['message']),
    traceId: str(json['traceId']),
    spanId: str(json['spanId']),
  };
}

function isTimeout(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err.name === 'TimeoutError' || (err.cause instanceof Error && err.cause.name === 'TimeoutError'))
  );
}

/** "connect ECONNREFUSED 127.0.0.1:1234"; a wrapped error keeps the useful part in `cause`. */
function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return 'network error';
  const cause = err.cause instanceof Error ? err.cause : undefined;
  const code = cause && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
  return [err.message, code ?? cause?.message].filter(Boolean).join(': ');
}
