import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';

export interface SuiteFixtureOptions<T> {
  /** After each test, e.g. to let the background work it started finish. */
  afterEach?: (fixture: T) => Promise<unknown>;
  /** Bound of the start and of the close (default: node:test's). */
  timeoutMs?: number;
}

/**
 * What a suite's tests share (a gateway, its partner, a browser): started before the first test,
 * closed after the last. Call it in a describe() body; the tests read the fields and call the
 * methods of what it returns as those of the started fixture.
 */
export function useSuiteFixture<T extends object>(
  start: () => Promise<T>,
  close: (fixture: T) => Promise<unknown>,
  opts: SuiteFixtureOptions<T> = {},
): T {
  let started: T | undefined;
  const hook = opts.timeoutMs === undefined ? {} : { timeout: opts.timeoutMs };
  before(async () => {
    started = await start();
  }, hook);
  if (opts.afterEach) {
    const each = opts.afterEach;
    afterEach(() => (started ? each(started) : undefined));
  }
  after(() => (started ? close(started) : undefined), hook);
  // The describe() body holds this stand-in before the hook has started anything.
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(started ?? assert.fail('the suite fixture has not started'), key),
  });
}
