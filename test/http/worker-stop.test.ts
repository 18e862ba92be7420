import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startMerchantServer } from '../support/merchant-server.js';
import { openPartnerPayment } from '../support/open-partner-payment.js';
import { startPartnerProxy } from '../support/partner-proxy.js';
import { addOwnContract } from '../support/refund-client.js';
import { doWebPaymentEnvelope, postSoap } from '../support/soap-client.js';
import { createTestDatabase, DRIVER } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { waitUntil } from '../support/wait-until.js';

const pollEvents = async (t: TestGateway, token: string) =>
  (await t.gateway.deps.history.list(token)).filter((e) => e.source === 'poll');

describe(`worker on ${DRIVER}`, () => {
  it('a job that throws does not keep the next ones from running', async () => {
    const t = await startTestGateway();
    const merchant = await startMerchantServer();
    try {
      const created = await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope({ notificationURL: merchant.url }));
      const token = created.field('token')!;
      await t.gateway.app.inject({ url: `/v2/?token=${token}` });
      await t.gateway.app.inject({ method: 'POST', url: '/v2/simulator/pay', payload: { token } });
      await t.gateway.simulator!.idle();
      // Session expiry, the first job of a pass, fails (a database hiccup, a bug).
      t.gateway.deps.sessions.findExpired = () => Promise.reject(new Error('expiry job broken'));
      await t.gateway.worker.runOnce();
      assert.deepEqual(
        merchant.received.map((r) => r.token),
        [token],
        'the notification is delivered all the same',
      );
    } finally {
      await t.close();
      await merchant.close();
    }
  });

  it('a stop while polls wait on the partner: at once, nothing written, polled again once the lease runs out', async () => {
    const partnerHost = await startTestGateway();
    const proxy = await startPartnerProxy(() => `${partnerHost.baseUrl}/simulator/payconiq`);
    const database = await createTestDatabase();
    const dataDir = DRIVER === 'pglite' ? mkdtempSync(join(tmpdir(), 'passerelle-stop-')) : undefined;
    let restarted: TestGateway | undefined;
    try {
      const t = await startTestGateway({ database, dataDir });
      await addOwnContract(t, { contractNumber: 'PQSTOP', apiBaseUrl: proxy.url, host: partnerHost });
      const payments = [
        await openPartnerPayment(t, 'PQSTOP'),
        await openPartnerPayment(t, 'PQSTOP'),
        await openPartnerPayment(t, 'PQSTOP'),
      ];
      t.clock.advance(11_000);
      const claimedAt = t.clock.now().getTime();
      proxy.hold((method) => method === 'GET');

      const pass = t.gateway.worker.runOnce();
      await waitUntil(() => proxy.held === payments.length, 'every poll waiting on the partner');
      const started = Date.now();
      await t.close();
      await pass;
      assert.ok(Date.now() - started < 2000, `closed in ${Date.now() - started} ms`);
      await waitUntil(() => proxy.abandoned === payments.length, 'the partner calls given up');
      proxy.release();

      // The same database, another process: the payments are as they were, and still leased.
      restarted = await startTestGateway({ database, dataDir });
      for (const p of payments) {
        assert.equal((await restarted.gateway.deps.sessions.get(p.token))?.pollAttempts, 0);
        assert.deepEqual(await pollEvents(restarted, p.token), []);
      }
      restarted.clock.advance(claimedAt - restarted.clock.now().getTime() + 59_000);
      await restarted.gateway.worker.runOnce();
      assert.deepEqual(
        payments.map((p) => proxy.gets.get(p.partnerId)),
        [1, 1, 1],
        'not polled again within the lease',
      );
      restarted.clock.advance(2000);
      await restarted.gateway.worker.runOnce();
      assert.deepEqual(
        payments.map((p) => proxy.gets.get(p.partnerId)),
        [2, 2, 2],
      );
      for (const p of payments) assert.equal((await pollEvents(restarted, p.token)).length, 1);
    } finally {
      await restarted?.close();
      await partnerHost.close();
      await proxy.close();
      await database.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
