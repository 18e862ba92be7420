/**
 * TestPay: a made-up wallet partner over real HTTP, unlike Payconiq in every wire detail (paths,
 * statuses, auth, an HMAC-signed callback), so that a connector for it proves the gateway's core
 * takes a second payment method without knowing it.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TestPayState = 'open' | 'paid' | 'void';

export interface TestPayPayment {
  id: string;
  state: TestPayState;
  amount: number;
  reference: string;
  callbackUrl: string;
  payer?: string | undefined;
  refunds: { refundId: string; key: string; amount: number; state: 'settled' }[];
}

export interface TestPayPartner {
  url: string;
  apiKey: string;
  webhookSecret: string;
  payments: Map<string, TestPayPayment>;
  /** Callbacks answered by the gateway, with their HTTP status. */
  callbacks: { paymentId: string; status: number }[];
  /** The payer confirms in the TestPay app: the payment is paid and its callback sent. */
  pay(paymentId: string, payer: string): Promise<number>;
  close(): Promise<void>;
}

export const signTestPayBody = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body).digest('hex');

export async function startTestPayPartner(): Promise<TestPayPartner> {
  const apiKey = `tp_${randomUUID()}`;
  const webhookSecret = randomUUID();
  const payments = new Map<string, TestPayPayment>();
  const callbacks: TestPayPartner['callbacks'] = [];

  const view = (p: TestPayPayment) => ({
    id: p.id,
    state: p.state,
    amount: p.amount,
    reference: p.reference,
    payer: p.payer,
    link: `${url}/app/${p.id}`,
  });
  const sendCallback = async (p: TestPayPayment): Promise<number> => {
    const body = JSON.stringify(view(p));
    const res = await fetch(p.callbackUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-testpay-signature': signTestPayBody(webhookSecret, body),
        'x-testpay-delivery': randomUUID(),
      },
      body,
    });
    await res.body?.cancel();
    callbacks.push({ paymentId: p.id, status: res.status });
    return res.status;
  };
  const settle = (p: TestPayPayment, state: TestPayState, payer?: string) => {
    if (p.state !== 'open') return false;
    p.state = state;
    p.payer = payer;
    return true;
  };

  const server: Server = createServer((req, res) => void route(req, res));
  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, json?: unknown) => {
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(json === undefined ? undefined : JSON.stringify(json));
    };
    const path = (req.url ?? '').split('?')[0]!;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const input = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};

    // The homologation control API: the payer's app, driven by the hosted page's buttons.
    const app = /^\/app\/([\w-]+)\/(pay|cancel)$/.exec(path);
    if (app && req.method === 'POST') {
      const p = payments.get(app[1]!);
      if (!p) return reply(404, { error: 'no such payment' });
      if (!settle(p, app[2] === 'pay' ? 'paid' : 'void', app[2] === 'pay' ? 'Ada' : undefined))
        return reply(409, { error: 'not open' });
      reply(200, view(p));
      await sendCallback(p);
      return;
    }
    if (req.headers.authorization !== `Key ${apiKey}`) return reply(403, { error: 'bad key' });
    if (req.method === 'POST' && path === '/payments') {
      const p: TestPayPayment = {
        id: `tp-${randomUUID()}`,
        state: 'open',
        amount: Number(input['amount']),
        reference: String(input['reference']),
        callbackUrl: String(input['notify']),
        refunds: [],
      };
      payments.set(p.id, p);
      return reply(201, view(p));
    }
    const one = /^\/payments\/([\w-]+)(\/refunds(?:\/([\w-]+))?)?$/.exec(path);
    const p = one && payments.get(one[1]!);
    if (!one || !p) return reply(404, { error: 'no such payment' });
    if (!one[2] && req.method === 'GET') return reply(200, view(p));
    if (!one[2] && req.method === 'DELETE') return settle(p, 'void') ? reply(204) : reply(409, { error: 'not open' });
    if (one[2] && !one[3] && req.method === 'POST') {
      const key = String(input['key']);
      const existing = p.refunds.find((r) => r.key === key);
      if (existing) return reply(201, existing);
      if (p.state !== 'paid') return reply(409, { error: 'not paid' });
      const refund = {
        refundId: `tpr-${randomUUID()}`,
        key,
        amount: Number(input['amount']),
        state: 'settled' as const,
      };
      p.refunds.push(refund);
      return reply(201, refund);
    }
    const refund = one[3] && p.refunds.find((r) => r.refundId === one[3]);
    if (refund && req.method === 'GET') return reply(200, refund);
    reply(404, { error: 'no such route' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiKey,
    webhookSecret,
    payments,
    callbacks,
    async pay(paymentId, payer) {
      const p = payments.get(paymentId);
      if (!p || !settle(p, 'paid', payer)) throw new Error(`payment ${paymentId} is not open`);
      return sendCallback(p);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
