import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { transactionIds } from '../../src/domain/ids.js';
import { changeToResult } from '../../src/payments/steps/session-change.js';
import { settlePayment } from '../../src/payments/steps/settle-payment.js';
import { doWebPaymentEnvelope, postSoap } from '../support/soap-client.js';
import { DRIVER } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

describe(`14-digit transaction ids on ${DRIVER}`, () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  const newSession = async () => (await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope())).field('token')!;
  const count = async (sql: string, params: unknown[]) => (await t.gateway.db.query<{ n: number }>(sql, params))[0]!.n;

  /** A transaction stored under `id` (as another process sharing the database would). */
  const occupy = async (id: string) => {
    const token = await newSession();
    const now = t.clock.now();
    // A session that already has its transaction id keeps it: nothing is drawn from the sequence.
    await t.gateway.deps.sessions.update(token, (s) =>
      changeToResult(t.gateway.deps, { ...s, transactionId: id }, '00000', now),
    );
  };

  it('600 payments settled within one second each get their own 14-digit id (random 3-digit tails collided)', async () => {
    t.clock.advance(1_000);
    const tokens: string[] = [];
    for (let i = 0; i < 600; i += 50)
      tokens.push(...(await Promise.all(Array.from({ length: 50 }, () => newSession()))));
    const settled = await Promise.all(
      tokens.map((token) => settlePayment(t.gateway.deps, token, { status: 'SUCCEEDED' })),
    );
    const ids = settled.map((s) => s!.transactionId!);
    assert.ok(settled.every((s) => s?.resultCode === '00000'));
    assert.equal(new Set(ids).size, 600);
    assert.equal(new Set(ids.map((id) => id.slice(0, 11))).size, 1, 'all in the same second');
    assert.ok(ids.every((id) => /^1\d{13}$/.test(id)));
  });

  it('ids another process took first: the sequence jumps elsewhere instead of walking into them', async () => {
    t.clock.advance(1_000);
    const probe = transactionIds.draw(t.clock.now());
    const prefix = probe.slice(0, 11);
    const tail = Number(probe.slice(11));
    // The next 30 tails of this process's sequence are already stored: without the jump, the
    // 10 attempts would all collide.
    const taken = Array.from({ length: 30 }, (_, i) => `${prefix}${String((tail + 1 + i) % 1000).padStart(3, '0')}`);
    for (const id of taken) await occupy(id);
    const settled = await settlePayment(t.gateway.deps, await newSession(), { status: 'SUCCEEDED' });
    assert.equal(settled?.resultCode, '00000');
    assert.ok(!taken.includes(settled!.transactionId!) && settled!.transactionId!.startsWith(prefix));
    assert.equal(await count('SELECT count(*)::int AS n FROM transactions WHERE id = ANY($1)', [taken]), 30);
  });
});
