import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PaymentSession } from '../../src/domain/payment-session.js';
import type { PaymentSessionChange } from '../../src/ports/payment-sessions.js';
import { changeToResult } from '../../src/payments/steps/session-change.js';
import type { Db } from '../../src/store/db.js';
import { openPostgresDb } from '../../src/store/postgres-db.js';
import { SqlPaymentSessions } from '../../src/store/sql-payment-sessions.js';
import { doWebPaymentEnvelope, postSoap } from '../support/soap-client.js';
import { createTestDatabase, DRIVER, type TestDatabase } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * Session writes are checked against the row version (xmin) rather than a row lock: a write decided on a version
 * someone else has replaced applies to nothing, and the decision is taken again on what that writer stored. On
 * PostgreSQL the other writer is a second connection pool, as another gateway process would be.
 */
describe(`session writes checked against the row version on ${DRIVER}`, () => {
  let database: TestDatabase;
  let t: TestGateway;
  let otherDb: Db | undefined;
  let other: SqlPaymentSessions;
  before(async () => {
    database = await createTestDatabase();
    t = await startTestGateway({ database });
    otherDb = database.databaseUrl ? await openPostgresDb(database.databaseUrl, 2) : undefined;
    other = new SqlPaymentSessions(otherDb ?? t.gateway.db);
  });
  after(async () => {
    await otherDb?.close();
    await t.close();
    await database.drop();
  });

  const sessions = () => t.gateway.deps.sessions;
  const newSession = async () =>
    (await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope({ notificationURL: 'http://127.0.0.1:9/n' }))).field(
      'token',
    )!;
  const count = async (sql: string, params: unknown[]) => (await t.gateway.db.query<{ n: number }>(sql, params))[0]!.n;
  const events = (token: string, source: string) =>
    count('SELECT count(*)::int AS n FROM session_events WHERE token = $1 AND source = $2', [token, source]);
  const poll = (s: PaymentSession): PaymentSessionChange => ({
    session: { ...s, pollAttempts: s.pollAttempts + 1 },
    event: { source: 'poll', at: t.clock.now() },
  });

  it('a write decided on a replaced version applies nothing; the decision is taken again on the new one', async () => {
    const token = await newSession();
    const known = (await sessions().get(token))!;
    await other.update(token, poll);
    const seen: number[] = [];
    const after = await sessions().update(
      token,
      (s) => {
        seen.push(s.pollAttempts);
        return { session: { ...s, partnerStatus: 'PENDING' }, event: { source: 'buyer', at: t.clock.now() } };
      },
      known,
    );
    assert.deepEqual(seen, [0, 1], 'decided on the stale version, then on the other writer’s');
    assert.equal(after?.pollAttempts, 1);
    const stored = (await sessions().get(token))!;
    assert.equal(stored.pollAttempts, 1, 'the other writer’s change is kept');
    assert.equal(stored.partnerStatus, 'PENDING');
    assert.equal(await events(token, 'buyer'), 1, 'the lost attempt wrote no history entry');
  });

  it('concurrent writers starting from one stale read lose no update and apply each once', async () => {
    const token = await newSession();
    const known = (await sessions().get(token))!;
    const writers = Array.from({ length: 12 }, (_, i) => (i % 2 ? other : sessions()).update(token, poll, known));
    await Promise.all(writers);
    assert.equal((await sessions().get(token))!.pollAttempts, 12);
    assert.equal(await events(token, 'poll'), 12);
  });

  it('a final result decided on a replaced version is not written twice', async () => {
    const token = await newSession();
    const known = (await sessions().get(token))!;
    const now = t.clock.now();
    await other.update(token, (s) => changeToResult(t.gateway.deps, s, '00000', now));
    let decisions = 0;
    const after = await sessions().update(
      token,
      (s) => {
        decisions++;
        return changeToResult(t.gateway.deps, s, '02008', now);
      },
      known,
    );
    assert.equal(decisions, 2);
    assert.equal(after?.resultCode, '00000');
    assert.equal(await count('SELECT count(*)::int AS n FROM transactions WHERE token = $1', [token]), 1);
    assert.equal(await count('SELECT count(*)::int AS n FROM notifications WHERE token = $1', [token]), 1);
  });

  it('a change by any other statement (a claim) replaces the version too: nothing is overwritten with stale fields', async () => {
    const token = await newSession();
    const known = (await sessions().get(token))!;
    await t.gateway.db.query('UPDATE web_sessions SET partner_creation_started_at = $2 WHERE token = $1', [
      token,
      t.clock.now(),
    ]);
    await sessions().update(token, (s) => ({ session: { ...s, partnerStatus: 'PENDING' } }), known);
    const stored = (await sessions().get(token))!;
    assert.ok(stored.partnerCreationStartedAt, 'the claim survives');
    assert.equal(stored.partnerStatus, 'PENDING');
  });

  it('the session a write returns carries its new version: the next write needs no read', async () => {
    const token = await newSession();
    const first = (await sessions().update(token, poll))!;
    let reads = 0;
    const { query } = t.gateway.db;
    t.gateway.db.query = ((sql: string, params?: unknown[]) => {
      if (/^SELECT/.test(sql)) reads++;
      return query.call(t.gateway.db, sql, params);
    }) as Db['query'];
    try {
      await sessions().update(token, poll, first);
    } finally {
      t.gateway.db.query = query;
    }
    assert.equal(reads, 0);
    assert.equal((await sessions().get(token))!.pollAttempts, 2);
  });
});
