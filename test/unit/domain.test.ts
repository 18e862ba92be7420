import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  newTransactionId,
  newWebPaymentToken,
  randomAlphanumeric,
  tokenCreationTime,
  TransactionIdSequence,
} from '../../src/domain/ids.js';
import { nextAttemptAt, notificationUrl } from '../../src/domain/notification.js';
import { formatPaylineDateTime, parseOrderDate } from '../../src/domain/payline-date.js';
import { resolveSoftDescriptor } from '../../src/domain/soft-descriptor.js';
import { validateWebPayment, type WebPaymentRequest } from '../../src/domain/web-payment-request.js';
import { expiryResult, isFinal, nextResult, resultForPartnerStatus } from '../../src/domain/payment-session.js';
import { GatewayError } from '../../src/domain/gateway-error.js';

const valid = (): WebPaymentRequest => ({
  payment: { amount: '1000', currency: '978', action: '101', mode: 'CPT', contractNumber: 'PAYCONIQFP' },
  order: { ref: 'R1', amount: '1000', currency: '978', country: 'be', date: '26/11/2026 10:00' },
  buyer: { firstName: 'John', lastName: 'Doe' },
  returnURL: 'https://shop.example/r',
  cancelURL: 'https://shop.example/c',
});

describe('token and ids', () => {
  it('token = 20 random alphanumerics + 13-digit creation epoch ms', () => {
    const now = new Date('2026-11-26T10:00:00.123Z');
    const token = newWebPaymentToken(now);
    assert.match(token, /^[A-Za-z0-9]{20}\d{13}$/);
    assert.equal(token.slice(20), String(now.getTime()));
    assert.deepEqual(tokenCreationTime(token), now);
    assert.equal(tokenCreationTime('short'), undefined);
  });

  it('random part is unbiased enough and never repeats in 10k draws', () => {
    const draws = new Set(Array.from({ length: 10_000 }, () => randomAlphanumeric(20)));
    assert.equal(draws.size, 10_000);
    const counts = new Map<string, number>();
    for (const ch of Array.from({ length: 2000 }, () => randomAlphanumeric(31)).join(''))
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    assert.equal(counts.size, 62, 'every character of [A-Za-z0-9] appears');
    const expected = 62_000 / 62;
    for (const [ch, n] of counts) assert.ok(n > expected * 0.8 && n < expected * 1.2, `${ch} drawn ${n} times`);
  });

  it('transaction id: 14 digits starting with 1 + year digit + day of year + HHmmss', () => {
    const id = newTransactionId(new Date('2026-02-01T17:07:46Z'));
    assert.match(id, /^16032170746\d{3}$/);
  });

  it('transaction id tails follow a sequence from a random start, wrap at 1,000 and jump when told', () => {
    const draws = [998, 500];
    const ids = new TransactionIdSequence(() => draws.shift()!);
    const at = new Date('2026-02-01T17:07:46Z');
    assert.deepEqual(
      [1, 2, 3].map(() => ids.draw(at).slice(11)),
      ['998', '999', '000'],
    );
    ids.jump();
    assert.deepEqual(
      [1, 2].map(() => ids.draw(at).slice(11)),
      ['500', '501'],
    );
  });
});

describe('Payline dates', () => {
  it('formats transaction dates as dd/MM/yyyy HH:mm:ss (UTC)', () => {
    assert.equal(formatPaylineDateTime(new Date('2023-03-01T00:12:51Z')), '01/03/2023 00:12:51');
  });
  it('parses order dates strictly', () => {
    assert.deepEqual(parseOrderDate('15/12/2014 12:20'), new Date('2014-12-15T12:20:00Z'));
    assert.deepEqual(parseOrderDate('15/12/2014 12:20:30'), new Date('2014-12-15T12:20:30Z'));
    for (const bad of [
      '2014-12-15 12:20',
      '32/01/2020 10:00',
      '29/02/2023 10:00',
      '15/12/2014 24:00',
      '15/12/14 12:20',
      '',
    ]) {
      assert.equal(parseOrderDate(bad), undefined, bad);
    }
  });
});

describe('doWebPayment validation', () => {
  const codeOf = (mutate: (r: WebPaymentRequest) => void) => {
    const r = valid();
    mutate(r);
    try {
      validateWebPayment(r);
      return 'valid';
    } catch (err) {
      assert.ok(err instanceof GatewayError);
      return `${err.code} ${err.result.longMessage}`;
    }
  };

  it('accepts the seed example and normalises it', () => {
    const v = validateWebPayment(valid());
    assert.equal(v.amount, 1000);
    assert.equal(v.country, 'BE');
    assert.equal(v.contractNumber, 'PAYCONIQFP');
  });

  it('order.amount may exceed payment.amount but not be lower', () => {
    assert.equal(
      codeOf((r) => (r.order.amount = '1500')),
      'valid',
    );
    assert.equal(
      codeOf((r) => (r.order.amount = '999')),
      '02308 Invalid value for order.amount',
    );
  });

  it('checks fields in a fixed order: the first broken rule is named', () => {
    assert.equal(
      codeOf((r) => {
        r.payment = {};
        r.order = {};
      }),
      '02308 Invalid value for payment.amount',
    );
    assert.equal(
      codeOf((r) => {
        r.buyer = undefined;
        r.order.country = undefined;
      }),
      '02308 Invalid value for order.country',
    );
  });

  it('amounts are at most 12 digits', () => {
    assert.equal(
      codeOf((r) => (r.payment.amount = '1234567890123')),
      '02305 Invalid field format payment.amount',
    );
    assert.equal(
      codeOf((r) => (r.payment.amount = '-5')),
      '02305 Invalid field format payment.amount',
    );
  });

  it('urls must be absolute http(s), at most 255 characters', () => {
    assert.equal(
      codeOf((r) => (r.returnURL = 'javascript:alert(1)')),
      '02305 Invalid field format returnURL',
    );
    assert.equal(
      codeOf((r) => (r.cancelURL = `https://x.example/${'a'.repeat(250)}`)),
      '02305 Invalid field format cancelURL',
    );
  });

  it('soft descriptor at most 64 characters', () => {
    assert.equal(
      codeOf((r) => (r.payment.softDescriptor = 'x'.repeat(65))),
      '02305 Invalid field format payment.softDescriptor',
    );
  });
});

describe('soft descriptor (seed: request, else contract trade name, else merchant trade name)', () => {
  it('falls back in order', () => {
    assert.equal(resolveSoftDescriptor('Mine', 'Monext Demo', 'Enseigne Mon compte'), 'Mine');
    assert.equal(resolveSoftDescriptor('  ', 'Monext Demo', 'Enseigne Mon compte'), 'Monext Demo');
    assert.equal(resolveSoftDescriptor(undefined, undefined, 'Enseigne Mon compte'), 'Enseigne Mon compte');
  });
});

describe('session state machine', () => {
  it('maps every Payconiq status of DESIGN.md §3', () => {
    assert.equal(resultForPartnerStatus('PENDING'), '02306');
    assert.equal(resultForPartnerStatus('IDENTIFIED'), '02000');
    assert.equal(resultForPartnerStatus('AUTHORIZED'), '02000');
    assert.equal(resultForPartnerStatus('SUCCEEDED'), '00000');
    assert.equal(resultForPartnerStatus('CANCELLED'), '02008');
    assert.equal(resultForPartnerStatus('EXPIRED'), '02324');
    assert.equal(resultForPartnerStatus('AUTHORIZATION_FAILED'), '02020');
    assert.equal(resultForPartnerStatus('FAILED'), '02020');
    assert.equal(resultForPartnerStatus('UNKNOWN'), undefined);
  });

  it('final results never change; pending ones only move forward', () => {
    for (const final of ['00000', '02008', '02324', '02534', '02020'] as const) {
      assert.ok(isFinal(final));
      assert.equal(nextResult(final, '02008'), undefined);
      assert.equal(nextResult(final, '00000'), undefined);
    }
    assert.equal(nextResult('02533', '02306'), '02306');
    assert.equal(nextResult('02000', '02306'), undefined, 'a late PENDING does not undo IDENTIFIED');
    assert.equal(nextResult('02306', '02306'), undefined);
    assert.equal(nextResult('02533', '00000'), '00000');
  });

  it('expiry: 02324 if the buyer came, 02534 if not, nothing before the delay or after a final result', () => {
    const expiresAt = new Date('2026-01-01T11:01:00Z');
    const after = new Date('2026-01-01T11:01:00Z');
    const before = new Date('2026-01-01T11:00:59Z');
    assert.equal(expiryResult({ resultCode: '02306', expiresAt, buyerArrivedAt: before }, after), '02324');
    assert.equal(expiryResult({ resultCode: '02533', expiresAt }, after), '02534');
    assert.equal(expiryResult({ resultCode: '02533', expiresAt }, before), undefined);
    assert.equal(expiryResult({ resultCode: '00000', expiresAt }, after), undefined);
  });
});

describe('notification schedule', () => {
  it('every minute for two hours, then give up', () => {
    const created = new Date('2026-01-01T10:00:00Z');
    assert.deepEqual(nextAttemptAt(created, new Date('2026-01-01T10:00:05Z')), new Date('2026-01-01T10:01:05Z'));
    assert.deepEqual(nextAttemptAt(created, new Date('2026-01-01T11:59:00Z')), new Date('2026-01-01T12:00:00Z'));
    assert.equal(nextAttemptAt(created, new Date('2026-01-01T11:59:01Z')), undefined);
  });
  it('adds notificationType and token to the merchant URL, keeping its own query', () => {
    assert.equal(
      notificationUrl({ url: 'https://shop.example/n?shop=7', type: 'WEBTRS', token: 'abc' }),
      'https://shop.example/n?shop=7&notificationType=WEBTRS&token=abc',
    );
  });
});
