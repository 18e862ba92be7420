/**
 * The TestPay connector: everything the gateway knows of TestPay is in this folder. It exists
 * only in the tests, registered through createGateway's extraPaymentMethods.
 */
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  CallbackRejected,
  PartnerError,
  type PartnerPayment,
  type PartnerRefund,
  type PaymentMethod,
} from '../../../../src/connectors/partner-port.js';
import type { PartnerStatus } from '../../../../src/domain/payment-session.js';
import type { ConnectorRuntime } from '../../../../src/connectors/registry.js';
import { signTestPayBody } from './partner.js';

export const TESTPAY_CARD_CODE = 'TESTPAY_WALLET';

const settings = z.object({ apiUrl: z.url(), apiKey: z.string().min(1), webhookSecret: z.string().min(1) });
type TestPaySettings = z.infer<typeof settings>;

const STATES: Record<string, PartnerStatus> = { open: 'PENDING', paid: 'SUCCEEDED', void: 'CANCELLED' };

function toPayment(json: Record<string, unknown>): PartnerPayment {
  const state = String(json['state']);
  return {
    partnerPaymentId: String(json['id']),
    status: STATES[state] ?? 'UNKNOWN',
    rawStatus: state,
    amount: Number(json['amount']),
    reference: String(json['reference']),
    paymentLink: String(json['link']),
    raw: json,
  };
}

function toRefund(json: Record<string, unknown>, partnerPaymentId: string): PartnerRefund {
  const state = String(json['state']);
  return {
    partnerRefundId: String(json['refundId']),
    partnerPaymentId,
    status: state === 'settled' ? 'REFUNDED' : 'UNKNOWN',
    rawStatus: state,
    amount: Number(json['amount']),
    raw: json,
  };
}

export function createTestPayMethod(runtime: ConnectorRuntime): PaymentMethod {
  const fetchFn = runtime.fetch ?? globalThis.fetch;
  const call = async (
    s: TestPaySettings,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }> => {
    let res: Response;
    try {
      res = await fetchFn(`${s.apiUrl}${path}`, {
        method,
        headers: { authorization: `Key ${s.apiKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(runtime.timeoutMs),
      });
    } catch (err) {
      throw new PartnerError('unreachable', `TestPay ${method} ${path}: ${(err as Error).message}`);
    }
    const text = await res.text();
    if (res.status >= 500) throw new PartnerError('http', `TestPay ${method} ${path}: HTTP ${res.status}`, res.status);
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const expect = (answer: { status: number; json: Record<string, unknown> }, status: number) => {
    if (answer.status !== status)
      throw new PartnerError(
        'http',
        `TestPay answered HTTP ${answer.status}`,
        answer.status,
        String(answer.json['error']),
      );
    return answer.json;
  };

  return {
    cardCode: TESTPAY_CARD_CODE,
    displayName: 'TestPay',
    appName: 'TestPay',
    callbackId: 'testpay',
    settings,
    secretSettings: ['apiKey', 'webhookSecret'],
    describeSettings: (s) => `TestPay at ${String(s['apiUrl'])}`,
    peekCallbackPaymentId(rawBody) {
      try {
        const id = (JSON.parse(rawBody.toString('utf8')) as { id?: unknown }).id;
        return typeof id === 'string' ? id : undefined;
      } catch {
        return undefined;
      }
    },
    realPartnerHost: () => undefined,

    connect(_contract, given) {
      const s = settings.parse(given);
      return {
        cardCode: TESTPAY_CARD_CODE,
        settings: s,
        simulatedPayer: runtime.homologation
          ? {
              kind: 'simulator',
              host: new URL(s.apiUrl).host,
              async act(partnerPaymentId, action) {
                const res = await fetchFn(`${s.apiUrl}/app/${partnerPaymentId}/${action}`, { method: 'POST' });
                const json = (await res.json()) as Record<string, unknown>;
                if (res.status === 200) return { outcome: 'done', status: String(json['state']) };
                return res.status === 409
                  ? { outcome: 'refused', code: 'NOT_OPEN' }
                  : { outcome: 'unavailable', reason: `HTTP ${res.status}` };
              },
            }
          : undefined,
        async createPayment(input) {
          const body = {
            amount: input.amount,
            currency: input.currency,
            reference: input.reference,
            notify: input.callbackUrl,
          };
          return toPayment(expect(await call(s, 'POST', '/payments', body), 201));
        },
        async getPayment(id) {
          return toPayment(expect(await call(s, 'GET', `/payments/${id}`), 200));
        },
        async cancelPayment(id) {
          const answer = await call(s, 'DELETE', `/payments/${id}`);
          if (answer.status === 204) return 'cancelled';
          if (answer.status === 409) return 'not-pending';
          throw new PartnerError('http', `TestPay cancel answered HTTP ${answer.status}`, answer.status);
        },
        async paidDetails(payment) {
          const payer = payment.raw['payer'];
          return {
            payerName: typeof payer === 'string' ? payer : undefined,
            partnerAdditionalData: JSON.stringify({ testpayId: payment.partnerPaymentId, state: payment.rawStatus }),
          };
        },
        async verifyCallback(rawBody, headers) {
          const expected = Buffer.from(signTestPayBody(s.webhookSecret, rawBody.toString('utf8')));
          const given = Buffer.from(headers['x-testpay-signature'] ?? '');
          if (given.length !== expected.length || !timingSafeEqual(given, expected))
            throw new CallbackRejected('TestPay signature does not verify');
          const delivery = headers['x-testpay-delivery'];
          if (!delivery) throw new CallbackRejected('no delivery id');
          return { payment: toPayment(JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>), jti: delivery };
        },
        async createRefund(input) {
          const answer = await call(s, 'POST', `/payments/${input.partnerPaymentId}/refunds`, {
            amount: input.amount,
            key: input.idempotencyKey,
          });
          if (answer.status === 201)
            return { outcome: 'created', refund: toRefund(answer.json, input.partnerPaymentId) };
          return { outcome: 'rejected', httpStatus: answer.status, partnerCode: String(answer.json['error']) };
        },
        async getRefund(paymentId, refundId) {
          return toRefund(expect(await call(s, 'GET', `/payments/${paymentId}/refunds/${refundId}`), 200), paymentId);
        },
        async checkConnection() {
          try {
            const answer = await call(s, 'GET', '/payments/no-such-payment');
            return [{ name: 'GET /payments/{id}', ok: answer.status === 404, detail: `HTTP ${answer.status}` }];
          } catch (err) {
            return [{ name: 'GET /payments/{id}', ok: false, detail: (err as Error).message }];
          }
        },
      };
    },
  };
}
