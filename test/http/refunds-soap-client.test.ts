import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { formatPaylineShortDateTime } from '../../src/domain/payline-date.js';
import { referenceWsdlPath, REFERENCE_MISSING } from '../support/payline-reference.js';
import { paidPayment, refundRows, settleRefunds } from '../support/refund-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import type { Wire } from '../support/wire.js';

type Answer = Record<string, Wire>;

/** doRefund as a Payline SDK fills it (PS `refundTransaction`: action 421, mode CPT, the payment's contract). */
const refundRequest = (transactionID: string, amount: string, extra: Answer = {}): Answer => ({
  version: '34',
  transactionID,
  payment: { amount, currency: '978', action: '421', mode: 'CPT', contractNumber: 'PAYCONIQFP' },
  comment: 'Order 42: one item returned',
  ...extra,
});

/** node-soap, built from Payline's own DirectPaymentAPI WSDL 4.77 or from ours, refunds over real HTTP. */
describe('node-soap client: doRefund on DirectPaymentAPI', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  const clients: [string, () => Promise<soap.Client>][] = [
    [
      'Payline WSDL 4.77',
      async () => {
        const client = await soap.createClientAsync(referenceWsdlPath('DirectPaymentAPI'));
        client.setEndpoint(`${t.baseUrl}/V4/services/DirectPaymentAPI`);
        return client;
      },
    ],
    ['the served WSDL', () => soap.createClientAsync(`${t.baseUrl}/V4/services/DirectPaymentAPI?wsdl`)],
  ];

  const fromReference = (label: string) => (label === 'Payline WSDL 4.77' ? REFERENCE_MISSING : undefined);
  for (const [label, make] of clients) {
    it(
      `client from ${label}: partial refund, retry, over-refund, unknown transaction`,
      { skip: fromReference(label) },
      async () => {
        const client = await make();
        client.setSecurity(new soap.BasicAuthSecurity(t.merchantId, t.accessKey));
        const refund = async (request: Answer): Promise<Answer> =>
          ((await client.doRefundAsync(request)) as [Answer])[0];
        const { transactionId } = await paidPayment(t, { amount: 1000 });

        const first = await refund(refundRequest(transactionId, '400', { sequenceNumber: 'SDK-1' }));
        assert.deepEqual(first.result, {
          code: '00000',
          shortMessage: 'ACCEPTED',
          longMessage: 'Transaction approved',
        });
        assert.match(first.transaction.id, /^\d{14}$/);
        assert.equal(first.transaction.date, formatPaylineShortDateTime(t.clock.now()));
        assert.equal(first.transaction.isDuplicated, '0');
        assert.equal(first.transaction.isPossibleFraud, '0');

        const retry = await refund(refundRequest(transactionId, '400', { sequenceNumber: 'SDK-1' }));
        assert.equal(retry.result.code, '00000');
        assert.equal(retry.transaction.id, first.transaction.id);
        assert.equal(retry.transaction.isDuplicated, '1');

        const second = await refund(refundRequest(transactionId, '600'));
        assert.equal(second.result.code, '00000');
        const over = await refund(refundRequest(transactionId, '1'));
        assert.deepEqual(over.result, {
          code: '02613',
          shortMessage: 'ERROR',
          longMessage: 'The maximal sum of the capture/refund is exceeded',
        });

        const unknown = await refund(refundRequest('19999999999999', '100'));
        assert.equal(unknown.result.code, '02604');

        await settleRefunds(t);
        assert.deepEqual((await refundRows(t, transactionId)).map((r) => [r.amount, r.status]).sort(), [
          [400, 'REFUNDED'],
          [600, 'REFUNDED'],
        ]);
      },
    );
  }
});
