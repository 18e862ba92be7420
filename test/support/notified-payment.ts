import { doWebPaymentEnvelope, postSoap } from './soap-client.js';
import type { TestGateway } from './test-gateway.js';

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
