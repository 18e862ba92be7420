import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatPaylineDateTime } from '../../src/domain/payline-date.js';
import {
  getTransactionDetails,
  otherMerchantAuthorization,
  restPayment,
  searchDate,
  soapPayment,
  transactionsSearch,
  type MadePayment,
} from '../support/extended-api.js';
import { schemaWsdl } from '../support/payline-reference.js';
import { restCall } from '../support/rest-client.js';
import type { SoapAnswer } from '../support/soap-client.js';
import {
  childText,
  IMPL_NS,
  implSequence,
  OBJ_NS,
  readOperationResponse,
  schemaViolations,
} from '../support/soap-response.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { readWsdl } from '../support/wsdl-model.js';
import { childrenOf, onlyChild, type XmlElement } from '../support/xml-tree.js';

const reference = readWsdl(schemaWsdl('ExtendedAPI'));

/** HTTP 200, `{operation}Response`, valid per Payline's WSDL 4.77; returns the response element and result. */
function conformant(answer: SoapAnswer, operation: string) {
  assert.equal(answer.status, 200, answer.body);
  const parsed = readOperationResponse(answer.body, operation);
  const element = `${operation}Response`;
  assert.deepEqual(schemaViolations(parsed.element, implSequence(reference, element), IMPL_NS, reference, element), []);
  return parsed;
}

const objText = (el: XmlElement, ...path: string[]) => {
  let at = el;
  for (const name of path.slice(0, -1)) at = onlyChild(at, at === el ? IMPL_NS : OBJ_NS, name);
  return childText(at, at === el ? IMPL_NS : OBJ_NS, path.at(-1)!);
};

const listed = (el: XmlElement, list: string, item: string) => childrenOf(onlyChild(el, IMPL_NS, list), OBJ_NS, item);

describe('ExtendedAPI getTransactionDetails and transactionsSearch, REST GET transaction', () => {
  let t: TestGateway;
  let paid: MadePayment;
  let cancelled: MadePayment;
  let paidAgain: MadePayment;
  let withEmail: MadePayment;
  let start: Date;
  let otherAuthorization: string;

  before(async () => {
    t = await startTestGateway();
    start = t.clock.now();
    paid = await soapPayment(t, { orderRef: 'ORDER-A', amount: '1000', orderAmount: '1000' });
    t.clock.advanceMinutes(10);
    cancelled = await soapPayment(t, { orderRef: 'ORDER-B', amount: '2500', orderAmount: '2500' }, 'abort');
    t.clock.advanceMinutes(10);
    paidAgain = await soapPayment(t, { orderRef: 'ORDER-A', amount: '400', orderAmount: '400' });
    t.clock.advanceMinutes(10);
    withEmail = await restPayment(t, {
      order: { reference: 'ORDER-C', amount: 700, currency: 'EUR', country: 'BE' },
      payment: { paymentType: 'ONE_OFF', capture: 'AUTOMATIC', amount: 700 },
      buyer: { firstName: 'Anna', lastName: 'Peeters', email: 'Anna@Example.be' },
    });
    otherAuthorization = await otherMerchantAuthorization(t);
  });
  after(() => t.close());

  describe('getTransactionDetails', () => {
    it('by transactionId: the accepted payment with its payment, order, buyer, bank account and point of sale', async () => {
      const answer = await getTransactionDetails(t, { transactionId: paid.transactionId });
      const { element, result } = conformant(answer, 'getTransactionDetails');
      assert.deepEqual(result, { code: '00000', shortMessage: 'ACCEPTED', longMessage: 'Transaction approved' });
      assert.equal(objText(element, 'transaction', 'id'), paid.transactionId);
      assert.match(objText(element, 'transaction', 'date')!, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
      assert.equal(objText(element, 'transaction', 'type'), 'AUTHOR+CAP');
      assert.equal(objText(element, 'transaction', 'orderReference'), 'ORDER-A');
      assert.equal(JSON.parse(objText(element, 'transaction', 'partnerAdditionalData')!).status, 'SUCCEEDED');
      assert.equal(objText(element, 'payment', 'amount'), '1000');
      assert.equal(objText(element, 'payment', 'currency'), '978');
      assert.equal(objText(element, 'payment', 'action'), '101');
      assert.equal(objText(element, 'payment', 'mode'), 'CPT');
      assert.equal(objText(element, 'payment', 'contractNumber'), 'PAYCONIQFP');
      assert.equal(objText(element, 'payment', 'method'), 'PAYCONIQ_MNXT');
      assert.equal(objText(element, 'authorization', 'date'), objText(element, 'transaction', 'date'));
      assert.equal(objText(element, 'order', 'ref'), 'ORDER-A');
      assert.equal(objText(element, 'order', 'amount'), '1000');
      assert.equal(objText(element, 'buyer', 'lastName'), 'Doe');
      assert.equal(objText(element, 'buyer', 'firstName'), 'John', "the payer's name from Payconiq");
      assert.equal(objText(element, 'card', 'type'), 'PAYCONIQ_MNXT');
      assert.equal(childText(element, IMPL_NS, 'contractNumber'), 'PAYCONIQFP');
      assert.equal(objText(element, 'bankAccountData', 'bankCode'), 'GKCCBEBB');
      assert.equal(objText(element, 'bankAccountData', 'accountNumber'), '*************20992');
      assert.equal(objText(element, 'pointOfSell', 'label'), 'DemoShop');
      assert.deepEqual(listed(element, 'associatedTransactionsList', 'associatedTransactions'), [], 'no refund yet');
      assert.equal(
        onlyChild(element, IMPL_NS, 'statusHistoryList').attrs['{http://www.w3.org/2001/XMLSchema-instance}nil'],
        'true',
        'no history unless asked',
      );
    });

    it('transactionHistory=Y: the statuses the payment went through, ending ACCEPTED', async () => {
      const { element } = conformant(
        await getTransactionDetails(t, { transactionId: paid.transactionId, transactionHistory: 'Y' }),
        'getTransactionDetails',
      );
      const history = listed(element, 'statusHistoryList', 'statusHistory');
      const statuses = history.map((h) => childText(h, OBJ_NS, 'status'));
      assert.ok(history.length >= 2, statuses.join());
      assert.equal(statuses[0], 'INPROGRESS', 'the buyer opened the page');
      assert.equal(statuses.at(-1), 'ACCEPTED');
      statuses.forEach((s, i) => assert.notEqual(s, statuses[i - 1], 'repeated statuses collapse'));
      for (const h of history) {
        assert.equal(childText(h, OBJ_NS, 'transactionId'), paid.transactionId);
        assert.equal(childText(h, OBJ_NS, 'amount'), '1000');
        assert.equal(childText(h, OBJ_NS, 'fees'), '0');
        assert.match(childText(h, OBJ_NS, 'date')!, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
      }
    });

    it('a cancelled payment answers its own result, 02008 CANCELLED', async () => {
      const { element, result } = conformant(
        await getTransactionDetails(t, { transactionId: cancelled.transactionId, transactionHistory: 'y' }),
        'getTransactionDetails',
      );
      assert.deepEqual(result, {
        code: '02008',
        shortMessage: 'CANCELLED',
        longMessage: 'Transaction canceled by user',
      });
      assert.equal(objText(element, 'order', 'ref'), 'ORDER-B');
      assert.equal(
        listed(element, 'statusHistoryList', 'statusHistory').at(-1) &&
          childText(listed(element, 'statusHistoryList', 'statusHistory').at(-1)!, OBJ_NS, 'status'),
        'CANCELLED',
      );
    });

    it('by orderRef: the newest transaction of the order; startDate/endDate narrow it', async () => {
      const newest = await getTransactionDetails(t, { orderRef: 'ORDER-A' });
      assert.equal(newest.field('id'), paidAgain.transactionId);
      const firstOnly = await getTransactionDetails(t, {
        orderRef: 'ORDER-A',
        startDate: searchDate(start),
        endDate: searchDate(new Date(start.getTime() + 5 * 60_000)),
      });
      assert.equal(firstOnly.field('id'), paid.transactionId);
    });

    const refusals: [string, Record<string, string>, string, string][] = [
      ['neither transactionId nor orderRef', {}, '02308', 'Invalid value for transactionId (or orderRef)'],
      ['transactionId with a slash', { transactionId: '../1' }, '02305', 'Invalid field format transactionId'],
      ['unknown transactionId', { transactionId: '19999999999999' }, '02301', 'Transaction ID is invalid.'],
      [
        'orderRef without transaction',
        { orderRef: 'NO-SUCH-ORDER' },
        '02310',
        'No transaction matching with search criteria',
      ],
      [
        'unreadable startDate',
        { orderRef: 'ORDER-A', startDate: '2026-11-26' },
        '02305',
        'Invalid field format startDate',
      ],
      [
        'endDate before startDate',
        { orderRef: 'ORDER-A', startDate: '02/01/2026', endDate: '01/01/2026' },
        '02312',
        'Search criteria are invalid: endDate is before startDate',
      ],
      [
        'more than a year',
        { orderRef: 'ORDER-A', startDate: '01/01/2025 00:00', endDate: '01/01/2026 00:01' },
        '02320',
        'The searched time interval is too long: startDate to endDate spans more than 1 year',
      ],
    ];
    for (const [name, fields, code, longMessage] of refusals) {
      it(`${name} → ${code}`, async () => {
        const { result } = conformant(await getTransactionDetails(t, fields), 'getTransactionDetails');
        assert.deepEqual(result, { code, shortMessage: 'ERROR', longMessage });
      });
    }

    it("another merchant's transaction is answered exactly like an unknown one", async () => {
      const theirs = await getTransactionDetails(
        t,
        { transactionId: paid.transactionId },
        { authorization: otherAuthorization },
      );
      const unknown = await getTransactionDetails(
        t,
        { transactionId: '19999999999999' },
        { authorization: otherAuthorization },
      );
      assert.equal(theirs.field('code'), '02301');
      assert.equal(theirs.body, unknown.body);
      assert.equal(
        (await getTransactionDetails(t, { orderRef: 'ORDER-A' }, { authorization: otherAuthorization })).field('code'),
        '02310',
      );
    });
  });

  describe('transactionsSearch', () => {
    const period = () => ({
      startDate: searchDate(start),
      endDate: searchDate(new Date(t.clock.now().getTime() + 60_000)),
    });
    const ids = (answer: SoapAnswer) =>
      listed(conformant(answer, 'transactionsSearch').element, 'transactionList', 'transaction').map((tr) =>
        childText(tr, OBJ_NS, 'id'),
      );

    it('the period: every transaction of the merchant, oldest first, with payment and card', async () => {
      const answer = await transactionsSearch(t, period());
      const { element, result } = conformant(answer, 'transactionsSearch');
      assert.deepEqual(result, { code: '00000', shortMessage: 'ACCEPTED', longMessage: 'Transaction approved' });
      assert.deepEqual(
        ids(answer),
        [paid, cancelled, paidAgain, withEmail].map((p) => p.transactionId),
      );
      const first = listed(element, 'transactionList', 'transaction')[0]!;
      assert.equal(childText(first, OBJ_NS, 'orderReference'), 'ORDER-A');
      assert.equal(childText(first, OBJ_NS, 'type'), 'AUTHOR+CAP');
      assert.equal(childText(onlyChild(first, OBJ_NS, 'payment'), OBJ_NS, 'amount'), '1000');
      assert.equal(childText(onlyChild(first, OBJ_NS, 'card'), OBJ_NS, 'type'), 'PAYCONIQ_MNXT');
    });

    const filters: [string, Record<string, string>, () => MadePayment[]][] = [
      ['transactionId', { transactionId: 'ID' }, () => [cancelled]],
      ['orderRef', { orderRef: 'ORDER-A' }, () => [paid, paidAgain]],
      ['returnCode', { returnCode: '02008' }, () => [cancelled]],
      ['contractNumber', { contractNumber: 'PAYCONIQFP' }, () => [paid, cancelled, paidAgain, withEmail]],
      ['minAmount and maxAmount', { minAmount: '500', maxAmount: '1000' }, () => [paid, withEmail]],
      ['currency', { currency: '978' }, () => [paid, cancelled, paidAgain, withEmail]],
      ['token', { token: 'TOKEN' }, () => [paidAgain]],
      ['email, case-insensitive', { email: 'anna@example.BE' }, () => [withEmail]],
      ['name (buyer last name)', { name: 'doe' }, () => [paid, cancelled, paidAgain]],
      ['firstName, as sent or as paid', { firstName: 'Anna' }, () => [withEmail]],
      ['paymentMean PAYCONIQ_MNXT', { paymentMean: 'PAYCONIQ_MNXT', orderRef: 'ORDER-B' }, () => [cancelled]],
    ];
    for (const [name, criteria, expected] of filters) {
      it(`filter by ${name}`, async () => {
        const fields = { ...criteria };
        if (fields.transactionId) fields.transactionId = cancelled.transactionId;
        if (fields.token) fields.token = paidAgain.token;
        assert.deepEqual(
          ids(await transactionsSearch(t, { ...period(), ...fields })),
          expected().map((p) => p.transactionId),
        );
      });
    }

    it('filter by pointOfSellId', async () => {
      const [pos] = await t.gateway.deps.merchants.listPointsOfSale(t.merchantId);
      assert.equal(ids(await transactionsSearch(t, { ...period(), pointOfSellId: pos!.id })).length, 4);
      assert.equal((await transactionsSearch(t, { ...period(), pointOfSellId: 'elsewhere' })).field('code'), '02310');
    });

    const refusals: [string, Record<string, string | null>, string, string][] = [
      ['no match', { orderRef: 'NO-SUCH-ORDER' }, '02310', 'No transaction matching with search criteria'],
      [
        'another payment mean',
        { paymentMean: 'CB' },
        '02310',
        'No transaction matching with search criteria: Passerelle only has PAYCONIQ_MNXT transactions',
      ],
      ['missing startDate', { startDate: null }, '02308', 'Invalid value for startDate'],
      ['missing endDate', { endDate: '' }, '02308', 'Invalid value for endDate'],
      ['unreadable endDate', { endDate: 'endDate' }, '02305', 'Invalid field format endDate'],
      [
        'endDate before startDate',
        { startDate: '02/01/2026', endDate: '01/01/2026 23:59' },
        '02312',
        'Search criteria are invalid: endDate is before startDate',
      ],
      [
        'more than a year',
        { startDate: '01/01/2025', endDate: '01/01/2026' },
        '02320',
        'The searched time interval is too long: startDate to endDate spans more than 1 year',
      ],
      ['a 4-digit returnCode', { returnCode: '0000' }, '02305', 'Invalid field format returnCode'],
      ['a decimal amount', { minAmount: '10.00' }, '02305', 'Invalid field format minAmount'],
      ['an alphabetic currency', { currency: 'EUR' }, '02305', 'Invalid field format currency'],
      [
        'minAmount above maxAmount',
        { minAmount: '2000', maxAmount: '1000' },
        '02312',
        'Search criteria are invalid: minAmount is greater than maxAmount',
      ],
      [
        'a walletId',
        { walletId: 'W1' },
        '02312',
        'Search criteria are invalid: walletId cannot be searched, PAYCONIQ_MNXT transactions have none',
      ],
      [
        'an authorizationNumber',
        { authorizationNumber: 'A55A' },
        '02312',
        'Search criteria are invalid: authorizationNumber cannot be searched, PAYCONIQ_MNXT transactions have none',
      ],
      [
        'a card number',
        { cardNumber: '4970101122334455' },
        '02305',
        'Invalid field format cardNumber: card data is not accepted, Passerelle is a wallet gateway',
      ],
    ];
    for (const [name, criteria, code, longMessage] of refusals) {
      it(`${name} → ${code}`, async () => {
        const answer = await transactionsSearch(t, { ...period(), ...criteria });
        const { element, result } = conformant(answer, 'transactionsSearch');
        assert.deepEqual(result, { code, shortMessage: 'ERROR', longMessage });
        assert.equal(onlyChild(element, IMPL_NS, 'transactionList').children.length, 0);
        assert.doesNotMatch(answer.body, /4970101122334455/);
      });
    }

    it('dates alone: a whole year of days is allowed, the end date covering its whole day', async () => {
      const today = searchDate(t.clock.now()).slice(0, 10);
      const answer = await transactionsSearch(t, {
        startDate: searchDate(new Date(t.clock.now().getTime() - 364 * 86_400_000)).slice(0, 10),
        endDate: today,
      });
      assert.equal(answer.field('code'), '00000');
      assert.equal(ids(answer).length, 4);
    });

    it('another merchant sees none of these transactions', async () => {
      const theirs = await transactionsSearch(t, period(), { authorization: otherAuthorization });
      assert.equal(theirs.field('code'), '02310');
    });

    it('more than 5000 matches → 02311 and no list', async () => {
      // 5001 transactions of another contract in 2020, inserted in one statement (the limit is what is tested).
      await t.gateway.db.query(
        `INSERT INTO transactions (id, merchant_id, contract_number, type, amount, currency, result_code, created_at, soft_descriptor)
         SELECT 'BULK' || n, $1, 'BULK', 'AUTHOR+CAP', 100, 978, '00000', TIMESTAMPTZ '2020-03-01 00:00:00+00' + n * INTERVAL '1 second', 'Bulk'
           FROM generate_series(1, 5001) AS n`,
        [t.merchantId],
      );
      const search = (endDate: string) =>
        transactionsSearch(t, { startDate: '01/03/2020', endDate, contractNumber: 'BULK' });
      const tooMany = await search('01/03/2020');
      const { element, result } = conformant(tooMany, 'transactionsSearch');
      assert.deepEqual(result, {
        code: '02311',
        shortMessage: 'ERROR',
        longMessage: 'Too many transactions match with search criteria: more than 5000 transactions, narrow the search',
      });
      assert.equal(onlyChild(element, IMPL_NS, 'transactionList').children.length, 0);
      // 01/03/2020 00:00 → 01:23:20 holds exactly 5000 of them.
      const exactly = await transactionsSearch(t, {
        startDate: '01/03/2020 00:00:01',
        endDate: '01/03/2020 01:23:20',
        contractNumber: 'BULK',
      });
      assert.equal(exactly.field('code'), '00000');
      assert.equal(
        listed(readOperationResponse(exactly.body, 'transactionsSearch').element, 'transactionList', 'transaction')
          .length,
        5000,
      );
    });
  });

  describe('REST GET /v1/checkout/transactions/{id}', () => {
    it('answers the Retail shape: result, transaction, order, buyer, associatedTransactions', async () => {
      const res = await restCall(t, 'GET', `/v1/checkout/transactions/${withEmail.transactionId}`);
      assert.equal(res.status, 200, res.body);
      assert.deepEqual(res.json.result, {
        title: 'ACCEPTED',
        code: '00000',
        detail: 'Transaction approved',
        partnerCode: 'SUCCEEDED',
      });
      const tx = res.json.transaction;
      assert.equal(tx.id, withEmail.transactionId);
      assert.equal(tx.type, 'AUTHORIZATION_AND_CAPTURE');
      assert.equal(tx.paymentMethodId, 'PAYCONIQFP');
      assert.equal(tx.requestedAmount, 700);
      assert.equal(tx.currency, 'EUR');
      assert.equal(tx.sessionId, withEmail.token);
      assert.equal(tx.partnerAdditionalData.status, 'SUCCEEDED');
      assert.equal(tx.bankAccountData.bankCode, 'GKCCBEBB');
      assert.equal(new Date(tx.date).getTime() > 0, true);
      assert.deepEqual(res.json.order, {
        reference: 'ORDER-C',
        amount: 700,
        currency: 'EUR',
        country: 'BE',
        date: res.json.order.date,
      });
      assert.equal(res.json.buyer.lastName, 'Peeters');
      assert.equal(res.json.buyer.email, 'Anna@Example.be');
      assert.deepEqual(res.json.associatedTransactions, []);
    });

    it('a cancelled payment: 200 with its CANCELLED result', async () => {
      const res = await restCall(t, 'GET', `/v1/checkout/transactions/${cancelled.transactionId}`);
      assert.equal(res.status, 200);
      assert.equal(res.json.result.code, '02008');
      assert.equal(res.json.result.title, 'CANCELLED');
    });

    it("unknown or another merchant's id → 404 02301, the same body; a malformed id → 400 02305", async () => {
      const unknown = await restCall(t, 'GET', '/v1/checkout/transactions/19999999999999');
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.json.result, { title: 'ERROR', code: '02301', detail: 'Transaction ID is invalid.' });
      const theirs = await restCall(t, 'GET', `/v1/checkout/transactions/${paid.transactionId}`, undefined, {
        authorization: otherAuthorization,
      });
      assert.equal(theirs.status, 404);
      assert.equal(theirs.body, unknown.body);
      const malformed = await restCall(t, 'GET', '/v1/checkout/transactions/12%2034');
      assert.equal(malformed.status, 400);
      assert.equal(malformed.json.result.code, '02305');
    });
  });

  describe('refunds are associated with their payment', () => {
    let refundId: string;
    before(async () => {
      // A refund as the refund use case records it: its own transaction, linked to the payment.
      refundId = '1' + paid.transactionId.slice(1, 11) + '999';
      t.clock.advanceMinutes(5);
      await t.gateway.db.query(
        `INSERT INTO transactions (id, merchant_id, contract_number, type, amount, currency, result_code, created_at, soft_descriptor, original_transaction_id)
         VALUES ($1, $2, 'PAYCONIQFP', 'REFUND', 300, 978, '00000', $3, 'Monext Demo', $4)`,
        [refundId, t.merchantId, t.clock.now(), paid.transactionId],
      );
    });

    it("the payment's associatedTransactionsList names the refund, and the refund's names the payment", async () => {
      const payment = conformant(
        await getTransactionDetails(t, { transactionId: paid.transactionId }),
        'getTransactionDetails',
      ).element;
      const [refund] = listed(payment, 'associatedTransactionsList', 'associatedTransactions');
      assert.equal(childText(refund!, OBJ_NS, 'transactionId'), refundId);
      assert.equal(childText(refund!, OBJ_NS, 'type'), 'REFUND');
      assert.equal(childText(refund!, OBJ_NS, 'amount'), '300');
      assert.equal(childText(refund!, OBJ_NS, 'status'), 'ACCEPTED');
      assert.equal(childText(refund!, OBJ_NS, 'originTransactionId'), paid.transactionId);
      assert.equal(childText(refund!, OBJ_NS, 'date'), formatPaylineDateTime(t.clock.now()));

      const answer = await getTransactionDetails(t, { transactionId: refundId, transactionHistory: 'Y' });
      const { element, result } = conformant(answer, 'getTransactionDetails');
      assert.equal(result.code, '00000');
      assert.equal(objText(element, 'transaction', 'type'), 'REFUND');
      assert.equal(objText(element, 'payment', 'action'), '421');
      assert.equal(objText(element, 'order', 'ref'), 'ORDER-A', "the payment's order");
      const [original] = listed(element, 'associatedTransactionsList', 'associatedTransactions');
      assert.equal(childText(original!, OBJ_NS, 'transactionId'), paid.transactionId);
      const history = listed(element, 'statusHistoryList', 'statusHistory');
      assert.deepEqual(
        history.map((h) => childText(h, OBJ_NS, 'originTransactionId')),
        [paid.transactionId],
      );

      const rest = await restCall(t, 'GET', `/v1/checkout/transactions/${paid.transactionId}`);
      assert.deepEqual(rest.json.associatedTransactions, [
        {
          id: refundId,
          date: t.clock.now().toISOString(),
          type: 'REFUND',
          amount: 300,
          currency: 'EUR',
          status: 'OK',
          originTransactionId: paid.transactionId,
        },
      ]);
    });

    it('a search by the order reference finds the payment and its refund', async () => {
      const answer = await transactionsSearch(t, {
        startDate: searchDate(start),
        endDate: searchDate(new Date(t.clock.now().getTime() + 60_000)),
        orderRef: 'ORDER-A',
      });
      const found = listed(conformant(answer, 'transactionsSearch').element, 'transactionList', 'transaction').map(
        (tr) => childText(tr, OBJ_NS, 'id'),
      );
      assert.deepEqual(found, [paid.transactionId, paidAgain.transactionId, refundId]);
    });
  });
});
