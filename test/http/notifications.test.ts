import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { createPointOfSale, createContract } from '../../src/merchants/configure-contract.js';
import { startMerchantServer } from '../support/merchant-server.js';
import { doWebPaymentEnvelope, getWebPaymentDetailsEnvelope, postSoap } from '../support/soap-client.js';
import { createTestDatabase, TEST_DATABASE_URL } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

type Merchant = Awaited<ReturnType<typeof startMerchantServer>>;

async function pay(
  t: TestGateway,
  notificationURL: string | null,
  button: 'pay' | 'abort' = 'pay',
  contractNumber = 'PAYCONIQFP',
): Promise<string> {
  const created = await postSoap(
    t,
    'WebPaymentAPI',
    doWebPaymentEnvelope({ notificationURL: notificationURL ?? '', contractNumber }),
  );
  const token = created.field('token')!;
  await t.gateway.app.inject({ url: `/v2/?token=${token}` });
  await t.gateway.app.inject({ method: 'POST', url: `/v2/simulator/${button}`, payload: { token } });
  return token;
}

const statusOf = async (t: TestGateway, token: string) => (await t.gateway.deps.outbox.list({ token }))[0];

describe('merchant notifications (WEBTRS)', () => {
  let t: TestGateway;
  let merchant: Merchant;
  beforeEach(async () => {
    t = await startTestGateway();
    merchant = await startMerchantServer();
  });
  afterEach(async () => {
    await t.close();
    await merchant.close();
  });

  it('a final result sends GET notificationURL?notificationType=WEBTRS&token=… once', async () => {
    const token = await pay(t, merchant.url);
    await t.gateway.worker.runOnce();
    await t.gateway.worker.runOnce();
    assert.deepEqual(
      merchant.received.map((r) => [r.notificationType, r.token]),
      [['WEBTRS', token]],
    );
    assert.equal((await statusOf(t, token))?.status, 'delivered');
  });

  it('retried every minute until HTTP 200', async () => {
    merchant.answers.push(500, 404, 302);
    const token = await pay(t, merchant.url, 'abort');
    for (let minute = 0; minute < 5; minute++) {
      await t.gateway.worker.runOnce();
      await t.gateway.worker.runOnce(); // not due yet: nothing sent twice within the minute
      t.clock.advanceMinutes(1);
    }
    assert.equal(merchant.received.length, 4, 'three failures then one success');
    const record = await statusOf(t, token);
    assert.equal(record?.status, 'delivered');
    assert.equal(record?.attempts, 4);
  });

  it('an unreachable endpoint is abandoned after two hours', async () => {
    const token = await pay(t, 'http://127.0.0.1:9/unreachable');
    for (let minute = 0; minute <= 125; minute++) {
      await t.gateway.worker.runOnce();
      t.clock.advanceMinutes(1);
    }
    const record = await statusOf(t, token);
    assert.equal(record?.status, 'abandoned');
    assert.ok(
      record!.attempts >= 119 && record!.attempts <= 122,
      `about one attempt a minute for two hours, got ${record!.attempts}`,
    );
    assert.ok(record?.lastError);
  });

  it('not sent once the merchant has fetched the final result', async () => {
    merchant.answers.push(500);
    const token = await pay(t, merchant.url);
    await t.gateway.worker.runOnce();
    assert.equal(merchant.received.length, 1);
    assert.equal((await postSoap(t, 'WebPaymentAPI', getWebPaymentDetailsEnvelope(token))).field('code'), '00000');
    t.clock.advanceMinutes(1);
    await t.gateway.worker.runOnce();
    assert.equal(merchant.received.length, 1, 'no retry after the merchant read the result');
    assert.equal((await statusOf(t, token))?.status, 'skipped');
  });

  it("falls back to the point of sale's notification URL; none at all means no notification", async () => {
    const pos = await createPointOfSale(t.gateway.deps, {
      merchantId: t.merchantId,
      label: 'WithUrl',
      notificationUrl: merchant.url,
    });
    await createContract(t.gateway.deps, {
      cardCode: 'PAYCONIQ_MNXT',
      merchantId: t.merchantId,
      contractNumber: 'POSNOTIFY',
      pointOfSaleId: pos.id,
      partnerContractId: 'X',
    });
    const token = await pay(t, null, 'pay', 'POSNOTIFY');
    const silent = await pay(t, null);
    await t.gateway.worker.runOnce();
    assert.deepEqual(
      merchant.received.map((r) => r.token),
      [token],
    );
    assert.equal(await statusOf(t, silent), undefined);
  });

  it('expiry is a final result too: the worker expires the session and notifies', async () => {
    const created = await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope({ notificationURL: merchant.url }));
    const token = created.field('token')!;
    t.clock.advanceMinutes(62);
    await t.gateway.worker.runOnce();
    assert.deepEqual(
      merchant.received.map((r) => r.token),
      [token],
    );
    assert.equal((await t.gateway.deps.sessions.get(token))?.resultCode, '02534');
  });
});

describe('notification durability', () => {
  let merchant: Merchant;
  let dataDir: string;
  before(async () => {
    merchant = await startMerchantServer();
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-restart-'));
  });
  after(async () => {
    await merchant.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a pending notification written with the result survives a restart', async () => {
    const database = await createTestDatabase();
    const first = await startTestGateway({ database, dataDir: TEST_DATABASE_URL ? undefined : dataDir });
    const token = await pay(first, merchant.url);
    await first.close(); // stopped before the worker ever ran
    assert.equal(merchant.received.length, 0);

    const second = await startTestGateway({ database, dataDir: TEST_DATABASE_URL ? undefined : dataDir });
    try {
      await second.gateway.worker.runOnce();
      assert.deepEqual(
        merchant.received.map((r) => r.token),
        [token],
      );
    } finally {
      await second.close();
      await database.drop();
    }
  });
});
