/**
 * Every row of DESIGN.md §3 through the whole gateway over real HTTP: doWebPayment (SOAP) → the
 * hosted page → the partner payment at the embedded simulator → the payer's action → the signed
 * callback (or the worker's poll, or the gateway's DELETE) → the WEBTRS notification received by
 * a merchant endpoint → getWebPaymentDetails and the transaction.
 *
 * Delivery orders, forged callbacks and partner quirks: test/http/payconiq-e2e-*.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPayconiqConnector } from '../../src/connectors/payconiq/payconiq-connector.js';
import {
  craftCallback,
  createPayment,
  events,
  expectFinal,
  expectOpen,
  getSession,
  openAndGetPartnerId,
  openPage,
  partnerPayment,
  payerDoes,
  postCallback,
  pressButton,
  rest,
  restDetails,
  settle,
  snapshot,
  soap,
  soapDetails,
  usePayconiqE2e,
} from '../support/payconiq-e2e.js';
import { doWebPaymentEnvelope, getWebPaymentDetailsEnvelope } from '../support/soap-client.js';
import { validSessionBody } from '../support/rest-client.js';
import type { PayconiqContract } from '../../src/connectors/payconiq/contract-settings.js';
import { waitUntil } from '../support/wait-until.js';

describe('Payconiq end to end: every DESIGN.md §3 result', () => {
  const e = usePayconiqE2e();

  it('02533 INPROGRESS: token created, buyer never arrived (no partner payment yet)', async () => {
    const token = await createPayment(e);
    await expectOpen(e, token, { code: '02533', shortMessage: 'INPROGRESS' });
    const rest = await restDetails(e, token);
    assert.equal(rest.json.result.code, '02533');
    assert.equal(rest.json.result.title, 'INPROGRESS');
    assert.equal((await getSession(e, token)).partnerPaymentId, undefined, 'the partner payment waits for the buyer');
    assert.equal((await e.sim.callbacks()).length, 0);
  });

  it('02306 INPROGRESS: buyer on the page, partner payment PENDING', async () => {
    const token = await createPayment(e);
    const page = await openPage(e, token);
    assert.equal(page.status, 200);
    assert.match(page.html, /data-testid="qr"/, 'the QR code of the partner payment');
    assert.match(page.html, /data-result-code="02306"/);
    const session = await getSession(e, token);
    assert.match(session.partnerPaymentId!, /^[0-9a-f]{24}$/);
    assert.equal(session.partnerStatus, 'PENDING');
    assert.equal(session.partnerCallbackUrl, e.callbackUrl);
    assert.match(session.partnerPaymentLink!, new RegExp(`/simulator/payconiq/pay/2/${session.partnerPaymentId}$`));
    const atPartner = await partnerPayment(e, token);
    assert.equal(atPartner.status, 'PENDING');
    assert.equal(atPartner.amount, 1000);
    assert.equal(atPartner.reference, 'ORDER-1');
    // Payconiq's 20 minutes come before the point of sale's 61: the page counts down to them.
    assert.equal(session.partnerExpiresAt?.toISOString(), atPartner.expireAt);
    assert.equal(atPartner.expireAt, new Date(session.createdAt.getTime() + 20 * 60_000).toISOString());
    assert.match(page.html, new RegExp(`data-expires-at="${atPartner.expireAt}"`));
    const status = (await (await fetch(`${e.t.baseUrl}/v2/status?token=${token}`)).json()) as { expiresAt: string };
    assert.equal(status.expiresAt, atPartner.expireAt);
    assert.deepEqual(
      (await events(e, token)).map((ev) => [ev.source, ev.partnerStatus ?? null, ev.resultCode]),
      [
        ['page', null, '02306'],
        ['partner-create', 'PENDING', '02306'],
      ],
    );
    // Opening the page again reuses the payment.
    await openPage(e, token);
    assert.equal((await getSession(e, token)).partnerPaymentId, session.partnerPaymentId);
    await expectOpen(e, token, { code: '02306', shortMessage: 'INPROGRESS' });
  });

  it('02000 ONHOLD_PARTNER: payer scanned (IDENTIFIED), learned by the poll (no identify callback URL is given)', async () => {
    const token = await createPayment(e);
    const id = await openAndGetPartnerId(e, token);
    await payerDoes(e, id, 'scan');
    assert.deepEqual(
      await e.sim.callbacks(id),
      [],
      'IDENTIFIED goes to identifyCallbackUrl only, which the gateway does not set',
    );
    e.t.clock.advance(10_000);
    await settle(e);
    await expectOpen(e, token, { code: '02000', shortMessage: 'ONHOLD_PARTNER', partnerCode: 'IDENTIFIED' });
    const last = (await events(e, token)).at(-1)!;
    assert.deepEqual([last.source, last.partnerStatus, last.resultCode], ['poll', 'IDENTIFIED', '02000']);
  });

  it('02000 ONHOLD_PARTNER: AUTHORIZED (a callback the simulator only sends on the way to SUCCEEDED), then 00000', async () => {
    const token = await createPayment(e, { contractNumber: e.trusted.contractNumber });
    const id = await openAndGetPartnerId(e, token);
    const cb = craftCallback(e, await getSession(e, token), { status: 'AUTHORIZED', ppid: e.trusted.ppid });
    assert.equal((await postCallback(e, cb.body, cb.signature)).status, 200);
    await expectOpen(e, token, { code: '02000', shortMessage: 'ONHOLD_PARTNER', partnerCode: 'AUTHORIZED' });
    // A later PENDING from a poll does not move it back.
    e.t.clock.advance(10_000);
    await settle(e);
    assert.equal((await getSession(e, token)).resultCode, '02000');
    await payerDoes(e, id, 'pay');
    await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED', partnerCode: 'SUCCEEDED' });
  });

  it('00000 ACCEPTED, then its SUCCEEDED callback again: applied, nothing changes, the partner is not asked again', async () => {
    const token = await createPayment(e, { contractNumber: e.trusted.contractNumber });
    const id = await openAndGetPartnerId(e, token);
    const succeeded = async () =>
      craftCallback(e, await getSession(e, token), { status: 'SUCCEEDED', ppid: e.trusted.ppid });
    const first = await succeeded();
    assert.equal((await postCallback(e, first.body, first.signature)).status, 200);
    await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED', partnerCode: 'SUCCEEDED' });
    assert.ok(e.edge.apiCalls.includes(`GET /v3/payments/${id}/debtor/refundIban`), 'the payer data was asked once');
    const before = await snapshot(e, token);
    const calls = e.edge.apiCalls.length;
    const again = await succeeded();
    const res = await postCallback(e, again.body, again.signature);
    assert.deepEqual([res.status, res.json.detail], [200, 'applied']);
    assert.deepEqual(e.edge.apiCalls.slice(calls), []);
    assert.deepEqual(await snapshot(e, token), before);
  });

  it('00000 ACCEPTED: payer pays; buyer first name from debtor.name, masked IBAN as sent, BIC from the refund IBAN', async () => {
    const token = await createPayment(e, { firstName: 'Marie', lastName: 'Dupont', softDescriptor: 'MY SHOP' });
    const id = await openAndGetPartnerId(e, token);
    await payerDoes(e, id, 'scan', 'pay');
    const delivered = await e.sim.callbacks(id);
    assert.deepEqual(
      delivered.map((d) => [d.status, d.state, d.lastResult]),
      [
        ['AUTHORIZED', 'delivered', 'HTTP 200'],
        ['SUCCEEDED', 'delivered', 'HTTP 200'],
      ],
    );
    const details = await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED', partnerCode: 'SUCCEEDED' });
    assert.equal(details.result.longMessage, 'Transaction approved');
    assert.equal(details.field('firstName'), 'John', "the partner's debtor.name replaces the buyer's first name");
    assert.equal(details.field('lastName'), 'Dupont', "the partner gives no last name: the merchant's is kept");
    const sentIban = JSON.parse(delivered[1]!.body).debtor.iban as string;
    assert.equal(sentIban, '*************20992');
    assert.equal(details.field('accountNumber'), sentIban, 'masked by the partner, kept exactly as sent');
    assert.equal(details.field('bankCode'), 'GKCCBEBB', 'Belfius, from the unmasked refund IBAN BE12 0682 …');
    assert.equal(details.field('countryCode'), 'BE');
    assert.equal(details.field('softDescriptor'), 'MY SHOP');
    assert.equal(details.field('amount'), '1000');
    const additional = JSON.parse(details.field('partnerAdditionalData')!);
    assert.equal(additional.transactionFlow, 'ecommerce');
    assert.equal(additional.paymentId, id);
    assert.equal(additional.status, 'SUCCEEDED');
    assert.equal(additional.debtorName, 'John');
    assert.equal(additional.debtorIban, sentIban);
    assert.equal(additional.succeededAt, JSON.parse(delivered[1]!.body).succeededAt);

    const restView = await restDetails(e, token);
    assert.equal(restView.json.result.code, '00000');
    assert.equal(restView.json.buyer.firstName, 'John');
    assert.deepEqual(restView.json.transactions[0].bankAccountData, {
      accountNumber: sentIban,
      bankCode: 'GKCCBEBB',
      countryCode: 'BE',
    });
    assert.equal(restView.json.transactions[0].partnerAdditionalData.transactionFlow, 'ecommerce');

    // AUTHORIZED passed through 02000 first; both were callbacks, no poll was needed.
    assert.deepEqual(
      (await events(e, token)).slice(2).map((ev) => [ev.source, ev.partnerStatus, ev.resultCode]),
      [
        ['callback', 'AUTHORIZED', '02000'],
        ['callback', 'SUCCEEDED', '00000'],
      ],
    );
    // The buyer coming back sees the outcome; the final result never changes.
    assert.match((await openPage(e, token)).html, /data-testid="outcome" data-result-code="00000"/);
    e.t.clock.advanceMinutes(120);
    await settle(e);
    assert.equal((await soapDetails(e, token)).result.code, '00000');
  });

  it('00000 through the hosted page homologation button (MAKE A PAYMENT), via REST too', async () => {
    const created = await rest(
      e,
      'POST',
      '/v1/checkout/sessions',
      validSessionBody({ notificationURL: e.merchant.url }),
    );
    assert.equal(created.status, 201, created.body);
    const token = created.json.sessionId as string;
    await openAndGetPartnerId(e, token);
    const res = await pressButton(e, '/v2/simulator/pay', token);
    assert.equal(res.status, 303);
    assert.equal(res.location, `https://shop.example/return?paylinetoken=${token}`);
    await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED' });
    assert.equal((await restDetails(e, token)).json.result.code, '00000');
  });

  it('02008 CANCELLED: payer cancels in the app (CANCELLED callback)', async () => {
    const token = await createPayment(e);
    const id = await openAndGetPartnerId(e, token);
    await payerDoes(e, id, 'cancel');
    assert.deepEqual(
      (await e.sim.callbacks(id)).map((d) => [d.status, d.state]),
      [['CANCELLED', 'delivered']],
    );
    const details = await expectFinal(e, token, { code: '02008', shortMessage: 'CANCELLED', partnerCode: 'CANCELLED' });
    assert.equal(details.result.longMessage, 'Transaction canceled by user');
    assert.match((await openPage(e, token)).html, /data-result-code="02008"/);
  });

  it('02008 CANCELLED: ABORT button on the hosted page → cancelURL', async () => {
    const token = await createPayment(e);
    await openAndGetPartnerId(e, token);
    const res = await pressButton(e, '/v2/simulator/abort', token);
    assert.equal(res.location, `https://shop.example/cancel?paylinetoken=${token}`);
    await expectFinal(e, token, { code: '02008', shortMessage: 'CANCELLED', partnerCode: 'CANCELLED' });
  });

  it("02008 CANCELLED: the buyer's cancel link DELETEs the partner payment (CANCELLED there too)", async () => {
    const token = await createPayment(e);
    const id = await openAndGetPartnerId(e, token);
    const res = await pressButton(e, '/v2/cancel', token);
    assert.equal(res.status, 303);
    assert.equal(res.location, `https://shop.example/cancel?paylinetoken=${token}`);
    assert.equal((await partnerPayment(e, token)).status, 'CANCELLED', 'cancelled at the partner, not only here');
    await e.sim.idle();
    // The partner's own CANCELLED callback arrives after the fact and changes nothing.
    assert.deepEqual(
      (await e.sim.callbacks(id)).map((d) => [d.status, d.state]),
      [['CANCELLED', 'delivered']],
    );
    const details = await expectFinal(e, token, { code: '02008', shortMessage: 'CANCELLED' });
    // The buyer's cancel and the partner's CANCELLED callback race; either settles the same 02008.
    assert.ok(['BUYER_CANCELLED', 'CANCELLED'].includes(details.field('partnerCode')!), details.body);
    // The payer can no longer pay it.
    await assert.rejects(e.sim.act(id, 'pay'), /not pending|PAYMENT_NOT_PENDING/i);
  });

  it('02324 REFUSED: payment delay elapsed → the gateway DELETEs the partner payment', async () => {
    const token = await createPayment(e, { contractNumber: e.trusted.contractNumber });
    const id = await openAndGetPartnerId(e, token);
    e.t.clock.advanceMinutes(60);
    await settle(e);
    assert.equal((await getSession(e, token)).resultCode, '02306', 'still open before the 61 minutes');
    e.t.clock.advanceMinutes(2);
    const before = e.edge.apiCalls.length;
    await e.t.gateway.worker.runOnce();
    assert.ok(e.edge.apiCalls.slice(before).includes(`DELETE /v3/payments/${id}`), 'the partner payment is cancelled');
    assert.equal((await partnerPayment(e, token)).status, 'CANCELLED');
    const details = await expectFinal(e, token, { code: '02324', shortMessage: 'REFUSED', partnerCode: 'CANCELLED' });
    assert.equal(details.result.longMessage, 'The session expired before the consumer has finished the transaction');
    assert.deepEqual(
      (await e.sim.callbacks(id)).map((d) => [d.status, d.state]),
      [['CANCELLED', 'delivered']],
      "the partner's callback is accepted and changes nothing",
    );
    assert.ok((await events(e, token)).some((ev) => ev.source === 'partner-cancel' && ev.resultCode === '02324'));
    assert.match((await openPage(e, token)).html, /data-result-code="02324"/);
  });

  it('02324 REFUSED: payment delay elapsed after the partner expired it on its own (its final status wins)', async () => {
    // Demo contract: the simulator's profile expires payments after 20 minutes, the point of sale after 61.
    const token = await createPayment(e);
    const id = await openAndGetPartnerId(e, token);
    e.t.clock.advanceMinutes(62);
    await e.t.gateway.worker.runOnce(); // DELETE → 422 PAYMENT_NOT_PENDING → GET → EXPIRED
    await expectFinal(e, token, { code: '02324', shortMessage: 'REFUSED', partnerCode: 'EXPIRED' });
    assert.equal((await partnerPayment(e, token)).status, 'EXPIRED');
    assert.deepEqual(
      (await e.sim.callbacks(id)).map((d) => [d.status, d.state]),
      [['EXPIRED', 'delivered']],
    );
  });

  it('02324 REFUSED: partner-side EXPIRED (EXPIRED callback, no debtor)', async () => {
    const token = await createPayment(e);
    const id = await openAndGetPartnerId(e, token);
    await payerDoes(e, id, 'expire');
    const [cb] = await e.sim.callbacks(id);
    assert.equal(cb?.status, 'EXPIRED');
    assert.equal(JSON.parse(cb!.body).debtor, undefined);
    const details = await expectFinal(e, token, { code: '02324', shortMessage: 'REFUSED', partnerCode: 'EXPIRED' });
    assert.equal(details.field('accountNumber'), undefined);
  });

  it('02534 REFUSED: session expired and the buyer never arrived (notification, no transaction, nothing at the partner)', async () => {
    const token = await createPayment(e);
    e.t.clock.advanceMinutes(62);
    const details = await expectFinal(e, token, { code: '02534', shortMessage: 'REFUSED' });
    assert.equal(
      details.result.longMessage,
      'The consumer is not redirected on payment web pages and session is expired',
    );
    assert.equal((await getSession(e, token)).partnerPaymentId, undefined);
    // Arriving afterwards creates nothing either.
    assert.match((await openPage(e, token)).html, /data-result-code="02534"/);
    assert.equal((await getSession(e, token)).partnerPaymentId, undefined);
  });

  it('02020 REFUSED: payer declined (AUTHORIZATION_FAILED)', async () => {
    const token = await createPayment(e);
    const id = await openAndGetPartnerId(e, token);
    await payerDoes(e, id, 'decline');
    const details = await expectFinal(e, token, {
      code: '02020',
      shortMessage: 'REFUSED',
      partnerCode: 'AUTHORIZATION_FAILED',
    });
    assert.equal(details.result.longMessage, 'Transaction refused by partner');
    assert.match((await openPage(e, token)).html, /data-result-code="02020"/);
  });

  it('02020 REFUSED: payment FAILED at the partner', async () => {
    const token = await createPayment(e);
    const id = await openAndGetPartnerId(e, token);
    await payerDoes(e, id, 'fail');
    await expectFinal(e, token, { code: '02020', shortMessage: 'REFUSED', partnerCode: 'FAILED' });
  });

  it('02012 ERROR: a SUCCEEDED callback for another amount than the session', async () => {
    const token = await createPayment(e, { contractNumber: e.trusted.contractNumber });
    await openAndGetPartnerId(e, token);
    const cb = craftCallback(e, await getSession(e, token), { status: 'SUCCEEDED', ppid: e.trusted.ppid, amount: 999 });
    assert.equal((await postCallback(e, cb.body, cb.signature)).status, 200);
    const details = await expectFinal(e, token, { code: '02012', shortMessage: 'ERROR', partnerCode: 'SUCCEEDED' });
    assert.equal(details.result.longMessage, 'Unmatched partner return code');
    assert.equal(details.field('bankCode'), undefined, 'no payer data from a payment that is not accepted');
  });

  it('02012 ERROR: at the payment delay the partner says "not pending" with a status the gateway does not know', async () => {
    // PQNOCB: the simulator's callbacks cannot be verified (its JWKS is down), so only the
    // gateway's own calls see the payment; the edge reports it VOIDED (a final status of VOID
    // products, unknown to this gateway).
    const token = await createPayment(e, { contractNumber: e.nocb.contractNumber });
    const id = await openAndGetPartnerId(e, token);
    await payerDoes(e, id, 'fail');
    e.edge.statusOverride.set(id, 'VOIDED');
    e.t.clock.advance(10_000);
    await settle(e);
    const polled = await getSession(e, token);
    assert.equal(polled.resultCode, '02306', 'an unknown status keeps the state while the session is open');
    assert.equal(polled.partnerStatus, 'VOIDED');
    e.t.clock.advanceMinutes(62);
    const details = await expectFinal(e, token, { code: '02012', shortMessage: 'ERROR', partnerCode: 'VOIDED' });
    assert.equal(details.result.longMessage, 'Unmatched partner return code');
    const last = (await events(e, token)).at(-1)!;
    assert.deepEqual([last.source, last.partnerStatus, last.resultCode], ['partner-cancel', 'VOIDED', '02012']);
  });

  for (const [status, partnerCode] of [
    [500, 'TECHNICAL_ERROR'],
    [503, 'TRY_AGAIN_LATER'],
    [429, 'HTTP_429'],
  ] as const) {
    it(`02106 ERROR: partner answers ${status} when the payment is created (partnerCode ${partnerCode})`, async () => {
      const token = await createPayment(e);
      await e.sim.setQuirks({ failNext: { status, count: 1 } });
      const page = await openPage(e, token);
      assert.equal(page.status, 200);
      assert.match(page.html, /data-result-code="02106"/);
      const session = await getSession(e, token);
      assert.equal(session.partnerPaymentId, undefined);
      const details = await expectFinal(e, token, { code: '02106', shortMessage: 'ERROR', partnerCode });
      assert.equal(details.result.longMessage, 'Payment partner error');
      const created = (await events(e, token)).find((ev) => ev.source === 'partner-create')!;
      assert.equal(created.resultCode, '02106');
      assert.equal(created.detail?.httpStatus, status);
      assert.equal((await restDetails(e, token)).json.result.partnerCode, partnerCode);
    });
  }

  it('02106 ERROR: partner too slow when the payment is created (connector timeout)', async () => {
    // The gateway wires its connector with the default 10 s timeout and no setting for it; the
    // test swaps in the same connector with a 200 ms timeout instead of waiting 10 s.
    const original = e.t.gateway.deps.partners;
    const fast = createPayconiqConnector({ clock: e.t.clock, timeoutMs: 200 });
    e.t.gateway.deps.partners = {
      async connect(merchantId, contractNumber) {
        const partner = await original.connect(merchantId, contractNumber);
        return (
          partner && {
            ...partner,
            createPayment: (input) => fast.createPayment(partner.settings as PayconiqContract, input),
          }
        );
      },
    };
    const partnerPayments = async () =>
      Number(
        (await e.t.gateway.db.query<{ n: number | string }>('SELECT count(*) AS n FROM simulator_payments'))[0]!.n,
      );
    try {
      // Through the partner edge, which carries the request out when the gateway has given up on it
      // (the simulator alone drops it): what a slow partner does.
      const token = await createPayment(e, { contractNumber: e.trusted.contractNumber });
      const created = await partnerPayments();
      await e.sim.setQuirks({ slowMs: 400 });
      const started = Date.now();
      await openPage(e, token);
      assert.ok(Date.now() - started < 2_000);
      await e.sim.setQuirks({ slowMs: 0 });
      const details = await expectFinal(e, token, { code: '02106', shortMessage: 'ERROR', partnerCode: 'TIMEOUT' });
      assert.equal(details.result.longMessage, 'Payment partner error');
      // Done at the partner before the next test, whose failNext the late request could otherwise take.
      await waitUntil(
        async () => (await partnerPayments()) > created,
        'the partner to create the payment the gateway stopped waiting for',
      );
    } finally {
      e.t.gateway.deps.partners = original;
    }
  });

  it('partner unreachable when the payment delay elapses: the session stays open, the cancel is retried, then 02324', async () => {
    const token = await createPayment(e, { contractNumber: e.trusted.contractNumber });
    await openAndGetPartnerId(e, token);
    e.t.clock.advanceMinutes(62);
    await e.sim.setQuirks({ failNext: { status: 500, count: 1 } });
    await settle(e);
    const open = await soapDetails(e, token);
    assert.equal(open.result.code, '02306', 'not reported as an error while the payment may still be paid');
    const events = await e.t.gateway.deps.history.list(token);
    assert.equal(events.find((ev) => ev.source === 'partner-cancel')?.detail?.partnerCode, 'TECHNICAL_ERROR');
    await settle(e); // within the retry delay: nothing sent to the partner
    assert.equal((await partnerPayment(e, token)).status, 'PENDING');
    e.t.clock.advanceMinutes(1);
    await expectFinal(e, token, { code: '02324', shortMessage: 'REFUSED' });
    assert.equal((await partnerPayment(e, token)).status, 'CANCELLED');
  });

  it('payer pays during a partner outage at expiry: the payment is reported 00000, not an error', async () => {
    const token = await createPayment(e, { contractNumber: e.trusted.contractNumber });
    const paymentId = await openAndGetPartnerId(e, token);
    e.t.clock.advanceMinutes(62);
    await e.sim.setQuirks({ failNext: { status: 503, count: 1 } });
    await settle(e);
    await e.sim.act(paymentId, 'pay');
    await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED' });
  });

  it('02106 ERROR: partner still unreachable a day after the payment delay', async () => {
    const token = await createPayment(e, { contractNumber: e.trusted.contractNumber });
    await openAndGetPartnerId(e, token);
    e.t.clock.advanceMinutes(62);
    await e.sim.setQuirks({ failNext: { status: 500, count: 1 } });
    await settle(e);
    e.t.clock.advanceMinutes(24 * 60);
    await e.sim.setQuirks({ failNext: { status: 500, count: 1 } });
    await expectFinal(e, token, { code: '02106', shortMessage: 'ERROR', partnerCode: 'TECHNICAL_ERROR' });
  });

  it('02308 / 02304 / 02303 ERROR over SOAP and REST', async () => {
    const missing = await soap(e, doWebPaymentEnvelope({ amount: null }));
    assert.deepEqual(
      [missing.field('code'), missing.field('shortMessage'), missing.field('longMessage')],
      ['02308', 'ERROR', 'Invalid value for payment.amount'],
    );
    assert.equal(missing.field('token'), undefined);
    const contract = await soap(e, doWebPaymentEnvelope({ contractNumber: 'NOPE' }));
    assert.deepEqual(
      [contract.field('code'), contract.field('shortMessage'), contract.field('longMessage')],
      ['02303', 'ERROR', 'Invalid contract number.'],
    );
    const unknown = await soap(e, getWebPaymentDetailsEnvelope('AAAAAAAAAAAAAAAAAAAA1700000000000'));
    assert.deepEqual([unknown.field('code'), unknown.field('shortMessage')], ['02304', 'ERROR']);
    const restUnknown = await restDetails(e, 'AAAAAAAAAAAAAAAAAAAA1700000000000');
    assert.equal(restUnknown.status, 404);
    assert.equal(restUnknown.json.result.code, '02304');
    const restContract = await rest(
      e,
      'POST',
      '/v1/checkout/sessions',
      validSessionBody({ paymentMethod: { paymentMethodIDs: ['NOPE'] } }),
    );
    assert.equal(restContract.status, 400);
    assert.equal(restContract.json.result.code, '02303');
    const restMissing = await rest(e, 'POST', '/v1/checkout/sessions', validSessionBody({ returnURL: undefined }));
    assert.equal(restMissing.json.result.code, '02308');
  });
});
