import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomByte, randomHex } from '../../src/domain/random-bytes.js';

describe('random bytes drawn in blocks', () => {
  it('hex ids have their length, and 20,000 of them (many blocks) never repeat', () => {
    const ids = Array.from({ length: 20_000 }, () => randomHex(8));
    for (const id of ids.slice(0, 100)) assert.match(id, /^[0-9a-f]{16}$/);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('bytes take every value, across block refills', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 256 * 64; i++) counts[randomByte()]!++;
    // 64 expected per value: a value missing or at 4× the mean means the bytes are not the generator's.
    assert.ok(Math.min(...counts) > 0 && Math.max(...counts) < 256, `${Math.min(...counts)}..${Math.max(...counts)}`);
  });

  it('refuses more than a block at once', () => {
    assert.throws(() => randomHex(5000), RangeError);
  });
});
