import assert from 'node:assert/strict';
import { doWebPaymentEnvelope, postSoap } from './soap-client.js';
import type { TestGateway } from './test-gateway.js';

/** A web payment whose page was opened: a pending partner payment, first poll due 10 s later. */
export async function openPartnerPayment(
  t: TestGateway,
  contractNumber: string,
): Promise<{ token: string; partnerId: string }> {
  const created = await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope({ contractNumber }));
  const token = created.field('token');
  assert.ok(token, created.body);
  await t.gateway.app.inject({ url: `/v2/?token=${token}` });
  const session = await t.gateway.deps.sessions.get(token);
  assert.ok(session?.partnerPaymentId, `no partner payment for ${token}`);
  return { token, partnerId: session.partnerPaymentId };
}
