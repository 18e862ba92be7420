import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SimPayment } from '../../src/simulator/payconiq/payment.js';
import { PaymentBook } from '../../src/simulator/payconiq/payment-book.js';

/** The in-memory store's book: what its expiry sweep and refund settlement are handed. */

const CREDITOR = { merchantId: 'M1', name: 'Shop', iban: 'BE68539007547034' };
const T0 = Date.parse('2026-03-02T09:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function payment(id: string, expiresInMinutes: number): Omit<SimPayment, 'seq'> {
  return {
    paymentId: id,
    ppid: '5bb37284e35e2b29e363df22',
    creditor: CREDITOR,
    amount: 100,
    currency: 'EUR',
    status: 'PENDING',
    createdAt: at(0),
    expireAt: at(expiresInMinutes),
    version: 0,
  };
}

describe('simulator payment book', () => {
  it('hands over due payments once, in expiry order, whatever order they were created in and whatever their lifetime', () => {
    const book = new PaymentBook();
    for (const [id, minutes] of [
      ['long', 60],
      ['short', 2],
      ['default', 20],
      ['paid', 5],
    ] as const)
      book.add(payment(id, minutes));
    book.get('paid')!.status = 'SUCCEEDED';

    assert.deepEqual(book.takeDueForExpiry(at(1)), []);
    assert.deepEqual(
      book.takeDueForExpiry(at(20)).map((p) => p.paymentId),
      ['short', 'default'],
      'the paid one is skipped',
    );
    assert.deepEqual(book.takeDueForExpiry(at(30)), [], 'nothing is handed over twice');
    assert.deepEqual(
      book.takeDueForExpiry(at(60)).map((p) => p.paymentId),
      ['long'],
    );
    assert.equal(book.get('short')?.paymentId, 'short', 'expired payments stay readable');
  });

  it('hands over payments with a refund in progress once per request', () => {
    const book = new PaymentBook();
    const p = book.add(payment('a', 20));
    book.refundRequested(p);
    book.refundRequested(p);
    assert.deepEqual(book.takeRefunding(), [p]);
    assert.deepEqual(book.takeRefunding(), []);
  });
});
