import type { ConnectionCheckStep } from '../partner-port.js';
import type { PayconiqContract } from './contract-settings.js';
import type { PayconiqHttpClient } from './http-client.js';

/** No payment has this id: asking for it reads nothing and creates nothing. */
const NO_SUCH_PAYMENT = '0'.repeat(24);

const explain = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Two harmless GETs: a payment that does not exist (a 404 PAYMENT_NOT_FOUND means the API key
 * was accepted; 401/403 that it was not), then the JWKS the callbacks are verified with.
 */
export async function checkPayconiqConnection(
  call: PayconiqHttpClient,
  contract: PayconiqContract,
  opts: { fetch: typeof fetch; timeoutMs: number },
): Promise<ConnectionCheckStep[]> {
  const api: ConnectionCheckStep = { name: `GET ${contract.apiBaseUrl}/v3/payments/{id}`, ok: false, detail: '' };
  try {
    const res = await call(contract, {
      operation: 'check-connection',
      method: 'GET',
      path: `/v3/payments/${NO_SUCH_PAYMENT}`,
      accept: [404, 401, 403],
    });
    api.ok = res.status === 404;
    api.detail =
      res.status === 404
        ? `API key accepted (HTTP 404 ${res.partnerCode ?? ''} for a payment that does not exist)`.replace(' )', ')')
        : `API key refused: HTTP ${res.status} ${res.partnerCode ?? ''}`.trim();
  } catch (err) {
    api.detail = explain(err);
  }
  const jwks: ConnectionCheckStep = { name: `GET ${contract.jwksUrl}`, ok: false, detail: '' };
  try {
    const res = await opts.fetch(contract.jwksUrl, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    const body = (await res.json().catch(() => undefined)) as { keys?: unknown } | undefined;
    const keys = Array.isArray(body?.keys) ? body.keys.length : undefined;
    jwks.ok = res.status === 200 && keys !== undefined && keys > 0;
    jwks.detail = jwks.ok ? `${keys} signing key(s) published` : `HTTP ${res.status}, no signing key in the answer`;
  } catch (err) {
    jwks.detail = explain(err);
  }
  return [api, jwks];
}
