import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../src/domain/gateway-error.js';
import { formatPaylineShortDateTime } from '../../src/domain/payline-date.js';
import {
  applyRefundOutcome,
  decideRefund,
  REFUND_WINDOW_MS,
  refundedSoFar,
  type Refund,
  type RefundContext,
} from '../../src/domain/refund.js';
import { isSameCurrency, validateRefundRequest, type RefundRequest } from '../../src/domain/refund-request.js';
import type { Transaction } from '../../src/domain/transaction.js';

const PAID_AT = new Date('2026-01-10T08:00:00Z');
const original: Transaction = {
  id: '16010080000123',
  merchantId: 'M1',
  token: 'T',
  contractNumber: 'PAYCONIQFP',
  type: 'AUTHOR+CAP',
  amount: 1000,
  currency: 978,
  resultCode: '00000',
  createdAt: PAID_AT,
  softDescriptor: 'Shop',
};

function context(request: RefundRequest, over: Partial<RefundContext> = {}): RefundContext {
  return {
    merchantId: 'M1',
    request: validateRefundRequest({ transactionId: original.id, ...request }),
    original,
    payment: { partnerPaymentId: 'p'.repeat(24), notificationUrl: 'https://shop.example/n' },
    refundTotals: {},
    now: new Date(PAID_AT.getTime() + 60_000),
    newId: '16010080100456',
    submitLeaseMs: 30_000,
    ...over,
  };
}

const created = (ctx: RefundContext): Refund => {
  const d = decideRefund(ctx);
  assert.equal(d.kind, 'create');
  return (d as { refund: Refund }).refund;
};

const refusal = (ctx: RefundContext) => {
  const d = decideRefund(ctx);
  return d.kind === 'refuse' ? d.code : d.kind;
};

describe('refund rules (pure)', () => {
  it('validates the request fields in order, naming the field', () => {
    const codeOf = (req: RefundRequest) => {
      try {
        validateRefundRequest(req);
        return 'ok';
      } catch (err) {
        return `${(err as GatewayError).code} ${(err as GatewayError).result.longMessage}`;
      }
    };
    assert.equal(codeOf({ amount: '1' }), '02308 Invalid value for transactionID');
    assert.equal(codeOf({ transactionId: 'a b', amount: '1' }), '02305 Invalid field format transactionID');
    assert.equal(codeOf({ transactionId: '1', amount: ' ' }), '02308 Invalid value for payment.amount');
    assert.equal(codeOf({ transactionId: '1', amount: '-0' }), '02308 Invalid value for payment.amount');
    assert.equal(codeOf({ transactionId: '1', amount: '1e3' }), '02305 Invalid field format payment.amount');
    assert.equal(codeOf({ transactionId: '1', amount: '999999999999' }), 'ok');
    assert.equal(
      codeOf({ transactionId: '1', amount: '1', currency: '97' }),
      '02305 Invalid field format payment.currency',
    );
    assert.equal(
      codeOf({ transactionId: '1', amount: '1', comment: 'x'.repeat(256) }),
      '02305 Invalid field format comment',
    );
    assert.equal(
      codeOf({ transactionId: '1', amount: '1', sequenceNumber: 'x'.repeat(51) }),
      '02305 Invalid field format sequenceNumber',
    );
    assert.equal(
      codeOf({ transactionId: '1', amount: '1', idempotencyKey: 'with space' }),
      '02305 Invalid field format Idempotency-Key',
    );
  });

  it('currencies compare numerically or alphabetically', () => {
    assert.ok(isSameCurrency('978', 978));
    assert.ok(isSameCurrency('eur', 978));
    assert.ok(!isSameCurrency('USD', 978));
    assert.ok(!isSameCurrency('840', 978));
  });

  it('creates a PENDING refund (02000 until the partner accepts) carrying what retries and notifications need', () => {
    const r = created(context({ amount: '300', comment: 'returned', sequenceNumber: 'S1' }));
    assert.deepEqual(
      [
        r.id,
        r.status,
        r.resultCode,
        r.amount,
        r.currency,
        r.originalTransactionId,
        r.sequenceNumber,
        r.idempotencyKey,
        r.notificationUrl,
        r.attempts,
      ],
      ['16010080100456', 'PENDING', '02000', 300, 978, original.id, 'S1', undefined, 'https://shop.example/n', 0],
    );
    assert.equal(
      r.nextAttemptAt?.getTime(),
      PAID_AT.getTime() + 60_000 + 30_000,
      'the worker takes over if the request does not finish',
    );
  });

  it('the remaining amount counts pending and refunded refunds, not failed ones', () => {
    const refundTotals = { PENDING: 400, REFUNDED: 300, FAILED: 300 };
    assert.equal(refundedSoFar(refundTotals), 700);
    assert.equal(refusal(context({ amount: '301' }, { refundTotals })), '02613');
    assert.equal(refusal(context({ amount: '300' }, { refundTotals })), 'create');
  });

  it('refuses with a code per rule', () => {
    assert.equal(refusal(context({ amount: '1' }, { original: { ...original, resultCode: '02008' } })), '02314');
    assert.equal(refusal(context({ amount: '1' }, { original: { ...original, type: 'REFUND' } })), '02314');
    assert.equal(refusal(context({ amount: '1' }, { payment: {} })), '02314');
    assert.equal(refusal(context({ amount: '1', contractNumber: 'OTHER' })), '02303');
    assert.equal(refusal(context({ amount: '1', currency: '840' })), '02620');
    assert.equal(refusal(context({ amount: '1' }, { merchantId: 'M2' })), '02604');
    assert.equal(refusal(context({ amount: '1' }, { now: new Date(PAID_AT.getTime() + REFUND_WINDOW_MS) })), 'create');
    assert.equal(
      refusal(context({ amount: '1' }, { now: new Date(PAID_AT.getTime() + REFUND_WINDOW_MS + 1) })),
      '02602',
    );
  });

  it('a known key replays whatever the rules would say now; the same key for another request → 02001', () => {
    const first = created(context({ amount: '1000', sequenceNumber: 'S1' }));
    const late = new Date(PAID_AT.getTime() + 2 * REFUND_WINDOW_MS);
    assert.deepEqual(
      decideRefund(
        context(
          { amount: '1000', sequenceNumber: 'S1' },
          { sameKey: first, refundTotals: { PENDING: 1000 }, now: late },
        ),
      ),
      { kind: 'replay', refund: first },
    );
    assert.equal(
      refusal(context({ amount: '999', sequenceNumber: 'S1' }, { sameKey: first, refundTotals: { PENDING: 1000 } })),
      '02001',
    );
    assert.equal(
      refusal(
        context(
          { amount: '1000', comment: 'other', sequenceNumber: 'S1' },
          { sameKey: first, refundTotals: { PENDING: 1000 } },
        ),
      ),
      '02001',
    );
  });

  it('partner outcomes: accepted → 00000, REFUNDED/FAILED final, a refusal → 02613 or 02020, no answer → in doubt; final never changes', () => {
    const r = created(context({ amount: '300' }));
    const now = new Date(PAID_AT.getTime() + 120_000);
    const later = new Date(now.getTime() + 10_000);
    const accepted = applyRefundOutcome(
      r,
      { kind: 'accepted', partnerRefundId: 'R1', status: 'PENDING', rawStatus: 'PENDING' },
      now,
      later,
    )!;
    assert.deepEqual(
      [accepted.status, accepted.resultCode, accepted.partnerRefundId, accepted.nextAttemptAt, accepted.attempts],
      ['PENDING', '00000', 'R1', later, 1],
    );
    const unknown = applyRefundOutcome(
      accepted,
      { kind: 'accepted', partnerRefundId: 'R1', status: 'UNKNOWN', rawStatus: 'PROCESSING' },
      now,
      later,
    )!;
    assert.deepEqual([unknown.status, unknown.resultCode, unknown.partnerStatus], ['PENDING', '00000', 'PROCESSING']);
    const done = applyRefundOutcome(
      accepted,
      { kind: 'accepted', partnerRefundId: 'R1', status: 'REFUNDED', rawStatus: 'REFUNDED' },
      now,
      later,
    )!;
    assert.deepEqual(
      [done.status, done.resultCode, done.finalAt, done.nextAttemptAt],
      ['REFUNDED', '00000', now, undefined],
    );
    const failed = applyRefundOutcome(
      accepted,
      { kind: 'accepted', partnerRefundId: 'R1', status: 'FAILED', rawStatus: 'FAILED' },
      now,
      later,
    )!;
    assert.deepEqual(
      [failed.status, failed.resultCode, failed.partnerCode, failed.partnerRefundId],
      ['FAILED', '02020', 'FAILED', 'R1'],
    );
    assert.equal(
      applyRefundOutcome(
        done,
        { kind: 'accepted', partnerRefundId: 'R1', status: 'FAILED', rawStatus: 'FAILED' },
        now,
        later,
      ),
      undefined,
    );
    assert.equal(applyRefundOutcome(failed, { kind: 'unavailable', partnerCode: 'TIMEOUT' }, now, later), undefined);

    assert.deepEqual(
      pick(applyRefundOutcome(r, { kind: 'rejected', partnerCode: 'INVALID_REFUND_AMOUNT' }, now, later)!),
      ['FAILED', '02613', 'INVALID_REFUND_AMOUNT'],
    );
    assert.deepEqual(
      pick(applyRefundOutcome(r, { kind: 'rejected', partnerCode: 'REFUND_NOT_POSSIBLE' }, now, later)!),
      ['FAILED', '02020', 'REFUND_NOT_POSSIBLE'],
    );
    assert.deepEqual(pick(applyRefundOutcome(r, { kind: 'unavailable', partnerCode: 'TIMEOUT' }, now, later)!), [
      'PENDING',
      '02000',
      'TIMEOUT',
    ]);
    assert.deepEqual(
      pick(applyRefundOutcome(accepted, { kind: 'unavailable', partnerCode: 'HTTP_503' }, now, later)!),
      ['PENDING', '00000', undefined],
    );
  });

  it("formats refund dates like Payline's DirectPaymentAPI samples (dd/MM/yy HH:mm:ss)", () => {
    assert.equal(formatPaylineShortDateTime(new Date('2023-12-06T17:07:46Z')), '06/12/23 17:07:46');
  });
});

const pick = (r: Refund) => [r.status, r.resultCode, r.partnerCode];
