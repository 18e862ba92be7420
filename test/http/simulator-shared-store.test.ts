import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { flattenedVerify, importJWK, type JWK } from 'jose';
import { createSecretBox } from '../../src/security/secret-box.js';
import {
  createPayconiqSimulator,
  defaultQuirks,
  SimulatorClock,
  type PayconiqSimulator,
  type SimulatorProfile,
} from '../../src/simulator/payconiq/simulator.js';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrations.js';
import { openDb } from '../../src/store/open-store.js';
import { SqlSimulatorStore } from '../../src/store/sql-simulator-store.js';
import { startReceiver } from '../support/callback-receiver.js';
import { createTestDatabase, DRIVER, type TestDatabase } from '../support/test-database.js';
import type { Wire } from '../support/wire.js';

/**
 * The simulator on the gateway's database: several instances on one database are one partner
 * (what one creates, another reads, pays, refunds; a change of one payment is won by one of them;
 * a retry is sent by one of them), and an instance started anew on it forgets nothing. On
 * PostgreSQL each instance has its own connection pool, as separate processes would.
 */

const PROFILE: SimulatorProfile = {
  apiKey: 'shared-key-0000-0000-0000-000000000001',
  ppid: '5bb37284e35e2b29e363df22',
  merchantId: 'M0001',
  name: 'Monext Demo',
  iban: 'BE68539007547034',
};
const START = new Date('2026-03-02T09:00:00.000Z');
const BOX = createSecretBox(Buffer.alloc(32, 3));

/** The merchant's callback endpoint, each callback read as the status, payment and signature it carries. */
async function startCallbacks() {
  const receiver = await startReceiver();
  return {
    get hits() {
      return receiver.hits.map((h) => {
        const { status, paymentId } = JSON.parse(h.body.toString('utf8')) as { status: string; paymentId: string };
        return { status, paymentId, signature: String(h.headers.signature), body: h.body };
      });
    },
    answers: receiver.answers,
    url: receiver.url(),
    close: () => receiver.close(),
  };
}

interface Instance {
  sim: PayconiqSimulator;
  base: string;
  db: Db;
  close(): Promise<void>;
}

/**
 * One simulator on the shared database, on its own HTTP port; a pool of its own on PostgreSQL.
 * Without a clock it runs on its own, whose offset lives in the database like the embedded one's.
 */
async function startInstance(
  database: TestDatabase,
  clock: SimulatorClock | undefined,
  sharedDb: Db | undefined,
): Promise<Instance> {
  const db = sharedDb ?? (await openDb({ databaseUrl: database.databaseUrl, poolSize: 4 }));
  await migrate(db);
  const sim = createPayconiqSimulator({
    apiBaseUrl: 'http://placeholder',
    payBaseUrl: 'http://placeholder',
    ...(clock && { clock }),
    store: new SqlSimulatorStore(db, BOX),
    callbackRetry: { intervalsMs: [1_000], giveUpAfterMs: 60_000, timeoutMs: 2_000 },
    // The tests switch quirks on one instance and call the other at once: no settings cache.
    sharedCacheMs: 0,
  });
  const app: FastifyInstance = Fastify();
  await app.register(sim.plugin);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    sim,
    base,
    db,
    async close() {
      await sim.stop();
      await app.close();
      if (!sharedDb) await db.close();
    },
  };
}

describe(`simulator instances sharing one ${DRIVER} database`, () => {
  let database: TestDatabase;
  let pglite: Db | undefined;
  let clock: SimulatorClock;
  let a: Instance;
  let b: Instance;
  let receiver: Awaited<ReturnType<typeof startCallbacks>>;

  before(async () => {
    database = await createTestDatabase();
    // PGlite lives in one process: both instances use that one database object.
    pglite = database.databaseUrl ? undefined : await openDb({});
    clock = new SimulatorClock(START);
    a = await startInstance(database, clock, pglite);
    b = await startInstance(database, clock, pglite);
    receiver = await startCallbacks();
    await a.sim.addProfile(PROFILE);
  });
  after(async () => {
    await a.close();
    await b.close();
    await pglite?.close();
    await receiver.close();
    await database.drop();
  });
  beforeEach(() => a.sim.setQuirks(defaultQuirks()));

  const call = async (
    on: Instance,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${on.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${PROFILE.apiKey}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Record<string, Wire> };
  };
  const create = async (on: Instance, amount = 1000) => {
    const res = await call(on, 'POST', '/v3/payments', { amount, currency: 'EUR', callbackUrl: receiver.url });
    assert.equal(res.status, 201);
    return res.json.paymentId as string;
  };
  const settle = async () => {
    await a.sim.idle();
    await b.sim.idle();
  };

  it('a payment created through one is read, paid and called back through the other, signed with the key both publish', async () => {
    const id = await create(a);
    assert.equal(
      (await call(b, 'GET', `/v3/payments/${id}`)).json.status,
      'PENDING',
      'the profile registered through A authenticates on B',
    );
    assert.deepEqual((await call(b, 'POST', `/_simulator/payments/${id}/pay`)).json, { status: 'SUCCEEDED' });
    await settle();
    assert.equal((await call(a, 'GET', `/v3/payments/${id}`)).json.status, 'SUCCEEDED');
    assert.deepEqual(
      receiver.hits.filter((h) => h.paymentId === id).map((h) => h.status),
      ['AUTHORIZED', 'SUCCEEDED'],
    );

    const jwksA = (await call(a, 'GET', '/jwks/')).json as { keys: (JWK & { kid: string })[] };
    assert.deepEqual((await call(b, 'GET', '/jwks/')).json, jwksA, 'one key ring');
    const hit = receiver.hits.find((h) => h.paymentId === id && h.status === 'SUCCEEDED')!;
    const [protectedB64 = '', , signature = ''] = hit.signature.split('.');
    const kid = (JSON.parse(Buffer.from(protectedB64, 'base64url').toString('utf8')) as { kid: string }).kid;
    const jwk = jwksA.keys.find((k) => k.kid === kid)!;
    await flattenedVerify(
      { protected: protectedB64, payload: hit.body.toString('base64url'), signature },
      await importJWK(jwk, 'ES256'),
      {
        crit: Object.fromEntries(['iat', 'jti', 'path', 'iss', 'sub'].map((c) => [`https://payconiq.com/${c}`, true])),
      },
    );
    const sealed = await a.db.query<{ private_key_sealed: string }>(
      'SELECT private_key_sealed FROM simulator_signing_keys',
    );
    assert.ok(
      sealed.every((r) => r.private_key_sealed.startsWith('v1:') && !r.private_key_sealed.includes('"d"')),
      'private keys sealed at rest',
    );
    const profiles = await a.db.query<{ api_key_hash: string; profile: unknown }>(
      'SELECT api_key_hash, profile FROM simulator_profiles',
    );
    assert.ok(
      profiles.every((r) => !JSON.stringify(r).includes(PROFILE.apiKey)),
      'API keys stored hashed',
    );
  });

  it('paid through one and cancelled through the other at once: one wins, one final status, one callback per status', async () => {
    const ids = await Promise.all(Array.from({ length: 10 }, () => create(a)));
    const answers = await Promise.all(
      ids.flatMap((id) => [
        call(a, 'POST', `/_simulator/payments/${id}/pay`),
        call(b, 'POST', `/_simulator/payments/${id}/cancel`),
      ]),
    );
    await settle();
    for (const [i, id] of ids.entries()) {
      const [pay, cancel] = [answers[2 * i]!, answers[2 * i + 1]!];
      assert.deepEqual([pay.status, cancel.status].sort(), [200, 422], `exactly one action wins on ${id}`);
      const final = pay.status === 200 ? 'SUCCEEDED' : 'CANCELLED';
      assert.equal((await call(b, 'GET', `/v3/payments/${id}`)).json.status, final);
      const sent = receiver.hits.filter((h) => h.paymentId === id).map((h) => h.status);
      assert.deepEqual(sent, final === 'SUCCEEDED' ? ['AUTHORIZED', 'SUCCEEDED'] : ['CANCELLED'], `callbacks of ${id}`);
      assert.deepEqual(
        (await a.sim.callbacks(id)).map((d) => d.status),
        sent,
        'one delivery per status',
      );
    }
  });

  it('a callback retry is sent by one instance only, byte-identical, even when both tick at once', async () => {
    receiver.answers.push(500);
    const id = await create(a);
    await a.sim.act(id, 'expire');
    await settle();
    clock.advance(1_000);
    await Promise.all([a.sim.tick(), b.sim.tick(), a.sim.tick(), b.sim.tick()]);
    const hits = receiver.hits.filter((h) => h.paymentId === id);
    assert.equal(hits.length, 2, 'first attempt + one retry');
    assert.ok(hits[1]!.body.equals(hits[0]!.body) && hits[1]!.signature === hits[0]!.signature);
    assert.deepEqual(
      (await b.sim.callbacks(id)).map((d) => [d.state, d.attempts]),
      [['delivered', 2]],
    );
  });

  it('refunds: the Idempotency-Key and the refundable amount hold across instances', async () => {
    const id = await create(a, 1000);
    await a.sim.act(id, 'pay');
    const refund = (on: Instance, key: string, amount: number) =>
      call(on, 'POST', `/v3/payments/${id}/refunds`, { amount, currency: 'EUR' }, { 'idempotency-key': key });
    const [first, replay] = await Promise.all([refund(a, 'K-1', 600), refund(b, 'K-1', 600)]);
    assert.deepEqual([first.status, replay.status], [201, 201]);
    assert.equal(replay.json.refundId, first.json.refundId, 'the same refund, whichever instance got it first');
    const over = await Promise.all([refund(a, 'K-2', 300), refund(b, 'K-3', 300)]);
    assert.deepEqual(over.map((r) => r.status).sort(), [201, 422], 'only 400 were left: one of the two fits');
    await b.sim.tick();
    assert.equal((await call(a, 'GET', `/v3/payments/${id}/refunds/${first.json.refundId}`)).json.status, 'REFUNDED');
  });

  it('quirks and their failNext budget are one for all instances', async () => {
    await a.sim.setQuirks({ failNext: { status: 503, count: 2 }, legacyAmountFields: true });
    assert.equal((await b.sim.getQuirks()).legacyAmountFields, true);
    const answers = await Promise.all([
      call(a, 'GET', `/v3/payments/${'0'.repeat(24)}`),
      call(b, 'GET', `/v3/payments/${'0'.repeat(24)}`),
      call(b, 'GET', `/v3/payments/${'0'.repeat(24)}`),
    ]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [404, 503, 503], 'two failures in all, not two per instance');
    assert.equal((await a.sim.getQuirks()).failNext, undefined);
  });
});

describe(`a simulator started anew on the same ${DRIVER} database`, () => {
  it('still has its pending payments (payable), profiles, signing key, quirks, clock offset, used request ids and pending retries', async () => {
    const database = await createTestDatabase();
    const pglite = database.databaseUrl ? undefined : await openDb({});
    const receiver = await startCallbacks();
    // The system clock: a moved clock is an offset the database keeps.
    const first = await startInstance(database, undefined, pglite);
    try {
      await first.sim.addProfile(PROFILE);
      const create = await fetch(`${first.base}/v3/payments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${PROFILE.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 500, callbackUrl: receiver.url }),
      });
      const { paymentId } = (await create.json()) as { paymentId: string };
      receiver.answers.push(500);
      const retried = (await (
        await fetch(`${first.base}/v3/payments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${PROFILE.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ amount: 700, callbackUrl: receiver.url }),
        })
      ).json()) as { paymentId: string };
      await first.sim.act(retried.paymentId, 'cancel');
      await first.sim.idle();
      await first.sim.setQuirks({ omitDebtor: true });
      const moved = await fetch(`${first.base}/_simulator/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: 60_000 }),
      });
      assert.equal(moved.status, 200);
      const kids = (await first.sim.jwks()).keys;
      const store = new SqlSimulatorStore(first.db, BOX);
      assert.equal(await store.takeJti(PROFILE.ppid, 'jti-1'), true);
      await first.close();

      const second = await startInstance(database, undefined, pglite);
      try {
        const read = await fetch(`${second.base}/v3/payments/${paymentId}`, {
          headers: { authorization: `Bearer ${PROFILE.apiKey}` },
        });
        assert.equal(read.status, 200, 'the profile is known without being added again');
        assert.equal(((await read.json()) as { status: string }).status, 'PENDING');
        assert.deepEqual(await second.sim.act(paymentId, 'pay'), { status: 'SUCCEEDED' });
        await second.sim.idle();
        assert.deepEqual(
          receiver.hits.filter((h) => h.paymentId === paymentId).map((h) => h.status),
          ['AUTHORIZED', 'SUCCEEDED'],
        );
        assert.deepEqual((await second.sim.jwks()).keys, kids, 'the same signing key');
        assert.equal((await second.sim.getQuirks()).omitDebtor, true);
        const clock = (await (await fetch(`${second.base}/_simulator/clock`)).json()) as { now: string };
        assert.ok(Date.parse(clock.now) - Date.now() >= 59_000, `the clock is still a minute ahead: ${clock.now}`);
        assert.equal(
          await new SqlSimulatorStore(second.db, BOX).takeJti(PROFILE.ppid, 'jti-1'),
          false,
          'a used request id stays used',
        );
        // The CANCELLED callback answered 500 before the restart: its retry is still due, sent by the new instance.
        await second.sim.tick();
        assert.deepEqual(
          receiver.hits.filter((h) => h.paymentId === retried.paymentId).map((h) => h.status),
          ['CANCELLED', 'CANCELLED'],
        );
      } finally {
        await second.close();
      }
    } finally {
      await pglite?.close();
      await receiver.close();
      await database.drop();
    }
  });
});
