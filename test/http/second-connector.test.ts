/**
 * The connector boundary holds: a second payment method that exists only in the tests (TestPay,
 * test/support/connectors/testpay/), registered for its own card code, is taken through
 * doWebPayment → hosted page → the partner's signed callback → settlement →
 * getWebPaymentDetails → doRefund, next to Payconiq, with no change to the gateway's code.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runAdminOperation } from '../../src/merchants/admin-operations.js';
import { createSecretBox } from '../../src/security/secret-box.js';
import { createTestPayMethod, TESTPAY_CARD_CODE } from '../support/connectors/testpay/payment-method.js';
import { signTestPayBody, startTestPayPartner, type TestPayPartner } from '../support/connectors/testpay/partner.js';
import { searchDate, transactionsSearch } from '../support/extended-api.js';
import { soapRefund } from '../support/refund-client.js';
import { doWebPaymentEnvelope, getWebPaymentDetailsEnvelope, postSoap } from '../support/soap-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { waitUntil } from '../support/wait-until.js';

describe('a second payment method, known only to its connector', () => {
  let t: TestGateway;
  let partner: TestPayPartner;

  before(async () => {
    partner = await startTestPayPartner();
    t = await startTestGateway({ extraPaymentMethods: (runtime) => [createTestPayMethod(runtime)] });
    // The harness's PASSERELLE_SECRET_KEY.
    const context = { ...t.gateway.deps, secrets: createSecretBox(Buffer.alloc(32, 7)) };
    const contract = await runAdminOperation(context, 'contract create', {
      merchantId: t.merchantId,
      contractNumber: 'TPWEB',
      pointOfSale: 'DemoShop',
      partnerContractId: 'TP-MERCHANT-1',
      cardCode: TESTPAY_CARD_CODE,
      partner: { apiUrl: partner.url, apiKey: partner.apiKey, webhookSecret: partner.webhookSecret },
    });
    assert.equal(contract.cardCode, TESTPAY_CARD_CODE);
    assert.equal(contract.partner, `TestPay at ${partner.url}`);
  });
  after(async () => {
    await t.close();
    await partner.close();
  });

  const newPayment = async (orderRef: string) => {
    const created = await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope({ contractNumber: 'TPWEB', orderRef }));
    const token = created.field('token');
    assert.ok(token, created.body);
    const page = await t.gateway.app.inject({ url: `/v2/?token=${token}` });
    assert.equal(page.statusCode, 200);
    const [payment] = [...partner.payments.values()].filter((p) => p.reference.includes(orderRef));
    assert.ok(payment, 'the hosted page created the payment at TestPay');
    return { token, payment };
  };
  const details = async (token: string) => postSoap(t, 'WebPaymentAPI', getWebPaymentDetailsEnvelope(token));

  it('paid by its signed callback: 00000 with its card code, payer and additional data; then refunded at TestPay', async () => {
    const { token, payment } = await newPayment('TP-ORDER-1');
    assert.equal(payment.amount, 1000);
    assert.match(payment.callbackUrl, /\/partners\/testpay\/callback$/);
    assert.equal((await details(token)).field('code'), '02306', 'the buyer is on the page, TestPay waits for the app');

    assert.equal(await partner.pay(payment.id, 'Grace'), 200, 'the callback is accepted');
    const paid = await details(token);
    assert.equal(paid.field('code'), '00000', paid.body);
    assert.match(paid.body, /<(\w+:)?method>TESTPAY_WALLET<\/(\w+:)?method>/);
    assert.match(paid.body, /<(\w+:)?card>\s*<(\w+:)?type>TESTPAY_WALLET<\/(\w+:)?type>/);
    assert.equal(paid.field('firstName'), 'Grace', 'the payer TestPay names');
    assert.deepEqual(JSON.parse(paid.field('partnerAdditionalData')!), { testpayId: payment.id, state: 'paid' });
    const events = await t.gateway.deps.history.list(token);
    assert.ok(
      events.some((e) => e.source === 'callback' && e.partnerStatus === 'paid'),
      'settled by the callback',
    );

    const transactionId = paid.field('id')!;
    const refund = await soapRefund(t, { transactionID: transactionId, amount: '400', contractNumber: 'TPWEB' });
    assert.equal(refund.field('code'), '00000', refund.body);
    assert.deepEqual(
      payment.refunds.map((r) => r.amount),
      [400],
      'sent to TestPay once',
    );
    await t.gateway.worker.runOnce();
    const refundRow = await t.gateway.db.query<{ status: string }>(
      'SELECT status FROM refunds WHERE original_transaction_id = $1',
      [transactionId],
    );
    assert.deepEqual(refundRow, [{ status: 'REFUNDED' }]);

    const search = (paymentMean: string) =>
      transactionsSearch(t, {
        startDate: searchDate(new Date(t.clock.now().getTime() - 86_400_000)),
        endDate: searchDate(t.clock.now()),
        paymentMean,
        orderRef: 'TP-ORDER-1',
      });
    const byTestPay = await search(TESTPAY_CARD_CODE);
    assert.equal(byTestPay.field('code'), '00000', byTestPay.body);
    assert.match(byTestPay.body, new RegExp(transactionId));
    const byOther = await search(t.gateway.deps.paymentMethods.cardCodes[0]!);
    assert.doesNotMatch(byOther.body, new RegExp(transactionId), "the other method's search does not list it");
  });

  it("the hosted page's homologation buttons drive TestPay's app; a cancelled payment ends 02008", async () => {
    const paid = await newPayment('TP-ORDER-2');
    await t.gateway.app.inject({ method: 'POST', url: '/v2/simulator/pay', payload: { token: paid.token } });
    assert.equal((await details(paid.token)).field('code'), '00000');

    const aborted = await newPayment('TP-ORDER-3');
    await t.gateway.app.inject({ method: 'POST', url: '/v2/simulator/abort', payload: { token: aborted.token } });
    await waitUntil(() => partner.callbacks.some((c) => c.paymentId === aborted.payment.id), 'the void callback');
    assert.equal((await details(aborted.token)).field('code'), '02008');
  });

  it("callbacks are routed by connector: forged ones and ones at the other partner's URL settle nothing", async () => {
    const { token, payment } = await newPayment('TP-ORDER-4');
    const body = JSON.stringify({
      id: payment.id,
      state: 'paid',
      amount: 1000,
      reference: payment.reference,
      payer: 'Mallory',
      link: 'x',
    });
    const post = (path: string, signature: string) =>
      fetch(`${t.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-testpay-signature': signature, 'x-testpay-delivery': 'd1' },
        body,
      });
    assert.equal((await post('/partners/testpay/callback', signTestPayBody('not-the-secret', body))).status, 401);
    assert.equal(
      (await post('/partners/payconiq/callback', signTestPayBody(partner.webhookSecret, body))).status,
      400,
      'not a Payconiq body',
    );
    assert.equal((await post('/partners/nobody/callback', signTestPayBody(partner.webhookSecret, body))).status, 404);
    assert.equal((await details(token)).field('code'), '02306', 'nothing settled');
  });
});
