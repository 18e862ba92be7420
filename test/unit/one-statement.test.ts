import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oneStatement } from '../../src/store/one-statement.js';

describe('oneStatement', () => {
  it('sends one write as it is', () => {
    assert.deepEqual(oneStatement([{ sql: 'UPDATE t SET a = $1', params: [1] }]), {
      sql: 'UPDATE t SET a = $1',
      params: [1],
    });
  });

  it('chains writes as CTEs, their parameters renumbered after the ones before (reused ones included)', () => {
    const ten = Array.from({ length: 10 }, (_, i) => i);
    const s = oneStatement([
      { sql: `INSERT INTO a VALUES (${ten.map((i) => `$${i + 1}`).join(', ')})`, params: ten },
      { sql: 'INSERT INTO b VALUES ($1, $2, $2)', params: ['x', 'y'] },
      { sql: 'UPDATE c SET v = $1 WHERE id = $2', params: ['v', 'id'] },
    ]);
    assert.equal(
      s.sql,
      'WITH w0 AS (INSERT INTO a VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)), w1 AS (INSERT INTO b VALUES ($11, $12, $12)) UPDATE c SET v = $13 WHERE id = $14',
    );
    assert.deepEqual(s.params, [...ten, 'x', 'y', 'v', 'id']);
  });
});
