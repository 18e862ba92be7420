import type { HttpAnswer, HttpTransport } from '../http-transport.js';
import type { SimulatedPayerAnswer } from '../partner-port.js';

/** A control answer is a few hundred bytes: anything much larger is not one. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** Payconiq's own domains (API, JWKS, payment links, legacy hosts): no simulator control API there. */
const PAYCONIQ_DOMAINS = ['bancontact.net', 'payconiq.com'];

/** The host of `url` when it is the real Payconiq's; else undefined. */
export function realPayconiqHost(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return PAYCONIQ_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`)) ? host : undefined;
}

export type SimulatorAction = (
  apiBaseUrl: string,
  partnerPaymentId: string,
  action: 'pay' | 'cancel',
) => Promise<SimulatedPayerAnswer>;

/**
 * The gateway's client of a simulator's control API (src/simulator/payconiq/control-routes.ts):
 * `POST {apiBaseUrl}/_simulator/payments/{id}/{action}`, the same for the embedded simulator
 * (reached over loopback) and a standalone one (`passerelle simulator`). A contract connected to
 * the real Payconiq is never sent such a request.
 */
export function createSimulatorControl(opts: { timeoutMs: number; transport: HttpTransport }): SimulatorAction {
  return async (apiBaseUrl, partnerPaymentId, action) => {
    const url = `${apiBaseUrl.replace(/\/+$/, '')}/_simulator/payments/${encodeURIComponent(partnerPaymentId)}/${action}`;
    let res: HttpAnswer;
    try {
      res = await opts.transport({
        method: 'POST',
        url,
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(opts.timeoutMs),
        maxBodyBytes: MAX_ANSWER_BYTES,
      });
    } catch (err) {
      const e = err as Error & { code?: string; cause?: { code?: string } };
      return {
        outcome: 'unavailable',
        reason:
          e.name === 'TimeoutError'
            ? `no answer within ${opts.timeoutMs} ms`
            : `unreachable (${e.code ?? e.cause?.code ?? e.message})`,
      };
    }
    const body = readJson(res.text) as { status?: unknown; code?: unknown } | undefined;
    if (res.status === 200 && typeof body?.status === 'string') return { outcome: 'done', status: body.status };
    if (res.status === 422 && body?.code === 'PAYMENT_NOT_PENDING') return { outcome: 'refused', code: body.code };
    if (res.status === 404 && body?.code === 'PAYMENT_NOT_FOUND')
      return { outcome: 'unavailable', reason: `the simulator does not know payment ${partnerPaymentId}` };
    return {
      outcome: 'unavailable',
      reason: `HTTP ${res.status}${typeof body?.code === 'string' ? ` ${body.code}` : ''}: no simulator control API answered`,
    };
  };
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
