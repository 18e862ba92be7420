import assert from 'node:assert/strict';
import { doWebPaymentEnvelope, postSoap, type DoWebPaymentFields } from './soap-client.js';
import type { TestGateway } from './test-gateway.js';
import { waitUntil } from './wait-until.js';

/** A web payment of the demo merchant, paid (or aborted) on the simulator: its WEBTRS notification is queued. */
export async function notifiedPayment(
  t: TestGateway,
  notificationURL: string,
  button: 'pay' | 'abort' = 'pay',
): Promise<string> {
  const created = await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope({ notificationURL }));
  const token = created.field('token')!;
  await t.gateway.app.inject({ url: `/v2/?token=${token}` });
  await t.gateway.app.inject({ method: 'POST', url: `/v2/simulator/${button}`, payload: { token } });
  return token;
}

/**
 * A web payment paid on the simulator, its result not fetched by the shop: its WEBTRS notification
 * is queued. The token and the payment's transaction id.
 */
export async function acceptedPayment(t: TestGateway, fields: DoWebPaymentFields = {}) {
  const amounts = fields.amount ? { orderAmount: fields.amount } : {};
  const created = await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope({ ...amounts, ...fields }));
  const token = created.field('token');
  assert.ok(token, created.body);
  await t.gateway.app.inject({ url: `/v2/?token=${token}` });
  await t.gateway.app.inject({ method: 'POST', url: '/v2/simulator/pay', payload: { token } });
  await t.gateway.simulator?.idle();
  await waitUntil(
    async () => (await t.gateway.deps.sessions.get(token))?.resultCode === '00000',
    'the payment accepted',
  );
  const transactionId = (await t.gateway.deps.sessions.get(token))!.transactionId!;
  assert.match(transactionId, /^\d{14}$/);
  return { token, transactionId };
}
