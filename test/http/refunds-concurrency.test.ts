import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addOwnContract,
  paidPayment,
  partnerRefundProbe,
  refundRows,
  restRefund,
  settleRefunds,
  soapRefund,
} from '../support/refund-client.js';
import { createTestDatabase, DRIVER } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const PAYMENT = 1000;
const PART = 30;
const DISTINCT = 50;
const RETRIED = 10;

interface Answer {
  request: number;
  code: string;
  refundId?: string | undefined;
}

/**
 * DISTINCT partial refunds of PART on one payment of PAYMENT (more than it can take), plus
 * RETRIED of them sent a second time with the same key, all at once, spread over `gateways`
 * (SOAP with a sequenceNumber, REST with an Idempotency-Key). Then checks the answers against
 * the final state, in the gateway and at the partner.
 */
async function refundConcurrently(
  gateways: TestGateway[],
  partnerHost: TestGateway,
  contractNumber: string,
): Promise<void> {
  const [first] = gateways;
  const { token, transactionId } = await paidPayment(first!, { amount: PAYMENT, contractNumber });
  const send = async (request: number, via: TestGateway): Promise<Answer> => {
    if (request % 2 === 0) {
      const res = await soapRefund(via, {
        transactionID: transactionId,
        amount: String(PART),
        contractNumber,
        sequenceNumber: `SEQ-${request}`,
      });
      assert.equal(res.status, 200, res.body);
      return { request, code: res.field('code')!, refundId: res.field('id') };
    }
    const res = await restRefund(via, transactionId, { amount: PART }, { key: `KEY-${request}` });
    assert.ok([201, 400].includes(res.status), res.body);
    return { request, code: res.json.result.code, refundId: res.json.transaction?.id };
  };
  const calls: Promise<Answer>[] = [];
  for (let i = 0; i < DISTINCT; i++) calls.push(send(i, gateways[i % gateways.length]!));
  for (let i = 0; i < RETRIED; i++) calls.push(send(i, gateways[(i + 1) % gateways.length]!));
  const answers = await Promise.all(calls);

  const accepted = answers.filter((a) => a.code === '00000');
  const refused = answers.filter((a) => a.code === '02613');
  assert.equal(
    accepted.length + refused.length,
    answers.length,
    `only 00000 and 02613: ${answers.map((a) => a.code).join(',')}`,
  );
  assert.ok(
    refused.every((a) => a.refundId === undefined),
    'a refused request has no transaction',
  );
  // A retried request gets exactly what the first got.
  for (let i = 0; i < RETRIED; i++) {
    const pair = answers.filter((a) => a.request === i);
    assert.equal(pair.length, 2);
    assert.deepEqual(pair[0], pair[1], `request ${i} and its retry`);
  }
  const acceptedIds = new Set(accepted.map((a) => a.refundId));
  const distinctAccepted = new Set(accepted.map((a) => a.request)).size;
  assert.equal(acceptedIds.size, distinctAccepted, 'one refund per accepted request');
  assert.equal(distinctAccepted, Math.floor(PAYMENT / PART), 'as many refunds as the payment can take, not one more');

  await settleRefunds(partnerHost);
  if (partnerHost !== first) await settleRefunds(first!);
  const rows = await refundRows(first!, transactionId);
  assert.deepEqual(new Set(rows.map((r) => r.id)), acceptedIds, 'the stored refunds are exactly the accepted answers');
  assert.ok(rows.every((r) => r.status === 'REFUNDED' && r.result_code === '00000'));
  const total = rows.reduce((sum, r) => sum + r.amount, 0);
  assert.ok(total <= PAYMENT);
  assert.equal(total, Math.floor(PAYMENT / PART) * PART);

  // The partner agrees: what is left there is exactly what is left here.
  assert.equal(await partnerRefundProbe(first!, token, PAYMENT - total + 1, 'probe-over'), 'INVALID_REFUND_AMOUNT');
  assert.equal(await partnerRefundProbe(first!, token, PAYMENT - total, 'probe-rest'), 'created');
}

describe(`concurrent refunds of one payment on ${DRIVER}`, () => {
  it(`${DISTINCT} partial refunds (+${RETRIED} retries) at once through one gateway: never more than the payment`, async () => {
    const t = await startTestGateway();
    try {
      await refundConcurrently([t], t, 'PAYCONIQFP');
    } finally {
      await t.close();
    }
  });
});

// PGlite is embedded in one process by design: two gateway processes exist in the PostgreSQL run only.
if (DRIVER === 'postgres')
  describe('concurrent refunds through two gateway processes on one PostgreSQL', () => {
    it(`${DISTINCT} partial refunds (+${RETRIED} retries) spread over both: the payment row lock holds across processes`, async () => {
      const database = await createTestDatabase();
      const [a, b] = await Promise.all([startTestGateway({ database }), startTestGateway({ database })]);
      try {
        // Both processes must reach the same partner: a contract with its own settings, on A's simulator.
        const own = await addOwnContract(a, { contractNumber: 'PQSHARED', host: a });
        await refundConcurrently([a, b], a, own.contractNumber);
      } finally {
        await Promise.all([a.close(), b.close()]);
        await database.drop();
      }
    });
  });
