import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { doWebPaymentEnvelope, getWebPaymentDetailsEnvelope, postSoap } from '../support/soap-client.js';
import { restCall, validSessionBody } from '../support/rest-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

describe('web payment end to end (inject)', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('SOAP doWebPayment → page → MAKE A PAYMENT → getWebPaymentDetails 00000', async () => {
    const created = await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope());
    assert.equal(created.status, 200, created.body);
    assert.equal(created.field('code'), '00000');
    const token = created.field('token')!;
    assert.match(token, /^[A-Za-z0-9]{20}\d{13}$/);
    assert.equal(created.field('redirectURL'), `${t.baseUrl}/v2/?token=${token}`);

    const page = await t.gateway.app.inject({ url: `/v2/?token=${token}` });
    assert.equal(page.statusCode, 200);
    const pay = await t.gateway.app.inject({ method: 'POST', url: '/v2/simulator/pay', payload: { token } });
    assert.equal(pay.statusCode, 303);
    assert.equal(pay.headers.location, `https://shop.example/return?paylinetoken=${token}`);

    const details = await postSoap(t, 'WebPaymentAPI', getWebPaymentDetailsEnvelope(token));
    assert.equal(details.field('code'), '00000');
    assert.equal(details.field('shortMessage'), 'ACCEPTED');
    assert.equal(details.field('bankCode'), 'GKCCBEBB');

    const rest = await restCall(t, 'GET', `/v1/checkout/sessions/${token}`);
    assert.equal(rest.status, 200);
    assert.equal(rest.json.result.code, '00000');
  });

  it('REST session → ABORT → 02008 via REST and SOAP', async () => {
    const created = await restCall(t, 'POST', '/v1/checkout/sessions', validSessionBody());
    assert.equal(created.status, 201, created.body);
    const token = created.json.sessionId as string;
    await t.gateway.app.inject({ url: `/v2/?token=${token}` });
    const abort = await t.gateway.app.inject({ method: 'POST', url: '/v2/simulator/abort', payload: { token } });
    assert.equal(abort.headers.location, `https://shop.example/cancel?paylinetoken=${token}`);
    const details = await postSoap(t, 'WebPaymentAPI', getWebPaymentDetailsEnvelope(token));
    assert.equal(details.field('code'), '02008');
    assert.equal(details.field('longMessage'), 'Transaction canceled by user');
  });
});
