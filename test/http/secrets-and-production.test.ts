import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createSecretBox } from '../../src/security/secret-box.js';
import { doWebPaymentEnvelope, postSoap } from '../support/soap-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { createLiveContract, payconiqContractOf } from '../support/payconiq-contract.js';

describe('secret box (partner API keys at rest)', () => {
  it('seals with AES-256-GCM: round trip, random IV, tampering and the wrong key are refused', () => {
    const box = createSecretBox(randomBytes(32));
    const a = box.seal('api-key-123');
    assert.notEqual(a, box.seal('api-key-123'), 'a fresh IV each time');
    assert.ok(!a.includes('api-key-123'));
    assert.equal(box.open(a), 'api-key-123');
    const tampered = a.slice(0, -2) + (a.endsWith('A') ? 'BB' : 'AA');
    assert.throws(() => box.open(tampered));
    assert.throws(() => createSecretBox(randomBytes(32)).open(a));
    assert.throws(() => createSecretBox(randomBytes(16)), /32 bytes/);
  });
});

describe('production mode', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({ mode: 'production' });
  });
  after(() => t.close());

  it('has no simulator: no buttons, no simulator routes', async () => {
    assert.equal(t.gateway.simulator, undefined);
    assert.equal(
      (await t.gateway.app.inject({ method: 'POST', url: '/v2/simulator/pay', payload: { token: 'x' } })).statusCode,
      404,
    );
    assert.equal((await t.gateway.app.inject({ url: '/simulator/payconiq/jwks/' })).statusCode, 404);
  });

  it('refuses a contract that is not connected to the partner (02303); accepts a connected one, key stored sealed', async () => {
    assert.equal((await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope())).field('code'), '02303');
    await createLiveContract(t, 'LIVE');
    assert.equal(
      (await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope({ contractNumber: 'LIVE' }))).field('code'),
      '00000',
    );
    const [row] = await t.gateway.db.query<{ partner_api_key_enc: string }>(
      "SELECT partner_settings ->> 'apiKey' AS partner_api_key_enc FROM contracts WHERE contract_number = 'LIVE'",
    );
    assert.ok(!row!.partner_api_key_enc.includes('live-key'));
    const config = await payconiqContractOf(t, t.merchantId, 'LIVE');
    assert.equal(config?.apiKey, 'live-key');
  });
});
