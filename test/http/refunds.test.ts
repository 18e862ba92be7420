import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatPaylineShortDateTime } from '../../src/domain/payline-date.js';
import { startMerchantServer } from '../support/merchant-server.js';
import {
  otherMerchant,
  paidPayment,
  refundRows,
  restRefund,
  settleRefunds,
  soapRefund,
} from '../support/refund-client.js';
import { doWebPaymentEnvelope, postSoap } from '../support/soap-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

type MerchantServer = Awaited<ReturnType<typeof startMerchantServer>>;

/** doRefund (SOAP) and POST /v1/checkout/transactions/{id}/refunds (REST): one use case, the same rules and codes. */
describe('refunds: rules and codes', () => {
  let t: TestGateway;
  let merchant: MerchantServer;
  before(async () => {
    t = await startTestGateway();
    merchant = await startMerchantServer();
  });
  after(async () => {
    await t.close();
    await merchant.close();
  });

  it('SOAP: a partial refund is its own transaction, PENDING at the partner, then REFUNDED', async () => {
    const { transactionId } = await paidPayment(t, { amount: 1000 });
    const res = await soapRefund(t, {
      transactionID: transactionId,
      amount: '300',
      comment: 'Damaged item',
      sequenceNumber: 'R-1',
    });
    assert.equal(res.status, 200);
    assert.equal(res.field('code'), '00000', res.body);
    assert.equal(res.field('shortMessage'), 'ACCEPTED');
    const refundId = res.field('id')!;
    assert.match(refundId, /^\d{14}$/);
    assert.notEqual(refundId, transactionId);
    assert.equal(res.field('date'), formatPaylineShortDateTime(t.clock.now()));
    assert.match(res.field('date')!, /^\d{2}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.equal(res.field('isDuplicated'), '0');
    assert.equal(res.field('isPossibleFraud'), '0');

    let [row] = await refundRows(t, transactionId);
    assert.equal(row?.id, refundId);
    assert.equal(row?.type, 'REFUND');
    assert.equal(row?.status, 'PENDING');
    assert.match(row?.partner_refund_id ?? '', /^[0-9a-f]{24}$/);
    const tx = await t.gateway.deps.transactions.get(refundId);
    assert.equal(tx?.type, 'REFUND');
    assert.equal(tx?.originalTransactionId, transactionId);
    assert.equal(tx?.amount, 300);
    assert.equal(tx?.token, undefined, 'a refund has no session of its own');

    await settleRefunds(t);
    [row] = await refundRows(t, transactionId);
    assert.equal(row?.status, 'REFUNDED');
    assert.equal(row?.result_code, '00000');
  });

  it('multiple partial refunds through SOAP and REST up to the payment amount, then 02613', async () => {
    const { transactionId } = await paidPayment(t, { amount: 1000 });
    assert.equal((await soapRefund(t, { transactionID: transactionId, amount: '300' })).field('code'), '00000');
    const rest = await restRefund(t, transactionId, { amount: 200, currency: 'EUR', comment: 'one sock' });
    assert.equal(rest.status, 201, rest.body);
    assert.deepEqual(rest.json.result, { title: 'ACCEPTED', code: '00000', detail: 'Transaction approved' });
    assert.match(rest.json.transaction.id, /^\d{14}$/);
    assert.equal(rest.json.transaction.type, 'REFUND');
    assert.equal(rest.json.transaction.originTransactionId, transactionId);
    assert.equal(rest.json.transaction.date, t.clock.now().toISOString());
    assert.equal(
      (await soapRefund(t, { transactionID: transactionId, amount: '500', currency: '978' })).field('code'),
      '00000',
    );

    const over = await soapRefund(t, { transactionID: transactionId, amount: '1' });
    assert.equal(over.field('code'), '02613');
    assert.equal(over.field('longMessage'), 'The maximal sum of the capture/refund is exceeded');
    assert.equal(over.field('id'), undefined, 'a refused refund has no transaction');
    const restOver = await restRefund(t, transactionId, { amount: 1 });
    assert.equal(restOver.status, 400);
    assert.equal(restOver.json.result.code, '02613');
    assert.equal(restOver.json.transaction, undefined);

    await settleRefunds(t);
    const rows = await refundRows(t, transactionId);
    assert.deepEqual(rows.map((r) => [r.amount, r.status]).sort(), [
      [200, 'REFUNDED'],
      [300, 'REFUNDED'],
      [500, 'REFUNDED'],
    ]);
  });

  it('more than the payment in one refund → 02613, nothing stored', async () => {
    const { transactionId } = await paidPayment(t, { amount: 1000 });
    assert.equal((await soapRefund(t, { transactionID: transactionId, amount: '1001' })).field('code'), '02613');
    assert.deepEqual(await refundRows(t, transactionId), []);
    assert.equal(
      (await soapRefund(t, { transactionID: transactionId, amount: '1000' })).field('code'),
      '00000',
      'the whole amount is refundable',
    );
  });

  it("a currency other than the payment's → 02620", async () => {
    const { transactionId } = await paidPayment(t);
    const soap = await soapRefund(t, { transactionID: transactionId, amount: '100', currency: '840' });
    assert.equal(soap.field('code'), '02620');
    assert.equal(soap.field('longMessage'), 'Currency must be the same as the original authorization');
    const rest = await restRefund(t, transactionId, { amount: 100, currency: 'USD' });
    assert.equal(rest.status, 400);
    assert.equal(rest.json.result.code, '02620');
    assert.equal(
      (await soapRefund(t, { transactionID: transactionId, amount: '100', currency: 'EU' })).field('code'),
      '02305',
    );
    assert.deepEqual(await refundRows(t, transactionId), []);
  });

  const amountCases: [string, string | null, string, string][] = [
    ['zero', '0', '02308', 'Invalid value for payment.amount'],
    ['negative', '-5', '02308', 'Invalid value for payment.amount'],
    ['missing', null, '02308', 'Invalid value for payment.amount'],
    ['decimal', '10.50', '02305', 'Invalid field format payment.amount'],
    ['13 digits', '1000000000000', '02305', 'Invalid field format payment.amount'],
  ];
  for (const [name, amount, code, longMessage] of amountCases) {
    it(`SOAP: ${name} payment.amount → ${code}`, async () => {
      const { transactionId } = await paidPayment(t);
      const res = await soapRefund(t, { transactionID: transactionId, amount });
      assert.equal(res.field('code'), code);
      assert.equal(res.field('shortMessage'), 'ERROR');
      assert.equal(res.field('longMessage'), longMessage);
    });
  }

  it('REST: amount 0, negative or missing → 400 02308; not an integer → 400 02305', async () => {
    const { transactionId } = await paidPayment(t);
    for (const body of [{ amount: 0 }, { amount: -100 }, {}]) {
      const res = await restRefund(t, transactionId, body);
      assert.equal(res.status, 400, res.body);
      assert.deepEqual(res.json.result, { title: 'ERROR', code: '02308', detail: 'Invalid value for payment.amount' });
    }
    const decimal = await restRefund(t, transactionId, { amount: 1.5 });
    assert.equal(decimal.status, 400);
    assert.equal(decimal.json.result.code, '02305');
    assert.deepEqual(await refundRows(t, transactionId), []);
  });

  it('a payment that was not accepted (cancelled by the buyer), or a refund itself → 02314', async () => {
    const token = (await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope())).field('token')!;
    await t.gateway.app.inject({ url: `/v2/?token=${token}` });
    await t.gateway.app.inject({ method: 'POST', url: '/v2/simulator/abort', payload: { token } });
    const cancelled = (await t.gateway.deps.sessions.get(token))!;
    assert.equal(cancelled.resultCode, '02008');
    const res = await soapRefund(t, { transactionID: cancelled.transactionId!, amount: '100' });
    assert.equal(res.field('code'), '02314');
    assert.equal(
      res.field('longMessage'),
      'Transaction flag refundable is disabled (only an accepted payment can be refunded)',
    );
    assert.equal((await restRefund(t, cancelled.transactionId!, { amount: 100 })).json.result.code, '02314');

    const { transactionId } = await paidPayment(t);
    const refundId = (await soapRefund(t, { transactionID: transactionId, amount: '100' })).field('id')!;
    assert.equal((await soapRefund(t, { transactionID: refundId, amount: '50' })).field('code'), '02314');
  });

  it("an unknown transaction, or another merchant's → 02604 (REST 404); a missing or malformed id → 02308 / 02305", async () => {
    const unknown = await soapRefund(t, { transactionID: '19999999999999', amount: '100' });
    assert.equal(unknown.field('code'), '02604');
    assert.equal(unknown.field('longMessage'), 'This transaction does not exist');
    const rest = await restRefund(t, '19999999999999', { amount: 100 });
    assert.equal(rest.status, 404);
    assert.equal(rest.json.result.code, '02604');
    assert.equal(
      (await soapRefund(t, { transactionID: null, amount: '100' })).field('longMessage'),
      'Invalid value for transactionID',
    );
    assert.equal((await soapRefund(t, { transactionID: '../etc', amount: '100' })).field('code'), '02305');

    const other = await otherMerchant(t);
    const { transactionId } = await paidPayment(t);
    assert.equal(
      (
        await soapRefund(t, { transactionID: transactionId, amount: '100' }, { authorization: other.authorization })
      ).field('code'),
      '02604',
    );
    assert.equal(
      (await restRefund(t, transactionId, { amount: 100 }, { authorization: other.authorization })).status,
      404,
    );
    assert.deepEqual(await refundRows(t, transactionId), []);
  });

  it("a contract number other than the payment's → 02303", async () => {
    const { transactionId } = await paidPayment(t);
    assert.equal(
      (await soapRefund(t, { transactionID: transactionId, amount: '100', contractNumber: 'CB' })).field('code'),
      '02303',
    );
  });

  it('SOAP: the same sequenceNumber for the same transaction returns the first answer and refunds once', async () => {
    const { transactionId } = await paidPayment(t, { amount: 1000 });
    const first = await soapRefund(t, { transactionID: transactionId, amount: '400', sequenceNumber: 'SEQ-1' });
    assert.equal(first.field('code'), '00000');
    const again = await soapRefund(t, { transactionID: transactionId, amount: '400', sequenceNumber: 'SEQ-1' });
    assert.equal(again.field('code'), '00000');
    assert.equal(again.field('id'), first.field('id'));
    assert.equal(again.field('date'), first.field('date'));
    assert.equal(again.field('isDuplicated'), '1');
    assert.equal((await refundRows(t, transactionId)).length, 1);
    assert.equal(
      (await soapRefund(t, { transactionID: transactionId, amount: '700' })).field('code'),
      '02613',
      '600 left, not 200',
    );

    const conflict = await soapRefund(t, { transactionID: transactionId, amount: '500', sequenceNumber: 'SEQ-1' });
    assert.equal(conflict.field('code'), '02001');
    assert.equal(
      conflict.field('longMessage'),
      'Duplicate transaction (sequenceNumber already used with other parameters)',
    );

    // The sequence number is scoped to a transaction: the same one on another payment is another refund.
    const second = await paidPayment(t);
    const elsewhere = await soapRefund(t, {
      transactionID: second.transactionId,
      amount: '400',
      sequenceNumber: 'SEQ-1',
    });
    assert.equal(elsewhere.field('code'), '00000');
    assert.notEqual(elsewhere.field('id'), first.field('id'));

    // Even once nothing is left to refund, a retry still gets its refund back.
    await settleRefunds(t);
    assert.equal((await soapRefund(t, { transactionID: transactionId, amount: '600' })).field('code'), '00000');
    const late = await soapRefund(t, { transactionID: transactionId, amount: '400', sequenceNumber: 'SEQ-1' });
    assert.equal(late.field('code'), '00000');
    assert.equal(late.field('id'), first.field('id'));
  });

  it('REST: the same Idempotency-Key returns the first answer; another request with it → 422', async () => {
    const { transactionId } = await paidPayment(t, { amount: 1000 });
    const first = await restRefund(t, transactionId, { amount: 250 }, { key: 'order-42-refund-1' });
    assert.equal(first.status, 201);
    assert.equal(first.json.transaction.isDuplicated, false);
    const again = await restRefund(t, transactionId, { amount: 250 }, { key: 'order-42-refund-1' });
    assert.equal(again.status, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.json.transaction.id, first.json.transaction.id);
    assert.equal(again.json.transaction.date, first.json.transaction.date);
    assert.equal(again.json.transaction.isDuplicated, true);
    assert.deepEqual(again.json.result, first.json.result);
    assert.equal((await refundRows(t, transactionId)).length, 1);

    const changed = await restRefund(t, transactionId, { amount: 300 }, { key: 'order-42-refund-1' });
    assert.equal(changed.status, 422);
    assert.deepEqual(changed.json.result, {
      title: 'ERROR',
      code: '02001',
      detail: 'Duplicate transaction (Idempotency-Key already used with other parameters)',
    });

    // The key belongs to the merchant: reused for another payment, it is another request.
    const second = await paidPayment(t);
    assert.equal(
      (await restRefund(t, second.transactionId, { amount: 250 }, { key: 'order-42-refund-1' })).status,
      422,
    );
    assert.deepEqual(await refundRows(t, second.transactionId), []);

    // Another merchant has keys of its own.
    const other = await otherMerchant(t);
    const theirs = await paidPayment(t, { contractNumber: other.contractNumber, authorization: other.authorization });
    const own = await restRefund(
      t,
      theirs.transactionId,
      { amount: 250 },
      { key: 'order-42-refund-1', authorization: other.authorization },
    );
    assert.equal(own.status, 201, own.body);
    assert.notEqual(own.json.transaction.id, first.json.transaction.id);

    const tooLong = await restRefund(t, transactionId, { amount: 1 }, { key: 'k'.repeat(256) });
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.json.result.code, '02305');
  });

  it('a refund reaching its final state sends TRS (notificationType=TRS&transactionId=<refund id>); a refused one does not', async () => {
    const { token, transactionId } = await paidPayment(t, { amount: 1000, notificationURL: merchant.url });
    const refundId = (await soapRefund(t, { transactionID: transactionId, amount: '300' })).field('id')!;
    assert.equal((await soapRefund(t, { transactionID: transactionId, amount: '900' })).field('code'), '02613');
    await t.gateway.worker.runOnce();
    assert.deepEqual(
      merchant.received.filter((r) => r.notificationType === 'TRS'),
      [],
      'nothing while the partner has not refunded',
    );
    // (The payment's own WEBTRS was dropped: paidPayment read the result with getWebPaymentDetails.)
    assert.deepEqual(
      (await t.gateway.deps.outbox.list({ token })).map((n) => [n.type, n.status]),
      [['WEBTRS', 'skipped']],
    );

    await settleRefunds(t);
    const trs = merchant.received.filter((r) => r.notificationType === 'TRS' && r.transactionId === refundId);
    assert.equal(trs.length, 1);
    assert.equal(trs[0]!.token, null);
    const [record] = (await t.gateway.deps.outbox.list({ merchantId: t.merchantId })).filter(
      (n) => n.transactionId === refundId,
    );
    assert.equal(record?.type, 'TRS');
    assert.equal(record?.status, 'delivered');
    await settleRefunds(t);
    assert.equal(merchant.received.filter((r) => r.transactionId === refundId).length, 1, 'sent once');
  });
});

describe('refunds: the 365-day window', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('a payment can be refunded for 365 days; after that → 02602, even through REST', async () => {
    const early = await paidPayment(t);
    const late = await paidPayment(t);
    t.clock.advance(365 * 86_400_000);
    assert.equal(
      (await soapRefund(t, { transactionID: early.transactionId, amount: '100', sequenceNumber: 'W-1' })).field('code'),
      '00000',
      'the 365th day is still in',
    );
    t.clock.advance(1_000);
    const res = await soapRefund(t, { transactionID: late.transactionId, amount: '100' });
    assert.equal(res.field('code'), '02602');
    assert.equal(
      res.field('longMessage'),
      'Authorization is already expired (refunds are possible for 365 days after the payment)',
    );
    const rest = await restRefund(t, late.transactionId, { amount: 100 });
    assert.equal(rest.status, 400);
    assert.equal(rest.json.result.code, '02602');
    // A retry of a refund made in time is still answered.
    const retry = await soapRefund(t, { transactionID: early.transactionId, amount: '100', sequenceNumber: 'W-1' });
    assert.equal(retry.field('code'), '00000');
    assert.equal(retry.field('isDuplicated'), '1');
  });
});
