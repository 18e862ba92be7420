import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { searchDate, soapPayment, type MadePayment } from '../support/extended-api.js';
import { referenceWsdlPath, REFERENCE_MISSING } from '../support/payline-reference.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import type { Wire } from '../support/wire.js';

/**
 * node-soap clients generated from Payline's ExtendedAPI.wsdl and DirectPaymentAPI.wsdl 4.77,
 * over real HTTP: envelopes built and answers parsed by the schema, as a merchant's integration does.
 */

type Answer = Record<string, Wire>;

async function client(t: TestGateway, service: 'ExtendedAPI' | 'DirectPaymentAPI'): Promise<soap.Client> {
  const c = await soap.createClientAsync(referenceWsdlPath(service));
  c.setEndpoint(`${t.baseUrl}/V4/services/${service}`);
  c.setSecurity(new soap.BasicAuthSecurity(t.merchantId, t.accessKey));
  return c;
}

const call = async (c: soap.Client, operation: string, args: Answer): Promise<Answer> =>
  ((await c[`${operation}Async`](args)) as [Answer])[0];
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : ([v].flat() as T[]));

describe(
  'node-soap clients from Payline WSDL 4.77: ExtendedAPI and DirectPaymentAPI',
  { skip: REFERENCE_MISSING },
  () => {
    let t: TestGateway;
    let extended: soap.Client;
    let direct: soap.Client;
    let paid: MadePayment;
    let cancelled: MadePayment;
    let start: Date;

    before(async () => {
      t = await startTestGateway();
      start = t.clock.now();
      paid = await soapPayment(t, { orderRef: 'ORDER-42', amount: '1250', orderAmount: '1250' });
      t.clock.advanceMinutes(1);
      cancelled = await soapPayment(t, { orderRef: 'ORDER-43' }, 'abort');
      extended = await client(t, 'ExtendedAPI');
      direct = await client(t, 'DirectPaymentAPI');
    });
    after(() => t.close());

    it('getTransactionDetails with transactionHistory=Y', async () => {
      const answer = await call(extended, 'getTransactionDetails', {
        version: '34',
        transactionId: paid.transactionId,
        transactionHistory: 'Y',
      });
      assert.deepEqual(answer.result, {
        code: '00000',
        shortMessage: 'ACCEPTED',
        longMessage: 'Transaction approved',
        partnerCode: 'SUCCEEDED',
      });
      assert.equal(answer.transaction.id, paid.transactionId);
      assert.equal(answer.transaction.type, 'AUTHOR+CAP');
      assert.equal(answer.transaction.orderReference, 'ORDER-42');
      assert.equal(answer.payment.amount, '1250');
      assert.equal(answer.payment.method, 'PAYCONIQ_MNXT');
      assert.equal(answer.order.ref, 'ORDER-42');
      assert.equal(answer.buyer.lastName, 'Doe');
      assert.equal(answer.contractNumber, 'PAYCONIQFP');
      assert.equal(answer.bankAccountData.bankCode, 'GKCCBEBB');
      assert.equal(answer.pointOfSell.label, 'DemoShop');
      const history = list<Answer>(answer.statusHistoryList.statusHistory);
      assert.equal(history.at(-1)!.status, 'ACCEPTED');
      assert.ok(history.every((h) => h.transactionId === paid.transactionId && h.amount === '1250'));
    });

    it('getTransactionDetails by orderRef, and unknown → 02301', async () => {
      const byRef = await call(extended, 'getTransactionDetails', { version: '34', orderRef: 'ORDER-43' });
      assert.equal(byRef.result.code, '02008');
      assert.equal(byRef.transaction.id, cancelled.transactionId);
      const unknown = await call(extended, 'getTransactionDetails', { version: '34', transactionId: '19999999999999' });
      assert.deepEqual(unknown.result, {
        code: '02301',
        shortMessage: 'ERROR',
        longMessage: 'Transaction ID is invalid.',
      });
    });

    it('transactionsSearch over the period, by returnCode, and with no match', async () => {
      const period = { startDate: searchDate(start), endDate: searchDate(new Date(t.clock.now().getTime() + 60_000)) };
      const all = await call(extended, 'transactionsSearch', { version: '34', ...period });
      assert.equal(all.result.code, '00000');
      assert.deepEqual(
        list<Answer>(all.transactionList.transaction).map((tr) => tr.id),
        [paid.transactionId, cancelled.transactionId],
      );
      const refused = await call(extended, 'transactionsSearch', { version: '34', ...period, returnCode: '02008' });
      assert.deepEqual(
        list<Answer>(refused.transactionList.transaction).map((tr) => [tr.id, tr.orderReference, tr.payment.amount]),
        [[cancelled.transactionId, 'ORDER-43', '1000']],
      );
      const none = await call(extended, 'transactionsSearch', { version: '34', ...period, orderRef: 'NOPE' });
      assert.deepEqual(none.result, {
        code: '02310',
        shortMessage: 'ERROR',
        longMessage: 'No transaction matching with search criteria',
      });
    });

    it('doCapture and doReset of the paid transaction explain why they cannot be done', async () => {
      const capture = await call(direct, 'doCapture', {
        version: '34',
        transactionID: paid.transactionId,
        payment: { amount: '1250', currency: '978', action: '201', mode: 'CPT', contractNumber: 'PAYCONIQFP' },
      });
      assert.deepEqual(capture.result, {
        code: '02617',
        shortMessage: 'ERROR',
        longMessage:
          'The transaction is already captured: Payconiq by Bancontact payments are captured when the buyer pays',
      });
      const reset = await call(direct, 'doReset', { version: '34', transactionID: paid.transactionId });
      assert.equal(reset.result.code, '02600');
      assert.match(
        reset.result.longMessage,
        /^Reset is not supported for transaction type AUTHOR\+CAP: .*use doRefund$/,
      );
    });

    it('an unavailable operation answers its own response with 02010 and the reason', async () => {
      const answer = await call(direct, 'getWallet', { version: '34', contractNumber: 'PAYCONIQFP', walletId: 'W1' });
      assert.deepEqual(answer.result, {
        code: '02010',
        shortMessage: 'ERROR',
        longMessage:
          "Requested function not available: wallets are not supported for PAYCONIQ_MNXT, the buyer's Payconiq app is the wallet",
      });
    });
  },
);
