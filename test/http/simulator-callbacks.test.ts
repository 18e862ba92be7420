import assert from 'node:assert/strict';
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { errors, flattenedVerify, importJWK, type JWK } from 'jose';
import { startReceiver, type Hit, type Receiver } from '../support/callback-receiver.js';
import {
  createPayconiqSimulator,
  SimulatorClock,
  type PayconiqSimulator,
  type SimulatorOptions,
  type SimulatorProfile,
} from '../../src/simulator/payconiq/simulator.js';

/**
 * Callbacks as a merchant server receives them: lifecycle, the detached ES256 JWS checked
 * independently with jose and node:crypto, byte-identical retries, key rotation, the quirks.
 */

const PROFILE: SimulatorProfile = {
  apiKey: 'cb-key-0000-0000-0000-0000000000000001',
  ppid: '5bb37284e35e2b29e363df22',
  merchantId: 'M0001',
  name: 'Monext Demo',
  iban: 'BE68539007547034',
};
const START = new Date('2026-03-02T09:00:00.000Z');
// The verifier's side, written out here rather than imported: the test must not trust the simulator's list.
const CLAIMS = [
  'https://payconiq.com/iat',
  'https://payconiq.com/jti',
  'https://payconiq.com/path',
  'https://payconiq.com/iss',
  'https://payconiq.com/sub',
];
const CRIT = Object.fromEntries(CLAIMS.map((c) => [c, true]));

let sim: PayconiqSimulator;
let clock: SimulatorClock;
let app: FastifyInstance;
let base: string;
let receiver: Receiver;

async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<void> {
  clock = new SimulatorClock(START);
  sim = createPayconiqSimulator({
    apiBaseUrl: 'http://placeholder',
    payBaseUrl: 'http://placeholder',
    clock,
    callbackRetry: { intervalsMs: [1_000, 5_000], giveUpAfterMs: 60_000, timeoutMs: 2_000 },
    ...options,
  });
  await sim.addProfile(PROFILE);
  app = Fastify();
  await app.register(sim.plugin);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
}

beforeEach(async () => {
  receiver = await startReceiver();
  await startSimulator();
});
afterEach(async () => {
  await sim.stop();
  await app.close();
  await receiver.close();
});

async function createPayment(body: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${base}/v3/payments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PROFILE.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      amount: 1250,
      description: 'Order 7',
      reference: 'REF-7',
      callbackUrl: receiver.url(),
      ...body,
    }),
  });
  assert.equal(res.status, 201);
  return ((await res.json()) as { paymentId: string }).paymentId;
}

const getPayment = async (id: string) =>
  (await (
    await fetch(`${base}/v3/payments/${id}`, { headers: { authorization: `Bearer ${PROFILE.apiKey}` } })
  ).json()) as Record<string, unknown>;

const jwks = async () => (await (await fetch(`${base}/jwks/`)).json()) as { keys: (JWK & { kid: string })[] };
const json = (hit: Hit) => JSON.parse(hit.body.toString('utf8')) as Record<string, unknown>;
const statuses = (hits: Hit[]) => hits.map((h) => json(h).status);

function parts(hit: Hit): { protectedB64: string; signature: string; header: Record<string, unknown> } {
  const value = hit.headers.signature;
  assert.equal(typeof value, 'string');
  const [protectedB64 = '', middle, signature = '', ...rest] = (value as string).split('.');
  assert.equal(middle, '', 'detached: the payload part is empty');
  assert.equal(rest.length, 0);
  return {
    protectedB64,
    signature,
    header: JSON.parse(Buffer.from(protectedB64, 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}

/** What a strict receiver does: jose flattenedVerify over the raw body, the 5 crit claims understood. */
async function verifyWithJose(hit: Hit): Promise<Record<string, unknown>> {
  const { protectedB64, signature, header } = parts(hit);
  const jwk = (await jwks()).keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, `kid ${String(header.kid)} is published`);
  const result = await flattenedVerify(
    { protected: protectedB64, payload: hit.body.toString('base64url'), signature },
    await importJWK(jwk, 'ES256'),
    { crit: CRIT, algorithms: ['ES256'] },
  );
  assert.deepEqual(Buffer.from(result.payload), hit.body);
  return result.protectedHeader as Record<string, unknown>;
}

function assertHeaderClaims(header: Record<string, unknown>, url: string): void {
  assert.deepEqual(Object.keys(header), ['typ', 'kid', 'alg', ...CLAIMS, 'crit'], 'member order of the real sample');
  assert.equal(header.typ, 'JOSE+JSON');
  assert.equal(header.alg, 'ES256');
  assert.equal(header['https://payconiq.com/iss'], 'Payconiq');
  assert.equal(header['https://payconiq.com/sub'], PROFILE.ppid);
  assert.equal(header['https://payconiq.com/path'], url);
  assert.match(String(header['https://payconiq.com/jti']), /^[0-9a-f]{15}$/);
  assert.match(String(header['https://payconiq.com/iat']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  assert.deepEqual(header.crit, CLAIMS);
}

describe('payconiq simulator callbacks: lifecycle', () => {
  it('scan → IDENTIFIED to identifyCallbackUrl; pay → AUTHORIZED then SUCCEEDED to callbackUrl, all signed', async () => {
    const callbackUrl = receiver.url('/payconiq/callback?config_id=3&mode=test');
    const id = await createPayment({ callbackUrl, identifyCallbackUrl: receiver.url('/payconiq/identify') });
    assert.deepEqual(await sim.act(id, 'scan'), { status: 'IDENTIFIED' });
    assert.deepEqual(await sim.act(id, 'pay'), { status: 'SUCCEEDED' });
    await sim.idle();
    const hits = await receiver.waitFor(3);
    assert.deepEqual(
      hits.map((h) => [h.path, json(h).status]),
      [
        ['/payconiq/identify', 'IDENTIFIED'],
        ['/payconiq/callback?config_id=3&mode=test', 'AUTHORIZED'],
        ['/payconiq/callback?config_id=3&mode=test', 'SUCCEEDED'],
      ],
    );
    for (const hit of hits) {
      assert.equal(hit.headers['content-type'], 'application/json');
      assert.equal(hit.headers['user-agent'], 'Payconiq Payments/v3');
      const header = await verifyWithJose(hit);
      assertHeaderClaims(header, hit.path.includes('identify') ? receiver.url('/payconiq/identify') : callbackUrl);
    }
    const ids = new Set(hits.map((h) => parts(h).header['https://payconiq.com/jti']));
    assert.equal(ids.size, 3, 'a fresh jti per callback');

    const succeeded = json(hits[2]!);
    assert.deepEqual(Object.keys(succeeded), [
      'paymentId',
      'amount',
      'currency',
      'description',
      'reference',
      'createdAt',
      'expireAt',
      'succeededAt',
      'status',
      'debtor',
    ]);
    assert.equal(succeeded.paymentId, id);
    assert.equal(succeeded.amount, 1250);
    assert.equal(succeeded.expireAt, new Date(START.getTime() + 20 * 60_000).toISOString());
    assert.equal(succeeded.succeededAt, START.toISOString());
    assert.match((succeeded.debtor as { iban: string }).iban, /^\*{13}\d{5}$/);
    assert.equal(json(hits[1]!).succeededAt, undefined, 'only the SUCCEEDED snapshot has succeededAt');
    assert.deepEqual(succeeded.debtor, (await getPayment(id)).debtor);
  });

  it('without identifyCallbackUrl there is no IDENTIFIED callback; decline, fail and payer cancel are called back', async () => {
    const declined = await createPayment();
    await sim.act(declined, 'decline');
    const failed = await createPayment();
    await sim.act(failed, 'fail');
    const cancelled = await createPayment();
    await sim.act(cancelled, 'cancel');
    await sim.idle();
    const byPayment = (id: string) => receiver.hits.filter((h) => json(h).paymentId === id).map((h) => json(h).status);
    assert.deepEqual(byPayment(declined), ['AUTHORIZATION_FAILED']);
    assert.deepEqual(byPayment(failed), ['FAILED']);
    assert.deepEqual(byPayment(cancelled), ['CANCELLED']);
    assert.ok(
      receiver.hits.every((h) => json(h).debtor),
      'the payer acted, so a debtor is known',
    );
  });

  it('a merchant DELETE is called back as CANCELLED', async () => {
    const id = await createPayment();
    const res = await fetch(`${base}/v3/payments/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${PROFILE.apiKey}` },
    });
    assert.equal(res.status, 204);
    await sim.idle();
    assert.deepEqual(statuses(receiver.hits), ['CANCELLED']);
    assert.equal(json(receiver.hits[0]!).debtor, undefined);
  });

  it('the profile default callback URL is used when the request has none', async () => {
    await sim.stop();
    await app.close();
    await startSimulator();
    await sim.addProfile({ ...PROFILE, defaultCallbackUrl: receiver.url('/default') });
    const id = await createPayment({ callbackUrl: undefined });
    await sim.act(id, 'pay');
    await sim.idle();
    assert.deepEqual(
      receiver.hits.map((h) => h.path),
      ['/default', '/default'],
    );
  });
});

describe('payconiq simulator callbacks: expiry on the simulator clock', () => {
  it('nothing happens before expireAt; after it a tick sends EXPIRED without a debtor', async () => {
    const id = await createPayment();
    clock.advance(20 * 60_000 - 1);
    await sim.tick();
    assert.equal(receiver.hits.length, 0);
    clock.advance(1);
    await sim.tick();
    assert.deepEqual(statuses(receiver.hits), ['EXPIRED']);
    assert.equal(json(receiver.hits[0]!).debtor, undefined, 'expired before any scan');
    assert.equal((await getPayment(id)).status, 'EXPIRED');
    await assert.rejects(sim.act(id, 'pay'), { code: 'PAYMENT_NOT_PENDING' });
  });

  it('a scanned payment expires with its debtor unless omitDebtor is on', async () => {
    const a = await createPayment();
    await sim.act(a, 'scan');
    await sim.act(a, 'expire');
    await sim.setQuirks({ omitDebtor: true });
    const b = await createPayment();
    await sim.act(b, 'scan');
    await sim.act(b, 'expire');
    await sim.idle();
    const [ea, eb] = receiver.hits;
    assert.ok(json(ea!).debtor);
    assert.equal(json(eb!).debtor, undefined);
    assert.ok((await getPayment(b)).debtor, 'GET still has the debtor');
  });
});

describe('payconiq simulator callbacks: retries', () => {
  it('retried on the schedule until 200 with byte-identical headers and body', async () => {
    receiver.answers.push(500, 503);
    const id = await createPayment();
    await sim.act(id, 'expire');
    await sim.idle();
    assert.equal(receiver.hits.length, 1);
    clock.advance(999);
    await sim.tick();
    assert.equal(receiver.hits.length, 1, 'not due before the first interval');
    clock.advance(1);
    await sim.tick();
    assert.equal(receiver.hits.length, 2);
    clock.advance(4_999);
    await sim.tick();
    assert.equal(receiver.hits.length, 2, 'second interval is 5 s');
    clock.advance(1);
    await sim.tick();
    assert.equal(receiver.hits.length, 3);
    clock.advance(60_000);
    await sim.tick();
    assert.equal(receiver.hits.length, 3, 'delivered: no more attempts');

    const [first, ...retries] = receiver.hits;
    for (const retry of retries) {
      assert.deepEqual(retry.rawHeaders, first!.rawHeaders, 'same header lines, same order, same signature');
      assert.ok(retry.body.equals(first!.body));
    }
    await verifyWithJose(retries[1]!);
    const [delivery] = await sim.callbacks(id);
    assert.equal(delivery?.state, 'delivered');
    assert.equal(delivery?.attempts, 3);
  });

  it('no answer within the timeout counts as a failure and is retried', async () => {
    await sim.stop();
    await app.close();
    await startSimulator({ callbackRetry: { intervalsMs: [1_000], timeoutMs: 100 } });
    receiver.answers.push(0);
    const id = await createPayment();
    await sim.act(id, 'pay');
    await sim.idle();
    const [authorized] = await sim.callbacks(id);
    assert.equal(authorized?.state, 'waiting');
    assert.match(authorized?.lastResult ?? '', /no answer within 100 ms/);
    clock.advance(1_000);
    await sim.tick();
    assert.deepEqual(
      (await sim.callbacks(id)).map((d) => d.state),
      ['delivered', 'delivered'],
    );
  });

  it('gives up after giveUpAfterMs', async () => {
    receiver.answers.push(...Array<number>(100).fill(500));
    const id = await createPayment();
    await sim.act(id, 'cancel');
    for (let i = 0; i < 20; i++) {
      clock.advance(5_000);
      await sim.tick();
    }
    const [delivery] = await sim.callbacks(id);
    assert.equal(delivery?.state, 'gave-up');
    const attempts = receiver.hits.length;
    assert.ok(attempts >= 10 && attempts <= 14, `${attempts} attempts within one minute`);
    clock.advance(3_600_000);
    await sim.tick();
    assert.equal(receiver.hits.length, attempts);
  });

  it('with the system clock, start() runs the retries on its own timer; stop() aborts a hanging attempt', async () => {
    await sim.stop();
    await app.close();
    await startSimulator({
      clock: undefined,
      tickIntervalMs: 10,
      callbackRetry: { intervalsMs: [30], timeoutMs: 5_000 },
    });
    sim.start();
    receiver.answers.push(500);
    const id = await createPayment();
    await sim.act(id, 'expire');
    await receiver.waitFor(2);
    assert.ok(receiver.hits[1]!.body.equals(receiver.hits[0]!.body));

    receiver.answers.push(0);
    const hanging = await createPayment();
    await sim.act(hanging, 'expire');
    await receiver.waitFor(3);
    const t0 = Date.now();
    await sim.stop();
    assert.ok(Date.now() - t0 < 1_000, 'stop() does not wait for the 5 s timeout');
  });
});

describe('payconiq simulator callbacks: signature quirks', () => {
  it('derSignature: valid DER ECDSA, which jose (P1363) rejects', async () => {
    await sim.setQuirks({ derSignature: true });
    const id = await createPayment();
    await sim.act(id, 'expire');
    const [hit] = await receiver.waitFor(1);
    const { protectedB64, signature, header } = parts(hit!);
    const sig = Buffer.from(signature, 'base64url');
    assert.notEqual(sig.length, 64);
    assert.equal(sig[0], 0x30, 'an ASN.1 SEQUENCE');
    await assert.rejects(verifyWithJose(hit!), errors.JWSSignatureVerificationFailed);
    const jwk = (await jwks()).keys.find((k) => k.kid === header.kid)!;
    const signingInput = Buffer.from(`${protectedB64}.${hit!.body.toString('base64url')}`);
    assert.ok(
      cryptoVerify(
        'sha256',
        signingInput,
        { key: createPublicKey({ key: jwk as never, format: 'jwk' }), dsaEncoding: 'der' },
        sig,
      ),
    );
  });

  it('lowercaseIss, typLowercase: still valid signatures, with the drifted values', async () => {
    await sim.setQuirks({ lowercaseIss: true });
    await sim.setQuirks({ typLowercase: true });
    const id = await createPayment();
    await sim.act(id, 'expire');
    const [hit] = await receiver.waitFor(1);
    const header = await verifyWithJose(hit!);
    assert.equal(header['https://payconiq.com/iss'], 'payconiq');
    assert.equal(header.typ, 'jose+json');
  });

  for (const [precision, digits] of [
    ['us', 6],
    ['ns', 9],
  ] as const) {
    it(`iatPrecision ${precision}: ${digits} fraction digits, still a valid signature`, async () => {
      await sim.setQuirks({ iatPrecision: precision });
      const id = await createPayment();
      await sim.act(id, 'expire');
      const [hit] = await receiver.waitFor(1);
      const header = await verifyWithJose(hit!);
      const iat = String(header['https://payconiq.com/iat']);
      assert.match(iat, new RegExp(`^2026-03-02T09:00:00\\.000\\d{${digits - 3}}Z$`));
    });
  }

  it('rotateKey: new callbacks use the new kid, retries keep the old one, the JWKS has both for 24 h', async () => {
    receiver.answers.push(500);
    const oldId = await createPayment();
    await sim.act(oldId, 'expire');
    await sim.idle();
    const oldKid = parts(receiver.hits[0]!).header.kid;
    await sim.rotateKey();
    const newId = await createPayment();
    await sim.act(newId, 'expire');
    await sim.idle();
    clock.advance(1_000);
    await sim.tick();
    const [firstOld, newHit, retryOld] = receiver.hits;
    assert.equal(json(newHit!).paymentId, newId);
    const newKid = parts(newHit!).header.kid;
    assert.notEqual(newKid, oldKid);
    assert.equal(parts(retryOld!).header.kid, oldKid);
    assert.deepEqual(retryOld!.rawHeaders, firstOld!.rawHeaders);
    assert.deepEqual(
      (await jwks()).keys.map((k) => k.kid),
      [oldKid, newKid],
    );
    await verifyWithJose(retryOld!);
    await verifyWithJose(newHit!);
    clock.advance(24 * 3_600_000 + 1);
    await sim.tick();
    assert.deepEqual(
      (await jwks()).keys.map((k) => k.kid),
      [newKid],
      'removed after the 24 h overlap',
    );
  });
});

describe('payconiq simulator callbacks: delivery quirks', () => {
  it('duplicateCallbacks: each callback arrives twice, byte-identical (same jti)', async () => {
    await sim.setQuirks({ duplicateCallbacks: true });
    const id = await createPayment();
    await sim.act(id, 'cancel');
    await sim.idle();
    const [a, b] = receiver.hits;
    assert.equal(receiver.hits.length, 2);
    assert.ok(a!.body.equals(b!.body));
    assert.equal(a!.headers.signature, b!.headers.signature);
  });

  it('outOfOrderCallbacks: IDENTIFIED and AUTHORIZED are held back and sent after SUCCEEDED', async () => {
    await sim.setQuirks({ outOfOrderCallbacks: true });
    const id = await createPayment({ identifyCallbackUrl: receiver.url('/identify') });
    await sim.act(id, 'scan');
    await sim.idle();
    assert.equal(receiver.hits.length, 0, 'held');
    await sim.act(id, 'pay');
    await sim.idle();
    assert.deepEqual(statuses(receiver.hits), ['SUCCEEDED', 'IDENTIFIED', 'AUTHORIZED']);
    for (const hit of receiver.hits) await verifyWithJose(hit);
  });

  it('legacyAmountFields: transferAmount/tippingAmount/totalAmount in callbacks', async () => {
    await sim.setQuirks({ legacyAmountFields: true });
    const paid = await createPayment({ amount: 700 });
    await sim.act(paid, 'pay');
    const expired = await createPayment({ amount: 100 });
    await sim.act(expired, 'expire');
    await sim.idle();
    const pick = (h: Hit) => {
      const b = json(h);
      return [b.status, b.transferAmount, b.tippingAmount, b.totalAmount];
    };
    // Order is kept per payment only, so compare as a set.
    const got = receiver.hits.map(pick).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    assert.deepEqual(got, [
      ['AUTHORIZED', 0, 0, 0],
      ['EXPIRED', 0, 0, 0],
      ['SUCCEEDED', 700, 0, 700],
    ]);
  });
});
