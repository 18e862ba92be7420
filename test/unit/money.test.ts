import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currencyExponent, parseMajorAmount } from '../../src/domain/money.js';

describe('amounts typed in major units', () => {
  it('reads a comma or a point, with the currency’s exponent', () => {
    assert.equal(parseMajorAmount('12,50', 978), 1250);
    assert.equal(parseMajorAmount('12.5', 978), 1250);
    assert.equal(parseMajorAmount(' 12 ', 978), 1200);
    assert.equal(parseMajorAmount('1 234,05', 978), 123405);
    assert.equal(parseMajorAmount('0,01', 978), 1);
    assert.equal(parseMajorAmount('0', 978), 0);
    assert.equal(parseMajorAmount('1500', 392), 1500, 'yen: no decimals');
    assert.equal(parseMajorAmount('1,234', 48), 1234, 'three decimals');
    assert.equal(currencyExponent(978), 2);
  });

  it('refuses what is not an amount', () => {
    for (const typed of ['', 'abc', '-1', '+1', '1,234', '1.234,50', '1e3', '12,', ',5', '15,5', '9999999999999'])
      assert.equal(parseMajorAmount(typed, typed === '15,5' ? 392 : 978), undefined, typed);
  });
});
