import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PaymentSession } from '../../src/domain/payment-session.js';
import { remembered, sessionChangeStatement } from '../../src/store/session-write.js';

const stored = (): PaymentSession =>
  remembered(
    {
      token: '1abcdefghijklmnopqrst',
      channel: 'web',
      merchantId: 'M1',
      pointOfSaleId: 'POS1',
      contractNumber: 'C1',
      cardCode: 'PAYCONIQ_MNXT',
      resultCode: '02306',
      amount: 1000,
      currency: 978,
      orderRef: 'ORDER-1',
      softDescriptor: 'SHOP',
      returnUrl: 'https://shop.example/return',
      cancelUrl: 'https://shop.example/cancel',
      request: { payment: { amount: '1000' } } as unknown as PaymentSession['request'],
      createdAt: new Date('2026-12-03T10:00:00Z'),
      expiresAt: new Date('2026-12-03T11:01:00Z'),
      buyerArrivedAt: new Date('2026-12-03T10:00:05Z'),
      pollAttempts: 0,
    },
    '4242',
  );

/** The `SET` list of the statement's session update. */
const setList = (sql: string) => /UPDATE web_sessions SET (.*?) WHERE token = \$1/.exec(sql)?.[1];

describe('a session change as one statement', () => {
  it('sets only the columns the change changes, checked against the version the session was read at', () => {
    const current = stored();
    const { sql, params } = sessionChangeStatement(
      { session: { ...current, resultCode: '02000', partnerStatus: 'IDENTIFIED' } },
      current,
    );
    assert.equal(setList(sql), 'result_code = $2, partner_status = $3');
    assert.match(sql, /AND xmin = \$4::text::xid/);
    assert.deepEqual(params, [current.token, '02000', 'IDENTIFIED', '4242']);
  });

  it('a date equal in value is unchanged, whatever the object', () => {
    const current = stored();
    const { sql } = sessionChangeStatement(
      { session: { ...current, buyerArrivedAt: new Date(current.buyerArrivedAt!.getTime()), pollAttempts: 1 } },
      current,
    );
    assert.equal(setList(sql), 'poll_attempts = $2');
  });

  it('with nothing changed (a history entry alone) the row still gets a new version', () => {
    const current = stored();
    const { sql, params } = sessionChangeStatement(
      { session: { ...current }, event: { source: 'poll', partnerStatus: 'PENDING', at: new Date() } },
      current,
    );
    assert.equal(setList(sql), 'result_code = result_code');
    assert.match(sql, /INSERT INTO session_events/);
    assert.equal(params[0], current.token);
  });

  it('refuses a session that did not come from the store (no version to check against)', () => {
    const current = { ...stored() };
    assert.throws(() => sessionChangeStatement({ session: current }, current), /no row version/);
  });
});
