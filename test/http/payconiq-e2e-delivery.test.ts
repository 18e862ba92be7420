/**
 * Callback, buyer return and worker poll in any order, twice or not at all: always the same final
 * result, one transaction, one merchant notification (payconiq-api.md §4.1 "Order is not
 * guaranteed", DESIGN.md §3 "Final states never change"). And a status the gateway does not know
 * keeps the state, is recorded and is polled again.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addNoCallbackContract,
  craftCallback,
  createPayment,
  events,
  expectFinal,
  expectOpen,
  getSession,
  openAndGetPartnerId,
  openPage,
  payerDoes,
  postCallback,
  pressButton,
  settle,
  snapshot,
  usePayconiqE2e,
  type E2e,
} from '../support/payconiq-e2e.js';

const tail = async (e: E2e, token: string, n: number) =>
  (await events(e, token)).slice(-n).map((ev) => [ev.source, ev.partnerStatus ?? null, ev.resultCode]);

describe('Payconiq end to end: delivery', () => {
  const e = usePayconiqE2e();

  describe('callback, return and poll in any order', () => {
    it('callback only: settled by the callbacks; the return, a second button press and a later poll change nothing', async () => {
      const token = await createPayment(e);
      const id = await openAndGetPartnerId(e, token);
      await payerDoes(e, id, 'pay');
      assert.deepEqual(await tail(e, token, 2), [
        ['callback', 'AUTHORIZED', '02000'],
        ['callback', 'SUCCEEDED', '00000'],
      ]);
      await settle(e);
      const settled = await snapshot(e, token);
      assert.equal(settled.received, 1);

      assert.match((await openPage(e, token)).html, /data-result-code="00000"/, 'the buyer returns to the outcome');
      for (let i = 0; i < 2; i++) {
        const again = await pressButton(e, '/v2/simulator/pay', token);
        assert.equal(again.location, `https://shop.example/return?paylinetoken=${token}`);
      }
      e.t.clock.advance(10_000);
      await settle(e);
      assert.deepEqual(await snapshot(e, token), settled);
      await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED', partnerCode: 'SUCCEEDED' });
    });

    it('return first, callbacks later: the return settles it; the late callbacks are accepted and change nothing', async () => {
      const nocb = await addNoCallbackContract(e);
      const token = await createPayment(e, { contractNumber: nocb.contractNumber, firstName: 'Marie' });
      const id = await openAndGetPartnerId(e, token);
      const res = await pressButton(e, '/v2/simulator/pay', token); // the payer pays, the buyer comes back
      assert.equal(res.location, `https://shop.example/return?paylinetoken=${token}`);
      await e.sim.idle();
      assert.deepEqual(
        (await e.sim.callbacks(id)).map((d) => [d.status, d.state, d.lastResult]),
        [
          ['AUTHORIZED', 'waiting', 'HTTP 503'],
          ['SUCCEEDED', 'waiting', 'HTTP 503'],
        ],
        'the JWKS is down: the gateway answers 503 so that the partner retries',
      );
      assert.deepEqual(await tail(e, token, 1), [['simulator', 'SUCCEEDED', '00000']]);
      await settle(e);
      const settled = await snapshot(e, token);
      assert.equal(settled.received, 1);

      e.edge.jwksDown.delete(nocb.jwks);
      e.t.clock.advance(31_000); // past the gateway's JWKS re-fetch back-off and the partner's retry delay
      await e.sim.tick();
      assert.deepEqual(
        (await e.sim.callbacks(id)).map((d) => [d.status, d.state, d.lastResult]),
        [
          ['AUTHORIZED', 'delivered', 'HTTP 200'],
          ['SUCCEEDED', 'delivered', 'HTTP 200'],
        ],
      );
      await settle(e);
      assert.deepEqual(
        await snapshot(e, token),
        settled,
        'no event, no transaction, no notification from the late callbacks',
      );
      const details = await expectFinal(e, token, {
        code: '00000',
        shortMessage: 'ACCEPTED',
        partnerCode: 'SUCCEEDED',
      });
      assert.equal(details.field('firstName'), 'John');
      assert.equal(details.field('bankCode'), 'GKCCBEBB');
    });

    it('poll only: no callback ever gets through; the worker polls and settles it with the payer data', async () => {
      const nocb = await addNoCallbackContract(e);
      const token = await createPayment(e, { contractNumber: nocb.contractNumber, firstName: 'Marie' });
      const id = await openAndGetPartnerId(e, token);
      await payerDoes(e, id, 'pay');
      assert.ok((await e.sim.callbacks(id)).every((d) => d.state === 'waiting'));
      assert.equal((await getSession(e, token)).resultCode, '02306');
      e.t.clock.advance(9_000);
      await settle(e);
      assert.equal((await getSession(e, token)).resultCode, '02306', 'first poll 10 s after creation');
      e.t.clock.advance(1_000);
      await settle(e);
      assert.deepEqual(await tail(e, token, 1), [['poll', 'SUCCEEDED', '00000']]);
      const details = await expectFinal(e, token, {
        code: '00000',
        shortMessage: 'ACCEPTED',
        partnerCode: 'SUCCEEDED',
      });
      assert.equal(details.field('firstName'), 'John');
      assert.equal(details.field('accountNumber'), '*************20992');
      assert.equal(details.field('bankCode'), 'GKCCBEBB');
      assert.equal(JSON.parse(details.field('partnerAdditionalData')!).transactionFlow, 'ecommerce');
    });

    it("the buyer's return to the page asks the partner at once when no callback came", async () => {
      const nocb = await addNoCallbackContract(e);
      const token = await createPayment(e, { contractNumber: nocb.contractNumber });
      const id = await openAndGetPartnerId(e, token);
      await payerDoes(e, id, 'pay');
      assert.equal((await getSession(e, token)).resultCode, '02306', 'no callback, no poll yet');
      const page = await e.t.gateway.app.inject({ url: `/v2/?token=${token}` });
      assert.match(page.body, /data-result-code="00000"/);
      assert.deepEqual(await tail(e, token, 1), [['buyer', 'SUCCEEDED', '00000']]);
      e.edge.jwksDown.delete(nocb.jwks);
    });

    it('poll first, callbacks later: same result, nothing doubled', async () => {
      const nocb = await addNoCallbackContract(e);
      const token = await createPayment(e, { contractNumber: nocb.contractNumber });
      const id = await openAndGetPartnerId(e, token);
      await payerDoes(e, id, 'decline');
      e.t.clock.advance(10_000);
      await settle(e);
      const settled = await snapshot(e, token);
      assert.equal(settled.resultCode, '02020');
      e.edge.jwksDown.delete(nocb.jwks);
      e.t.clock.advance(31_000);
      await e.sim.tick();
      assert.ok((await e.sim.callbacks(id)).every((d) => d.state === 'delivered'));
      await settle(e);
      assert.deepEqual(await snapshot(e, token), settled);
      await expectFinal(e, token, { code: '02020', shortMessage: 'REFUSED', partnerCode: 'AUTHORIZATION_FAILED' });
    });

    it('callbacks twice (duplicateCallbacks): one transaction, one notification; a third copy by hand is a replay', async () => {
      await e.sim.setQuirks({ duplicateCallbacks: true });
      const token = await createPayment(e);
      const id = await openAndGetPartnerId(e, token);
      await payerDoes(e, id, 'pay');
      const sent = await e.sim.callbacks(id);
      assert.deepEqual(
        sent.map((d) => [d.status, d.state]),
        [
          ['AUTHORIZED', 'delivered'],
          ['AUTHORIZED', 'delivered'],
          ['SUCCEEDED', 'delivered'],
          ['SUCCEEDED', 'delivered'],
        ],
      );
      assert.equal(sent[2]!.headers.signature, sent[3]!.headers.signature, 'byte-identical copies (same jti)');
      assert.deepEqual(
        await tail(e, token, 2),
        [
          ['callback', 'AUTHORIZED', '02000'],
          ['callback', 'SUCCEEDED', '00000'],
        ],
        'each status applied once',
      );
      await settle(e);
      const settled = await snapshot(e, token);
      const replay = await postCallback(e, sent[3]!.body, sent[3]!.headers.signature);
      assert.deepEqual([replay.status, replay.json.detail], [200, 'replayed']);
      await settle(e);
      assert.deepEqual(await snapshot(e, token), settled);
      await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED' });
    });

    it('out of order (outOfOrderCallbacks): AUTHORIZED arriving after SUCCEEDED keeps 00000', async () => {
      await e.sim.setQuirks({ outOfOrderCallbacks: true });
      const token = await createPayment(e);
      const id = await openAndGetPartnerId(e, token);
      await payerDoes(e, id, 'pay');
      assert.deepEqual(
        (await e.sim.callbacks(id)).map((d) => [d.status, d.state]),
        [
          ['SUCCEEDED', 'delivered'],
          ['AUTHORIZED', 'delivered'],
        ],
      );
      assert.deepEqual(
        await tail(e, token, 2),
        [
          ['callback', 'SUCCEEDED', '00000'],
          ['callback', 'AUTHORIZED', '00000'],
        ],
        'the late AUTHORIZED changes nothing; it is kept in the history, marked ignored',
      );
      const session = await getSession(e, token);
      assert.equal(session.partnerStatus, 'SUCCEEDED');
      await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED', partnerCode: 'SUCCEEDED' });
    });

    it('out of order and twice together', async () => {
      await e.sim.setQuirks({ outOfOrderCallbacks: true, duplicateCallbacks: true });
      const token = await createPayment(e);
      const id = await openAndGetPartnerId(e, token);
      await payerDoes(e, id, 'pay');
      assert.deepEqual(
        (await e.sim.callbacks(id)).map((d) => d.status),
        ['SUCCEEDED', 'SUCCEEDED', 'AUTHORIZED', 'AUTHORIZED'],
      );
      assert.ok((await e.sim.callbacks(id)).every((d) => d.state === 'delivered'));
      await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED', partnerCode: 'SUCCEEDED' });
    });

    it('a later contradictory signed callback (CANCELLED after SUCCEEDED) is acknowledged and changes nothing', async () => {
      const token = await createPayment(e, { contractNumber: e.trusted.contractNumber });
      const id = await openAndGetPartnerId(e, token);
      await payerDoes(e, id, 'pay');
      await settle(e);
      const settled = await snapshot(e, token);
      assert.equal(settled.resultCode, '00000');
      const late = craftCallback(e, await getSession(e, token), { status: 'CANCELLED', ppid: e.trusted.ppid });
      assert.equal((await postCallback(e, late.body, late.signature)).status, 200);
      await settle(e);
      assert.deepEqual(await snapshot(e, token), settled);
      const ignored = (await events(e, token)).filter((ev) => ev.detail?.ignored);
      assert.deepEqual(
        ignored.map((ev) => [ev.partnerStatus, ev.resultCode]),
        [['CANCELLED', '00000']],
        'the contradiction is kept in the history',
      );
    });

    it('the same genuine callback five times at once: all acknowledged, applied once', async () => {
      const nocb = await addNoCallbackContract(e);
      const token = await createPayment(e, { contractNumber: nocb.contractNumber });
      const id = await openAndGetPartnerId(e, token);
      await payerDoes(e, id, 'pay');
      const genuine = (await e.sim.callbacks(id)).find((d) => d.status === 'SUCCEEDED')!;
      assert.equal(genuine.state, 'waiting');
      e.edge.jwksDown.delete(nocb.jwks);
      e.t.clock.advance(31_000);
      const answers = await Promise.all(
        [1, 2, 3, 4, 5].map(() => postCallback(e, genuine.body, genuine.headers.signature)),
      );
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200, 200, 200, 200],
      );
      assert.ok(answers.some((a) => a.json.detail === 'applied'));
      assert.equal(
        (await events(e, token)).filter((ev) => ev.partnerStatus === 'SUCCEEDED').length,
        1,
        'one history entry',
      );
      await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED', partnerCode: 'SUCCEEDED' });
    });

    it("the buyer's cancel after the payer already paid (callback not arrived yet): the payment wins, back to returnURL", async () => {
      const nocb = await addNoCallbackContract(e);
      const token = await createPayment(e, { contractNumber: nocb.contractNumber });
      const id = await openAndGetPartnerId(e, token);
      await payerDoes(e, id, 'pay');
      const res = await pressButton(e, '/v2/cancel', token); // DELETE → 422 PAYMENT_NOT_PENDING → GET
      assert.equal(res.location, `https://shop.example/return?paylinetoken=${token}`);
      assert.deepEqual(await tail(e, token, 1), [['buyer', 'SUCCEEDED', '00000']]);
      await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED', partnerCode: 'SUCCEEDED' });
    });

    it('the payment delay elapses after the payer paid but before any callback or poll: the payment wins', async () => {
      const nocb = await addNoCallbackContract(e);
      const token = await createPayment(e, { contractNumber: nocb.contractNumber });
      const id = await openAndGetPartnerId(e, token);
      await payerDoes(e, id, 'pay');
      e.t.clock.advanceMinutes(62);
      const details = await expectFinal(e, token, {
        code: '00000',
        shortMessage: 'ACCEPTED',
        partnerCode: 'SUCCEEDED',
      });
      assert.equal(details.field('bankCode'), 'GKCCBEBB');
      assert.deepEqual(await tail(e, token, 1), [['partner-cancel', 'SUCCEEDED', '00000']]);
    });

    it('buyer return and callbacks racing, on several payments at once: one transaction and one notification each', async () => {
      const tokens = await Promise.all([1, 2, 3, 4].map(() => createPayment(e)));
      await Promise.all(tokens.map((token) => openAndGetPartnerId(e, token)));
      const presses = await Promise.all(tokens.map((token) => pressButton(e, '/v2/simulator/pay', token)));
      presses.forEach((p, i) => assert.equal(p.location, `https://shop.example/return?paylinetoken=${tokens[i]}`));
      // A second return while callbacks may still be in flight.
      await Promise.all(tokens.map((token) => openPage(e, token)));
      for (const token of tokens)
        await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED', partnerCode: 'SUCCEEDED' });
    });
  });

  describe('a partner status the gateway does not know (not final)', () => {
    it('in a callback: state kept, recorded in the history, polled again, then settled normally', async () => {
      const token = await createPayment(e, { contractNumber: e.trusted.contractNumber });
      const id = await openAndGetPartnerId(e, token);
      const before = await getSession(e, token);
      const odd = craftCallback(e, before, { status: 'PENDING_REVIEW', ppid: e.trusted.ppid });
      const res = await postCallback(e, odd.body, odd.signature);
      assert.deepEqual(
        [res.status, res.json.detail],
        [200, 'applied'],
        'acknowledged, so the partner does not retry it forever',
      );
      let session = await getSession(e, token);
      assert.equal(session.resultCode, '02306');
      assert.equal(session.partnerStatus, 'PENDING_REVIEW');
      assert.equal(session.finalAt, undefined);
      assert.deepEqual(session.nextPollAt, before.nextPollAt, 'the poll schedule goes on');
      assert.deepEqual(await tail(e, token, 1), [['callback', 'PENDING_REVIEW', '02306']]);
      await expectOpen(e, token, { code: '02306', shortMessage: 'INPROGRESS' });

      e.t.clock.advance(10_000);
      await settle(e);
      assert.deepEqual(await tail(e, token, 1), [['poll', 'PENDING', '02306']], 'polled again');

      // Same once the payer has scanned: 02000 is kept.
      await payerDoes(e, id, 'scan');
      e.t.clock.advance(20_000);
      await settle(e);
      assert.equal((await getSession(e, token)).resultCode, '02000');
      const odd2 = craftCallback(e, await getSession(e, token), { status: 'SOMETHING_NEW', ppid: e.trusted.ppid });
      assert.equal((await postCallback(e, odd2.body, odd2.signature)).status, 200);
      session = await getSession(e, token);
      assert.deepEqual([session.resultCode, session.partnerStatus], ['02000', 'SOMETHING_NEW']);
      assert.deepEqual(await tail(e, token, 1), [['callback', 'SOMETHING_NEW', '02000']]);

      await payerDoes(e, id, 'pay');
      await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED', partnerCode: 'SUCCEEDED' });
    });

    it('in a poll: state kept, recorded, polled again on the back-off schedule, then settled', async () => {
      const nocb = await addNoCallbackContract(e);
      const token = await createPayment(e, { contractNumber: nocb.contractNumber });
      const id = await openAndGetPartnerId(e, token);
      await payerDoes(e, id, 'scan');
      e.edge.statusOverride.set(id, 'ON_HOLD');
      e.t.clock.advance(10_000);
      await settle(e);
      let session = await getSession(e, token);
      assert.deepEqual([session.resultCode, session.partnerStatus, session.pollAttempts], ['02306', 'ON_HOLD', 1]);
      assert.equal(session.nextPollAt?.getTime(), e.t.clock.now().getTime() + 20_000, 'next poll 20 s later');
      assert.deepEqual(await tail(e, token, 1), [['poll', 'ON_HOLD', '02306']]);

      e.t.clock.advance(19_000);
      await settle(e);
      assert.equal((await events(e, token)).filter((ev) => ev.source === 'poll').length, 1, 'not before it is due');
      e.t.clock.advance(1_000);
      await settle(e);
      assert.equal(
        (await events(e, token)).filter((ev) => ev.source === 'poll' && ev.partnerStatus === 'ON_HOLD').length,
        2,
        'polled again',
      );
      session = await getSession(e, token);
      assert.deepEqual([session.resultCode, session.pollAttempts], ['02306', 2]);
      await expectOpen(e, token, { code: '02306', shortMessage: 'INPROGRESS' });

      e.edge.statusOverride.delete(id);
      await payerDoes(e, id, 'pay');
      e.t.clock.advance(30_000);
      await settle(e);
      assert.deepEqual(await tail(e, token, 1), [['poll', 'SUCCEEDED', '00000']]);
      await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED', partnerCode: 'SUCCEEDED' });
    });
  });
});
