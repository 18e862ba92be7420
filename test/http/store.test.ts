import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { settlePayment } from '../../src/payments/steps/settle-payment.js';
import { isTransactionIdTaken } from '../../src/payments/steps/retry-taken-transaction-id.js';
import { changeToResult } from '../../src/payments/steps/session-change.js';
import { migrate } from '../../src/store/migrations.js';
import { doWebPaymentEnvelope, postSoap } from '../support/soap-client.js';
import { createTestDatabase, DRIVER } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

describe(`store on ${DRIVER}`, () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  const newSession = async (notificationURL = 'http://127.0.0.1:9/n') =>
    (await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope({ notificationURL }))).field('token')!;
  const count = async (sql: string, params: unknown[]) => (await t.gateway.db.query<{ n: number }>(sql, params))[0]!.n;

  it('migrations are idempotent', async () => {
    assert.deepEqual(await migrate(t.gateway.db), []);
  });

  it('concurrent pay and abort on one session: one final result, one transaction, one notification', async () => {
    const token = await newSession();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        settlePayment(t.gateway.deps, token, { status: i % 2 ? 'CANCELLED' : 'SUCCEEDED' }),
      ),
    );
    const final = outcomes.map((s) => s?.resultCode);
    assert.equal(new Set(final).size, 1, `every caller sees the same final result, got ${final.join(',')}`);
    assert.equal(await count('SELECT count(*)::int AS n FROM transactions WHERE token = $1', [token]), 1);
    assert.equal(await count('SELECT count(*)::int AS n FROM notifications WHERE token = $1', [token]), 1);
  });

  it("the partner's CANCELLED for a payment the gateway cancelled at the payment delay is an expiry (02324)", async () => {
    const token = await newSession();
    await t.gateway.deps.sessions.update(token, (s) => ({ session: { ...s, partnerCancelReason: 'expiry' } }));
    const settled = await settlePayment(t.gateway.deps, token, { status: 'CANCELLED', rawStatus: 'CANCELLED' });
    assert.equal(settled?.resultCode, '02324');
    const buyerCancelled = await newSession();
    assert.equal((await settlePayment(t.gateway.deps, buyerCancelled, { status: 'CANCELLED' }))?.resultCode, '02008');
  });

  it('a write that fails half-way writes nothing', async () => {
    const token = await newSession();
    const now = t.clock.now();
    await assert.rejects(
      t.gateway.deps.sessions.update(token, (s) => {
        const change = changeToResult(t.gateway.deps, s, '00000', now)!;
        // The transaction row is valid; the session update then breaks the amount > 0 constraint.
        return { ...change, session: { ...change.session, amount: -5 } };
      }),
    );
    const session = await t.gateway.deps.sessions.get(token);
    assert.equal(session?.resultCode, '02533');
    assert.equal(await count('SELECT count(*)::int AS n FROM transactions WHERE token = $1', [token]), 0);
    assert.equal(await count('SELECT count(*)::int AS n FROM notifications WHERE token = $1', [token]), 0);
  });

  it('a colliding transaction id is recognised (and retried by the use case)', async () => {
    const first = await newSession();
    const settled = await settlePayment(t.gateway.deps, first, { status: 'SUCCEEDED' });
    const second = await newSession();
    const now = t.clock.now();
    const err = await t.gateway.deps.sessions
      .update(second, (s) => {
        const change = changeToResult(t.gateway.deps, s, '00000', now)!;
        return {
          ...change,
          transaction: { ...change.transaction!, id: settled!.transactionId! },
          session: { ...change.session, transactionId: settled!.transactionId },
        };
      })
      .catch((e: unknown) => e);
    assert.ok(isTransactionIdTaken(err), `collision detected: ${String(err)}`);
    assert.equal((await t.gateway.deps.sessions.get(second))?.resultCode, '02533');
  });

  it('a merchant is stored with what it starts with, or not at all', async () => {
    const { merchants, ids } = t.gateway.deps;
    const merchant = {
      id: ids.merchantId(),
      companyName: 'Half SA',
      tradeName: 'Half',
      demo: false,
      createdAt: t.clock.now(),
    };
    const pointOfSale = { id: ids.pointOfSaleId(), merchantId: merchant.id, label: 'Shop', paymentDelayMinutes: 61 };
    const contract = {
      merchantId: merchant.id,
      contractNumber: 'HALF',
      cardCode: 'PAYCONIQ_MNXT',
      currency: 978,
      pointOfSaleId: pointOfSale.id,
      active: true,
      label: 'HALF',
      partnerContractId: 'X',
    };
    const info = { id: ids.accessKeyId(), merchantId: merchant.id, label: 'k', createdAt: t.clock.now() };
    // The contract's point of sale is not part of the setup: the last write fails, nothing stays.
    await assert.rejects(
      merchants.createMerchant(merchant, {
        pointsOfSale: [pointOfSale],
        contracts: [{ ...contract, pointOfSaleId: 'missing' }],
        accessKeys: [{ info, keyHash: 'h' }],
      }),
    );
    assert.equal(await merchants.getMerchant(merchant.id), undefined);
    assert.equal(await count('SELECT count(*)::int AS n FROM points_of_sale WHERE merchant_id = $1', [merchant.id]), 0);

    await merchants.createMerchant(merchant, {
      pointsOfSale: [pointOfSale],
      contracts: [contract],
      accessKeys: [{ info, keyHash: 'h' }],
    });
    assert.equal((await merchants.findContract(merchant.id, 'HALF'))?.pointOfSale.label, 'Shop');
    assert.deepEqual(await merchants.activeKeyHashes(merchant.id), ['h']);
  });

  it('notifications are claimed by one worker at a time', async () => {
    for (let i = 0; i < 6; i++) await settlePayment(t.gateway.deps, await newSession(), { status: 'SUCCEEDED' });
    const now = t.clock.now();
    const claims = await Promise.all([1, 2, 3].map(() => t.gateway.deps.outbox.claimDue(now, 50, 30_000)));
    const ids = claims.flat().map((n) => n.id);
    assert.ok(ids.length >= 6);
    assert.equal(new Set(ids).size, ids.length, 'no notification handed to two workers');
    assert.deepEqual(
      await t.gateway.deps.outbox.claimDue(now, 50, 30_000),
      [],
      'leased rows are not due again before the lease ends',
    );
  });
});

// PGlite is embedded in one process by design: this suite exists in the PostgreSQL run only.
if (DRIVER === 'postgres')
  describe('two gateway processes on one PostgreSQL database', () => {
    it('migrate concurrently and settle one session consistently', async () => {
      const database = await createTestDatabase();
      const [a, b] = await Promise.all([startTestGateway({ database }), startTestGateway({ database })]);
      try {
        const token = (
          await postSoap(a, 'WebPaymentAPI', doWebPaymentEnvelope({ notificationURL: 'http://127.0.0.1:9/n' }))
        ).field('token')!;
        const results = await Promise.all([
          settlePayment(a.gateway.deps, token, { status: 'SUCCEEDED' }),
          settlePayment(b.gateway.deps, token, { status: 'CANCELLED' }),
        ]);
        assert.equal(results[0]?.resultCode, results[1]?.resultCode);
        const rows = await a.gateway.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM transactions WHERE token = $1',
          [token],
        );
        assert.equal(rows[0]!.n, 1);
      } finally {
        await Promise.all([a.close(), b.close()]);
        await database.drop();
      }
    });
  });
