import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { CONFIG_CHANGE_NOTICED_MS } from '../../src/store/cached-merchant-configuration.js';
import type { Db } from '../../src/store/db.js';
import { restCall, validSessionBody } from '../support/rest-client.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * The merchant configuration every payment request reads is kept in process: a change made by anyone (plain SQL
 * here, so that no code path of the gateway is trusted to tell) stops being served at once on PGlite, and within
 * CONFIG_CHANGE_NOTICED_MS on every gateway on a PostgreSQL database.
 */
const create = (t: TestGateway) => restCall(t, 'POST', '/v1/checkout/sessions', validSessionBody());

async function delayMinutes(db: Db, token: string): Promise<number> {
  const [row] = await db.query<{ minutes: string | number }>(
    'SELECT extract(epoch FROM expires_at - created_at) / 60 AS minutes FROM web_sessions WHERE token = $1',
    [token],
  );
  return Math.round(Number(row?.minutes));
}

/** Asserts `check` holds on the very next request (PGlite) or within the bound (PostgreSQL). */
async function takesEffect(check: () => Promise<boolean>, what: string): Promise<void> {
  if (!TEST_DATABASE_URL) return assert.ok(await check(), `${what}, at once`);
  await waitUntil(check, `${what} within ${CONFIG_CHANGE_NOTICED_MS} ms`, CONFIG_CHANGE_NOTICED_MS, 10);
}

/** Changes made through `writer`'s database, seen by `reader` (the same gateway, or another on the database). */
function changesSeen(reader: () => TestGateway, writer: () => TestGateway) {
  it('a changed payment delay, a deactivated contract and a revoked key', async () => {
    const r = reader();
    const w = writer().gateway.db;
    const first = await create(r);
    assert.equal(first.status, 201, first.body);
    const delay = await delayMinutes(w, first.json.sessionId);

    await w.query(
      'UPDATE points_of_sale SET payment_delay_minutes = payment_delay_minutes + 7 WHERE merchant_id = $1',
      [r.merchantId],
    );
    await takesEffect(async () => {
      const res = await create(r);
      return res.status === 201 && (await delayMinutes(w, res.json.sessionId)) === delay + 7;
    }, 'the new payment delay');

    await w.query('UPDATE contracts SET active = false WHERE merchant_id = $1', [r.merchantId]);
    await takesEffect(async () => (await create(r)).status !== 201, 'the contract refused');
    await w.query('UPDATE contracts SET active = true WHERE merchant_id = $1', [r.merchantId]);
    await takesEffect(async () => (await create(r)).status === 201, 'the contract back');

    await w.query('UPDATE access_keys SET revoked_at = now() WHERE merchant_id = $1', [r.merchantId]);
    await takesEffect(async () => (await create(r)).status === 401, 'the revoked key refused');
    await w.query('UPDATE access_keys SET revoked_at = NULL WHERE merchant_id = $1', [r.merchantId]);
    await takesEffect(async () => (await create(r)).status === 201, 'the key back');
  });
}

describe('merchant configuration cache, one gateway', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());
  changesSeen(
    () => t,
    () => t,
  );

  it('reads the configuration once, not per request', async () => {
    await create(t);
    let statements = 0;
    const { query } = t.gateway.db;
    t.gateway.db.query = ((sql: string, params?: unknown[]) => {
      statements++;
      return query.call(t.gateway.db, sql, params);
    }) as Db['query'];
    try {
      assert.equal((await create(t)).status, 201);
    } finally {
      t.gateway.db.query = query;
    }
    assert.equal(statements, 1, 'the insert of the session alone');
  });
});

describe('merchant configuration cache, two gateways on one PostgreSQL database', { skip: !TEST_DATABASE_URL }, () => {
  let db: TestDatabase;
  let a: TestGateway;
  let b: TestGateway;
  /** The listening connections a and b opened (other suites on the server have theirs). */
  let listeners: number[];
  const listenPids = async () => {
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    try {
      const { rows } = await c.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = 'passerelle-listen'`,
      );
      return new Set(rows.map((r) => r.pid));
    } finally {
      await c.end();
    }
  };
  before(async () => {
    db = await createTestDatabase();
    const others = await listenPids();
    a = await startTestGateway({ database: db });
    b = await startTestGateway({ database: db });
    listeners = [...(await listenPids())].filter((pid) => !others.has(pid));
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });
  changesSeen(
    () => a,
    () => b,
  );

  it('after its notification connection was cut, a gateway serves nothing it may have missed', async () => {
    assert.equal((await create(a)).status, 201);
    assert.equal(listeners.length, 2, 'one listening connection per gateway');
    await b.gateway.db.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [listeners]);
    await b.gateway.db.query('UPDATE contracts SET active = false WHERE merchant_id = $1', [a.merchantId]);
    await waitUntil(async () => (await create(a)).status !== 201, 'the contract refused', CONFIG_CHANGE_NOTICED_MS, 10);
    await b.gateway.db.query('UPDATE contracts SET active = true WHERE merchant_id = $1', [a.merchantId]);
    await waitUntil(async () => (await create(a)).status === 201, 'the contract back', CONFIG_CHANGE_NOTICED_MS, 10);
  });
});
