import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { majorUnitsText, parseMajorAmount } from '../../src/domain/money.js';
import { readTransactionQuery } from '../../src/backoffice/transaction-query.js';
import { csvCell } from '../../src/http/backoffice/transactions-csv.js';

describe('the transactions export and filters: cells, amounts, query', () => {
  it('quotes what must be, and neutralises what a spreadsheet would run', () => {
    assert.equal(csvCell('plain', ','), 'plain');
    assert.equal(csvCell('a,b', ','), '"a,b"');
    assert.equal(csvCell('a,b', ';'), 'a,b');
    assert.equal(csvCell('a;b', ';'), '"a;b"');
    assert.equal(csvCell('say "hi"', ','), '"say ""hi"""');
    assert.equal(csvCell('two\nlines', ','), '"two\nlines"');
    assert.equal(csvCell('cr\rhere', ';'), '"cr\rhere"');
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      assert.ok(csvCell(`${start}1+1`, ',').replace(/^"/, '').startsWith(`'${start}`), JSON.stringify(start));
    assert.equal(csvCell('=SUM(A1,A2)', ','), `"'=SUM(A1,A2)"`);
    assert.equal(csvCell('a=b', ','), 'a=b');
  });

  it('reads amounts in major units exactly, and writes them back', () => {
    assert.equal(parseMajorAmount('12', 978), 1200);
    assert.equal(parseMajorAmount('12.5', 978), 1250);
    assert.equal(parseMajorAmount('12,50', 978), 1250);
    assert.equal(parseMajorAmount('1 234,56', 978), 123456);
    assert.equal(parseMajorAmount('0.29', 978), 29, 'no floating point: 0.29 * 100 is 28.999…');
    assert.equal(parseMajorAmount('12.345', 978), undefined);
    assert.equal(parseMajorAmount('-3', 978), undefined);
    assert.equal(parseMajorAmount('1e3', 978), undefined);
    assert.equal(parseMajorAmount('', 978), undefined);
    assert.equal(majorUnitsText(123456, 978), '1234.56');
    assert.equal(majorUnitsText(5, 978, ','), '0,05');
  });

  it('reads the query: a status, its codes; problems for what it cannot read', () => {
    const ok = readTransactionQuery({
      status: 'refused',
      minAmount: '10',
      to: '2026-02-28',
      buyer: ' Jean-Pierre  D. ',
    });
    assert.deepEqual(ok.problems, {});
    assert.deepEqual(ok.query.resultCodes, ['02020', '02324', '02534']);
    assert.equal(ok.query.minAmount, 1000);
    assert.equal(ok.query.currency, 978);
    assert.deepEqual(ok.query.to, new Date('2026-03-01T00:00:00Z'));
    assert.deepEqual(ok.query.buyerWords, ['jean', 'pierre', 'd']);
    const bad = readTransactionQuery({
      from: '2026-02-30',
      token: 'a b',
      status: 'lost',
      minAmount: '5',
      maxAmount: '4',
    });
    assert.deepEqual(Object.keys(bad.problems).sort(), ['from', 'maxAmount', 'status', 'token']);
    assert.equal(bad.values.from, '2026-02-30', 'kept as typed');
    assert.deepEqual(readTransactionQuery({ after: '1700000000000.1234' }).query.after, {
      createdAt: new Date(1700000000000),
      id: '1234',
    });
    assert.equal(readTransactionQuery({ after: "1.2'; DROP" }).query.after, undefined);
  });
});
