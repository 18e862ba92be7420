import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { validSessionBody } from '../support/rest-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const TOKEN = 'operator-token-for-tests-0123456789abcdef';
const PARTNER_API_KEY = 'partner-api-key-never-logged';

/** The operator API the CLI uses next to a running gateway on the embedded database. */
describe('operator API', () => {
  let t: TestGateway;
  const logLines: string[] = [];
  const op = (path: string, payload: object, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
    t.gateway.app.inject({
      method: 'POST',
      url: `/_operator/${path}`,
      headers: { authorization: `Bearer ${TOKEN}`, ...headers },
      payload,
      remoteAddress,
    });
  const session = (merchantId: string, accessKey: string) =>
    t.gateway.app.inject({
      method: 'POST',
      url: '/v1/checkout/sessions',
      headers: { authorization: `Basic ${Buffer.from(`${merchantId}:${accessKey}`).toString('base64')}` },
      payload: validSessionBody(),
    });

  before(async () => {
    t = await startTestGateway({
      operatorToken: TOKEN,
      logger: pino({ level: 'trace' }, { write: (line: string) => logLines.push(line) }),
    });
  });
  after(() => t.close());

  it('answers the holder of the token, on loopback, without a proxy in between; refuses anyone else', async () => {
    assert.equal((await op('merchant/list', {})).statusCode, 200);
    assert.equal((await op('merchant/list', {}, { authorization: '' })).statusCode, 401);
    assert.equal((await op('merchant/list', {}, { authorization: `Bearer ${TOKEN}x` })).statusCode, 401);
    assert.equal(
      (await op('merchant/list', {}, { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }))
        .statusCode,
      401,
    );
    assert.equal((await op('merchant/list', {}, {}, '192.0.2.7')).statusCode, 403);
    assert.equal((await op('merchant/list', {}, { 'x-forwarded-for': '192.0.2.7' })).statusCode, 403);
    assert.ok(!logLines.some((l) => l.includes(TOKEN)), 'the token never reaches the log');
  });

  it('a key revoked through it is refused at the next request, though its check was cached', async () => {
    const key = JSON.parse((await op('key/create', { merchantId: t.merchantId, label: 'shop' })).body) as {
      keyId: string;
      accessKey: string;
    };
    assert.equal((await session(t.merchantId, key.accessKey)).statusCode, 201);
    assert.equal((await op('key/revoke', { merchantId: t.merchantId, keyId: key.keyId })).statusCode, 200);
    assert.equal((await session(t.merchantId, key.accessKey)).statusCode, 401);
    assert.equal((await session(t.merchantId, t.accessKey)).statusCode, 201, "the merchant's other keys still work");
  });

  it('refusals name the field and the reason; the partner API key is sealed and never logged', async () => {
    const bad = await op('pos/create', { merchantId: t.merchantId, label: 'Web', paymentDelayMinutes: 0 });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(JSON.parse(bad.body), {
      error: { kind: 'invalid', detail: 'must be a positive number of minutes', field: 'paymentDelayMinutes' },
    });
    assert.equal((await op('pos/create', { merchantId: '99999999999999', label: 'Web' })).statusCode, 404);
    assert.equal((await op('pos/create', { merchantId: t.merchantId, label: 'Web' })).statusCode, 200);
    const contract = {
      merchantId: t.merchantId,
      contractNumber: 'PQLIVE',
      pointOfSale: 'Web',
      partnerContractId: 'ACME',
      partner: { apiKey: PARTNER_API_KEY, ppid: '5bb37284e35e2b29e363df22' },
    };
    const created = await op('contract/create', contract);
    assert.equal(created.statusCode, 200, created.body);
    assert.equal(
      JSON.parse(created.body).partner,
      'https://merchant.api.bancontact.net (ppid 5bb37284e35e2b29e363df22)',
    );
    assert.equal((await op('contract/create', contract)).statusCode, 409);
    const [row] = await t.gateway.db.query<{ partner_api_key_enc: string }>(
      "SELECT partner_settings ->> 'apiKey' AS partner_api_key_enc FROM contracts WHERE contract_number = 'PQLIVE'",
    );
    assert.match(row!.partner_api_key_enc, /^v1:/);
    assert.ok(!logLines.some((l) => l.includes(PARTNER_API_KEY)), 'the partner API key never reaches the log');
  });
});
