import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPartnerPayment } from '../support/open-partner-payment.js';
import { startPartnerProxy, type PartnerProxy } from '../support/partner-proxy.js';
import { addOwnContract } from '../support/refund-client.js';
import { createTestDatabase, DRIVER } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { waitUntil } from '../support/wait-until.js';

const polls = async (t: TestGateway, token: string) =>
  (await t.gateway.deps.history.list(token)).filter((e) => e.source === 'poll').length;

describe(`partner polling on ${DRIVER}`, () => {
  it('one partner call that does not answer holds neither the other polls nor the pass', async () => {
    const t = await startTestGateway();
    let proxy: PartnerProxy | undefined;
    try {
      proxy = await startPartnerProxy(() => `${t.baseUrl}/simulator/payconiq`);
      await addOwnContract(t, { contractNumber: 'PQPOLL', apiBaseUrl: proxy.url });
      const slow = await openPartnerPayment(t, 'PQPOLL');
      t.clock.advance(1000);
      const others = [await openPartnerPayment(t, 'PQPOLL'), await openPartnerPayment(t, 'PQPOLL')];
      t.clock.advance(11_000);
      const slowPath = `/v3/payments/${slow.partnerId}`;
      proxy.hold((method, path) => method === 'GET' && path === slowPath);

      const pass = t.gateway.worker.runOnce();
      // The first due payment waits on the partner (for its 10 s timeout); the later ones are polled meanwhile.
      await waitUntil(
        async () => (await Promise.all(others.map((o) => polls(t, o.token)))).every((n) => n === 1),
        'the later payments polled while the first waits',
      );
      assert.equal(proxy.held, 1);
      proxy.release();
      await pass;
      assert.equal(await polls(t, slow.token), 1);
      assert.deepEqual(
        [slow, ...others].map((p) => proxy!.gets.get(p.partnerId)),
        [1, 1, 1],
      );
    } finally {
      await t.close();
      await proxy?.close();
    }
  });
});

// PGlite is embedded in one process by design: several gateway processes exist in the PostgreSQL run only.
if (DRIVER === 'postgres')
  describe('partner polling by three gateway processes on one PostgreSQL', () => {
    it('each due payment is polled once per round, by one of them', async () => {
      const database = await createTestDatabase();
      const gateways = await Promise.all([0, 1, 2].map(() => startTestGateway({ database })));
      const [a] = gateways as [TestGateway, ...TestGateway[]];
      const proxy = await startPartnerProxy(() => `${a.baseUrl}/simulator/payconiq`);
      try {
        // A slow partner, so that the three passes of a round overlap.
        proxy.latencyMs = 150;
        await addOwnContract(a, { contractNumber: 'PQSHARED', apiBaseUrl: proxy.url, host: a });
        const latest = Math.max(...gateways.map((g) => g.clock.now().getTime()));
        for (const g of gateways) g.clock.advance(latest - g.clock.now().getTime());
        const payments = [];
        for (let i = 0; i < 6; i++) payments.push(await openPartnerPayment(a, 'PQSHARED'));

        for (let round = 1; round <= 3; round++) {
          // Past the next poll of every payment (10, 20, then 30 s) and past any lease.
          for (const g of gateways) g.clock.advance(61_000);
          await Promise.all(gateways.map((g) => g.gateway.worker.runOnce()));
          assert.deepEqual(
            payments.map((p) => proxy.gets.get(p.partnerId)),
            payments.map(() => round),
            `round ${round}: one GET per payment`,
          );
        }
        for (const p of payments) assert.equal((await a.gateway.deps.sessions.get(p.token))?.pollAttempts, 3);
      } finally {
        await Promise.all(gateways.map((g) => g.close()));
        await proxy.close();
        await database.drop();
      }
    });
  });
