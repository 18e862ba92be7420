import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/logger.js';
import { CENSOR, censorSecrets } from '../../src/log-censor.js';

function logged(obj: object): Record<string, unknown> {
  const lines: string[] = [];
  createLogger('info', { write: (l: string) => void lines.push(l) }).info(obj, 'line');
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe('secrets never reach a log line', () => {
  it('credentials, bodies and card fields are censored at the top level and below, whatever their case', () => {
    const line = logged({
      accessKey: 'k1',
      contract: { apiKey: 'k2', label: 'kept' },
      req: { headers: { authorization: 'Basic abc', host: 'kept' } },
      wallet: { Card: { number: '4970101122334455' } },
      cardNumber: '4970101122334455',
      body: '<soap/>',
      password: 'p',
      nested: { cvx: '123' },
    });
    const text = JSON.stringify(line);
    for (const secret of ['k1', 'k2', 'Basic abc', '4970101122334455', '<soap/>', '"p"', '123'])
      assert.ok(!text.includes(secret), `${secret} is censored: ${text}`);
    assert.equal(line.accessKey, CENSOR);
    assert.deepEqual(line.contract, { apiKey: CENSOR, label: 'kept' });
    assert.deepEqual(line.req, { headers: { authorization: CENSOR, host: 'kept' } });
  });

  it("an error's own fields are censored and its message and stack kept", () => {
    const err = Object.assign(new Error('partner refused'), { apiKey: 'k3', code: 'E1' });
    const line = logged({ err }) as { err: { message: string; stack: string; apiKey: string; code: string } };
    assert.equal(line.err.message, 'partner refused');
    assert.match(line.err.stack, /partner refused/);
    assert.equal(line.err.apiKey, CENSOR);
    assert.equal(line.err.code, 'E1');
    assert.equal(err.apiKey, 'k3', "the caller's error is not changed");
  });

  it("copies only what it changes and never changes the caller's objects", () => {
    const clean = { token: 'T1', amount: 1000, at: new Date(0), list: [{ password: 'in an array, not searched' }] };
    assert.equal(censorSecrets(clean), clean, 'nothing to censor: the same object');
    const holder = { inner: { password: 'p' }, other: { a: 1 } };
    const shown = censorSecrets(holder);
    assert.deepEqual(shown, { inner: { password: CENSOR }, other: { a: 1 } });
    assert.equal(holder.inner.password, 'p');
    assert.equal(shown.other, holder.other, 'an untouched branch is shared, not copied');
  });

  it('a frozen object or one with getters is copied, never written to, and logging does not throw', () => {
    const frozen = Object.freeze({ apiKey: 'k4', label: 'kept' });
    const withGetter = Object.defineProperty({ label: 'kept' }, 'password', { get: () => 'k5', enumerable: true });
    const line = logged({ frozen, withGetter });
    assert.deepEqual(line.frozen, { apiKey: CENSOR, label: 'kept' });
    assert.deepEqual(line.withGetter, { label: 'kept', password: CENSOR });
    assert.equal(frozen.apiKey, 'k4');
  });

  it('searches three levels down: deep enough for req.headers.authorization', () => {
    assert.deepEqual(censorSecrets({ a: { b: { apiKey: 'x' } } }), { a: { b: { apiKey: CENSOR } } });
  });
});
