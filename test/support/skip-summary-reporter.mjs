/**
 * A node:test reporter that ends the run with one line per skip reason, counting whole suites as
 * well as tests (the spec reporter's "skipped" counts tests only, not the suites skipped whole).
 * Plain JavaScript: node loads reporters before the TypeScript loader is in place.
 *
 * @param {AsyncIterable<{ type: string, data: { skip?: string | boolean, details?: { type?: string } } }>} source
 */
export default async function* skipSummary(source) {
  /** @type {Map<string, { suites: number, tests: number }>} */
  const byReason = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' || event.data.skip === undefined || event.data.skip === false) continue;
    const reason = typeof event.data.skip === 'string' ? event.data.skip : 'skipped';
    const count = byReason.get(reason) ?? { suites: 0, tests: 0 };
    if (event.data.details?.type === 'suite') count.suites++;
    else count.tests++;
    byReason.set(reason, count);
  }
  if (byReason.size === 0) yield 'skipped: none\n';
  for (const [reason, { suites, tests }] of byReason)
    yield `skipped: ${suites} suites and ${tests} tests, each ${reason}\n`;
}
