import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { signPartnerRequest } from '../../src/connectors/payconiq/request-signature.js';
import { defaultQuirks, type PayconiqSimulator } from '../../src/simulator/payconiq/simulator.js';
import { listenLocally } from '../support/local-server.js';
import { startMerchantServer } from '../support/merchant-server.js';
import { startPartnerProxy } from '../support/partner-proxy.js';
import {
  addOwnContract,
  paidPayment,
  partnerRefundProbe,
  refundRows,
  restRefund,
  settleRefunds,
  soapRefund,
} from '../support/refund-client.js';
import { createTestDatabase, DRIVER } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { payconiqContractOf } from '../support/payconiq-contract.js';
import { waitUntil } from '../support/wait-until.js';

type MerchantServer = Awaited<ReturnType<typeof startMerchantServer>>;

const PARTNER_TIMEOUT_MS = 400;

/**
 * A refund request to the payment's partner with the contract's own key and the `Signature` header
 * given (none when undefined), bypassing the gateway; `sign` gets the URL and the body.
 */
async function rawPartnerRefund(
  t: TestGateway,
  token: string,
  sign?: (target: { url: string; body: string; ppid: string; merchantId: string }) => string,
  amount = 100,
) {
  const session = (await t.gateway.deps.sessions.get(token))!;
  const contract = await payconiqContractOf(t, session.merchantId, session.contractNumber);
  const url = `${contract.apiBaseUrl}/v3/payments/${session.partnerPaymentId}/refunds`;
  const body = JSON.stringify({ amount, currency: 'EUR' });
  const signature = sign?.({ url, body, ppid: contract.ppid, merchantId: contract.merchantId! });
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${contract.apiKey}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      ...(signature && { signature }),
    },
    body,
  });
  return { status: res.status, json: (await res.json()) as { code: string; message: string } };
}

describe('refunds through the partner: failures, reconciliation, signature', () => {
  let t: TestGateway;
  let sim: PayconiqSimulator;
  let merchant: MerchantServer;
  before(async () => {
    t = await startTestGateway({ env: { PASSERELLE_PARTNER_TIMEOUT_MS: String(PARTNER_TIMEOUT_MS) } });
    sim = t.gateway.simulator!;
    merchant = await startMerchantServer();
  });
  after(async () => {
    await t.close();
    await merchant.close();
  });
  afterEach(async () => {
    await sim.setQuirks(defaultQuirks());
  });

  const trsFor = (refundId: string) =>
    merchant.received.filter((r) => r.notificationType === 'TRS' && r.transactionId === refundId);

  it('partner 500: 02000 ONHOLD_PARTNER, the amount stays committed, the worker sends it again with the same key, then REFUNDED + TRS', async () => {
    const { transactionId } = await paidPayment(t, { amount: 1000, notificationURL: merchant.url });
    await sim.setQuirks({ failNext: { status: 500, count: 1 } });
    const first = await soapRefund(t, { transactionID: transactionId, amount: '600', sequenceNumber: 'F-1' });
    assert.equal(first.field('code'), '02000', first.body);
    assert.equal(first.field('shortMessage'), 'ONHOLD_PARTNER');
    assert.equal(first.field('partnerCode'), 'TECHNICAL_ERROR');
    const refundId = first.field('id')!;
    assert.match(refundId, /^\d{14}$/);
    let [row] = await refundRows(t, transactionId);
    assert.deepEqual([row?.status, row?.result_code, row?.partner_refund_id], ['PENDING', '02000', null]);
    assert.equal(
      (await soapRefund(t, { transactionID: transactionId, amount: '500' })).field('code'),
      '02613',
      'a refund in doubt still counts',
    );

    t.clock.advance(11_000);
    await t.gateway.worker.runOnce();
    [row] = await refundRows(t, transactionId);
    assert.equal(row?.result_code, '00000');
    assert.match(row?.partner_refund_id ?? '', /^[0-9a-f]{24}$/);
    const replay = await soapRefund(t, { transactionID: transactionId, amount: '600', sequenceNumber: 'F-1' });
    assert.deepEqual(
      [replay.field('code'), replay.field('id'), replay.field('isDuplicated'), replay.field('partnerCode')],
      ['00000', refundId, '1', undefined],
    );

    await settleRefunds(t);
    [row] = await refundRows(t, transactionId);
    assert.equal(row?.status, 'REFUNDED');
    assert.equal(trsFor(refundId).length, 1);
  });

  it('partner 503 (REST): 202 while unavailable, a retry with the same Idempotency-Key sends it again, until the partner takes it', async () => {
    const { transactionId } = await paidPayment(t, { amount: 1000 });
    await sim.setQuirks({ failNext: { status: 503, count: 3 } });
    const first = await restRefund(t, transactionId, { amount: 400 }, { key: 'K-503' });
    assert.equal(first.status, 202, first.body);
    assert.deepEqual(first.json.result, {
      title: 'ONHOLD_PARTNER',
      code: '02000',
      detail: 'Transaction in progress, please wait for payment status.',
      partnerCode: 'TRY_AGAIN_LATER',
    });
    assert.equal(first.json.transaction.status, 'PENDING');
    const again = await restRefund(t, transactionId, { amount: 400 }, { key: 'K-503' });
    assert.equal(again.status, 202);
    assert.equal(again.json.transaction.id, first.json.transaction.id);
    for (let i = 0; i < 3; i++) {
      t.clock.advanceMinutes(6);
      await t.gateway.worker.runOnce();
    }
    const done = await restRefund(t, transactionId, { amount: 400 }, { key: 'K-503' });
    assert.equal(done.status, 201, done.body);
    assert.equal(done.json.transaction.id, first.json.transaction.id);
    await settleRefunds(t);
    const rows = await refundRows(t, transactionId);
    assert.deepEqual(
      rows.map((r) => [r.amount, r.status]),
      [[400, 'REFUNDED']],
    );
  });

  it(`partner slower than the connector timeout (${PARTNER_TIMEOUT_MS} ms): in doubt, reconciled with the same key, refunded once`, async () => {
    // A proxy, not the simulator's slowMs: the simulator drops a request its caller left, a real
    // partner may well carry it out.
    const proxy = await startPartnerProxy(() => `${t.baseUrl}/simulator/payconiq`);
    try {
      const own = await addOwnContract(t, { contractNumber: 'PQSLOW', apiBaseUrl: proxy.url });
      const { token, transactionId } = await paidPayment(t, { amount: 1000, contractNumber: own.contractNumber });
      proxy.latencyMs = 1_500;
      const first = await soapRefund(t, {
        transactionID: transactionId,
        amount: '600',
        contractNumber: own.contractNumber,
      });
      assert.equal(first.field('code'), '02000', first.body);
      assert.equal(first.field('partnerCode'), 'TIMEOUT');
      const atPartner = async () =>
        (await t.gateway.db.query('SELECT 1 FROM simulator_refunds WHERE idempotency_key = $1', [first.field('id')]))
          .length;
      await waitUntil(
        async () => (await atPartner()) === 1,
        'the partner to carry out the refund the gateway stopped waiting for',
      );
      proxy.latencyMs = 0;
      t.clock.advance(11_000);
      await t.gateway.worker.runOnce();
      await settleRefunds(t);
      const rows = await refundRows(t, transactionId);
      assert.deepEqual(
        rows.map((r) => [r.id, r.status, r.result_code]),
        [[first.field('id'), 'REFUNDED', '00000']],
      );
      assert.equal(await atPartner(), 1, 'the reconciliation replayed the refund, it did not make another');
      // The partner holds exactly 600 refunded: 400 more fit, 401 do not.
      assert.equal(await partnerRefundProbe(t, token, 401, 'probe-1'), 'INVALID_REFUND_AMOUNT');
      assert.equal(await partnerRefundProbe(t, token, 400, 'probe-2'), 'created');
    } finally {
      await proxy.close();
    }
  });

  it('refund FAILED at the partner: 02020 REFUSED, TRS, and the amount is refundable again', async () => {
    const { transactionId } = await paidPayment(t, { amount: 1000, notificationURL: merchant.url });
    const first = await soapRefund(t, { transactionID: transactionId, amount: '700', sequenceNumber: 'FAIL-1' });
    assert.equal(first.field('code'), '00000');
    const refundId = first.field('id')!;
    assert.equal((await soapRefund(t, { transactionID: transactionId, amount: '400' })).field('code'), '02613');
    await sim.setQuirks({ refundsFail: true });
    await settleRefunds(t);
    const [row] = await refundRows(t, transactionId);
    assert.deepEqual([row?.status, row?.result_code], ['FAILED', '02020']);
    assert.equal(trsFor(refundId).length, 1);
    const replay = await soapRefund(t, { transactionID: transactionId, amount: '700', sequenceNumber: 'FAIL-1' });
    assert.deepEqual(
      [replay.field('code'), replay.field('shortMessage'), replay.field('partnerCode'), replay.field('id')],
      ['02020', 'REFUSED', 'FAILED', refundId],
    );

    await sim.setQuirks({ refundsFail: false });
    const full = await soapRefund(t, { transactionID: transactionId, amount: '1000' });
    assert.equal(full.field('code'), '00000', 'a failed refund gives nothing back');
    await settleRefunds(t);
    assert.deepEqual((await refundRows(t, transactionId)).map((r) => [r.amount, r.status]).sort(), [
      [1000, 'REFUNDED'],
      [700, 'FAILED'],
    ]);
  });

  it('the partner refuses the request (refunds not enabled): 02020 with its code, stored FAILED, no TRS', async () => {
    const own = await addOwnContract(t, { contractNumber: 'PQNOREFUND', refundsEnabled: false });
    const { transactionId } = await paidPayment(t, {
      contractNumber: own.contractNumber,
      notificationURL: merchant.url,
    });
    const soap = await soapRefund(t, {
      transactionID: transactionId,
      amount: '100',
      contractNumber: own.contractNumber,
    });
    assert.deepEqual(
      [soap.field('code'), soap.field('shortMessage'), soap.field('partnerCode')],
      ['02020', 'REFUSED', 'REFUND_NOT_ALLOWED'],
    );
    const rest = await restRefund(t, transactionId, { amount: 100 });
    assert.equal(rest.status, 400);
    assert.equal(rest.json.result.partnerCode, 'REFUND_NOT_ALLOWED');
    assert.equal(rest.json.transaction.status, 'FAILED');
    const rows = await refundRows(t, transactionId);
    assert.deepEqual(
      rows.map((r) => [r.status, r.result_code]),
      [
        ['FAILED', '02020'],
        ['FAILED', '02020'],
      ],
    );
    await settleRefunds(t);
    assert.deepEqual(
      rows.flatMap((r) => trsFor(r.id)),
      [],
      'the merchant had the refusal in its answer',
    );
  });

  it('every POST …/refunds carries Idempotency-Key = the refund id and a Signature verifiable with the merchant JWKS', async () => {
    const proxy = await startPartnerProxy(() => `${t.baseUrl}/simulator/payconiq`);
    try {
      const own = await addOwnContract(t, { contractNumber: 'PQSIGNED', apiBaseUrl: proxy.url });
      const { token, transactionId } = await paidPayment(t, { contractNumber: own.contractNumber });
      const paymentId = (await t.gateway.deps.sessions.get(token))!.partnerPaymentId!;
      await sim.setQuirks({ failNext: { status: 503, count: 1 } });
      const refundId = (
        await soapRefund(t, {
          transactionID: transactionId,
          amount: '300',
          contractNumber: own.contractNumber,
          comment: 'Crème brûlée',
        })
      ).field('id')!;
      t.clock.advance(11_000);
      await t.gateway.worker.runOnce();

      const posts = proxy.requests.filter((r) => r.method === 'POST' && r.path === `/v3/payments/${paymentId}/refunds`);
      assert.equal(posts.length, 2, 'the first answered 503, the worker sent it again');
      const jwks = JSON.parse((await t.gateway.app.inject({ url: '/partners/payconiq/merchant-jwks' })).body) as {
        keys: Record<string, string>[];
      };
      assert.equal(jwks.keys.length, 1);
      const jwk = jwks.keys[0]!;
      assert.deepEqual([jwk.kty, jwk.crv, jwk.alg, jwk.use, jwk.d], ['EC', 'P-256', 'ES256', 'sig', undefined]);
      for (const post of posts) {
        assert.equal(post.headers['idempotency-key'], refundId);
        assert.equal(post.headers.authorization, `Bearer ${own.apiKey}`);
        assert.deepEqual(JSON.parse(post.body), { amount: 300, currency: 'EUR', description: 'Creme brulee' });
        const signature = String(post.headers.signature);
        const [encodedHeader, payload, encodedSignature] = signature.split('.');
        assert.equal(payload, '', 'detached payload');
        const header = JSON.parse(Buffer.from(encodedHeader!, 'base64url').toString('utf8'));
        assert.deepEqual(
          { ...header, 'https://payconiq.com/jti': typeof header['https://payconiq.com/jti'] },
          {
            typ: 'jose+json',
            kid: jwk.kid,
            alg: 'ES256',
            'https://payconiq.com/iat': header['https://payconiq.com/iat'],
            'https://payconiq.com/jti': 'string',
            'https://payconiq.com/path': `${proxy.url}/v3/payments/${paymentId}/refunds`,
            'https://payconiq.com/iss': own.partnerContractId,
            'https://payconiq.com/sub': own.ppid,
            crit: [
              'https://payconiq.com/iat',
              'https://payconiq.com/jti',
              'https://payconiq.com/path',
              'https://payconiq.com/iss',
              'https://payconiq.com/sub',
            ],
          },
        );
        assert.ok(!Number.isNaN(Date.parse(header['https://payconiq.com/iat'])));
        const input = Buffer.from(`${encodedHeader}.${Buffer.from(post.body, 'utf8').toString('base64url')}`, 'ascii');
        const key = createPublicKey({ key: jwk, format: 'jwk' });
        assert.ok(
          verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(encodedSignature!, 'base64url')),
          'signature verifies',
        );
      }
      assert.notEqual(
        posts[0]!.headers.signature,
        posts[1]!.headers.signature,
        'each request is signed anew (iat, jti)',
      );
      const gets = proxy.requests.filter(
        (r) => r.method === 'GET' && r.path.startsWith(`/v3/payments/${paymentId}/refunds/`),
      );
      assert.deepEqual(gets, [], 'not polled before its time');
      await settleRefunds(t);
      assert.equal(
        proxy.requests.filter((r) => r.method === 'GET' && r.path.startsWith(`/v3/payments/${paymentId}/refunds/`))
          .length,
        1,
      );
      assert.equal((await refundRows(t, transactionId))[0]?.status, 'REFUNDED');
    } finally {
      await proxy.close();
    }
  });
});

describe("the partner checks the merchant's refund signature against the JWKS the gateway serves", () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('unsigned, unknown key, forged with the right kid, wrong profile or wrong URL: 401 UNAUTHORIZED and nothing refunded', async () => {
    const { token, transactionId } = await paidPayment(t, { amount: 1000 });
    const jwks = JSON.parse((await t.gateway.app.inject({ url: '/partners/payconiq/merchant-jwks' })).body) as {
      keys: { kid: string }[];
    };
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forge =
      (kid: string, over: { sub?: string; url?: string } = {}) =>
      (target: { url: string; body: string; ppid: string; merchantId: string }) =>
        signPartnerRequest(
          { kid, privateKey },
          {
            url: over.url ?? target.url,
            body: target.body,
            iss: target.merchantId,
            sub: over.sub ?? target.ppid,
            now: new Date(),
          },
        );
    const refusals = {
      unsigned: await rawPartnerRefund(t, token),
      'unknown key': await rawPartnerRefund(t, token, forge('not-the-merchant-key')),
      forged: await rawPartnerRefund(t, token, forge(jwks.keys[0]!.kid)),
      'other profile': await rawPartnerRefund(t, token, forge(jwks.keys[0]!.kid, { sub: 'f'.repeat(24) })),
      'other URL': await rawPartnerRefund(
        t,
        token,
        forge(jwks.keys[0]!.kid, { url: 'https://elsewhere.example/v3/payments/x/refunds' }),
      ),
    };
    assert.deepEqual(
      Object.fromEntries(Object.entries(refusals).map(([what, r]) => [what, [r.status, r.json.code, r.json.message]])),
      {
        unsigned: [401, 'UNAUTHORIZED', 'Invalid JWS signature: missing Signature header'],
        'unknown key': [
          401,
          'UNAUTHORIZED',
          'Invalid JWS signature: no key "not-the-merchant-key" in the merchant JWKS',
        ],
        forged: [401, 'UNAUTHORIZED', 'Invalid JWS signature: the signature does not verify'],
        'other profile': [
          401,
          'UNAUTHORIZED',
          'Invalid JWS signature: https://payconiq.com/sub is not this payment profile',
        ],
        'other URL': [401, 'UNAUTHORIZED', 'Invalid JWS signature: https://payconiq.com/path is not the URL called'],
      },
    );
    // The gateway's own signed requests pass, and the whole amount is still there to refund.
    assert.equal((await soapRefund(t, { transactionID: transactionId, amount: '1000' })).field('code'), '00000');
  });

  it('a signature is good for one request: replayed (even with a new Idempotency-Key, even twice at once) or issued in the future, 401', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kid = 'shop-key-1';
    const jwks = await serveJson({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'ES256' }] });
    try {
      const own = await addOwnContract(t, { contractNumber: 'PQOWNJWKS', merchantJwksUrl: jwks.url });
      const { token } = await paidPayment(t, { contractNumber: own.contractNumber });
      const signAt = (now: Date) => (target: { url: string; body: string; ppid: string; merchantId: string }) =>
        signPartnerRequest(
          { kid, privateKey },
          { url: target.url, body: target.body, iss: target.merchantId, sub: target.ppid, now },
        );
      let used = '';
      const first = await rawPartnerRefund(t, token, (target) => (used = signAt(t.clock.now())(target)));
      assert.equal(first.status, 201, JSON.stringify(first.json));
      const replayed = await rawPartnerRefund(t, token, () => used);
      assert.deepEqual(
        [replayed.status, replayed.json.message],
        [401, 'Invalid JWS signature: https://payconiq.com/jti already used: a signature is good for one request'],
      );

      const once = signAt(t.clock.now());
      let signed!: (signature: string) => void;
      const copy = new Promise<string>((resolve) => (signed = resolve));
      const original = (target: Parameters<typeof once>[0]) => {
        const signature = once(target);
        signed(signature);
        return signature;
      };
      // The copy leaves as soon as the original is signed, while the original is on its way.
      const both = await Promise.all([
        rawPartnerRefund(t, token, original),
        copy.then((signature) => rawPartnerRefund(t, token, () => signature)),
      ]);
      assert.deepEqual(both.map((r) => r.status).sort(), [201, 401], 'two copies sent at once: one refund');

      const future = await rawPartnerRefund(t, token, signAt(new Date(t.clock.now().getTime() + 2 * 60_000)));
      assert.deepEqual(
        [future.status, future.json.message],
        [401, 'Invalid JWS signature: https://payconiq.com/iat is in the future'],
      );
      const skewed = await rawPartnerRefund(t, token, signAt(new Date(t.clock.now().getTime() + 30_000)));
      assert.equal(skewed.status, 201, 'half a minute of clock skew is tolerated');

      // Three refunds of 100 were made of the 1,000: 700 are left.
      const tooMuch = await rawPartnerRefund(t, token, signAt(t.clock.now()), 701);
      assert.equal(tooMuch.json.code, 'INVALID_REFUND_AMOUNT', JSON.stringify(tooMuch.json));
      assert.equal((await rawPartnerRefund(t, token, signAt(t.clock.now()), 700)).status, 201);
    } finally {
      await jwks.close();
    }
  });

  it('a partner that cannot read the merchant JWKS answers 500: the refund stays in doubt and is sent again', async () => {
    const unreachable = 'http://127.0.0.1:9/jwks';
    const own = await addOwnContract(t, { contractNumber: 'PQNOJWKS', merchantJwksUrl: unreachable });
    const { transactionId } = await paidPayment(t, { contractNumber: own.contractNumber });
    const first = await soapRefund(t, {
      transactionID: transactionId,
      amount: '300',
      contractNumber: own.contractNumber,
    });
    assert.deepEqual([first.field('code'), first.field('partnerCode')], ['02000', 'TECHNICAL_ERROR'], first.body);
    assert.equal((await refundRows(t, transactionId))[0]?.status, 'PENDING');
  });
});

describe('the merchant request-signing key', () => {
  it('is created once, kept sealed in the database, and the same after a restart', async () => {
    const database = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-keys-'));
    try {
      const jwksOf = async (t: TestGateway) =>
        JSON.parse((await t.gateway.app.inject({ url: '/partners/payconiq/merchant-jwks' })).body);
      const first = await startTestGateway({ database, dataDir });
      const before = await jwksOf(first);
      assert.deepEqual(await jwksOf(first), before);
      const [row] = await first.gateway.db.query<{ private_key_sealed: string }>(
        'SELECT private_key_sealed FROM signing_keys',
      );
      assert.match(row!.private_key_sealed, /^v1:/, 'sealed with the secret box');
      await first.close();
      const second = await startTestGateway({ database, dataDir });
      try {
        assert.deepEqual(await jwksOf(second), before);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  // PGlite is embedded in one process by design: this one exists in the PostgreSQL run only.
  if (DRIVER === 'postgres')
    it('is shared by gateway processes on one database', async () => {
      const database = await createTestDatabase();
      const [a, b] = await Promise.all([startTestGateway({ database }), startTestGateway({ database })]);
      try {
        const [ja, jb] = await Promise.all(
          [a, b].map(async (t) => (await t.gateway.app.inject({ url: '/partners/payconiq/merchant-jwks' })).body),
        );
        assert.equal(ja, jb);
      } finally {
        await Promise.all([a.close(), b.close()]);
        await database.drop();
      }
    });
});

/** A local HTTP server answering every GET with the given JSON (a merchant's published JWKS). */
async function serveJson(document: unknown): Promise<{ url: string; close(): Promise<void> }> {
  const local = await listenLocally((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document)),
  );
  return { url: `${local.url}/jwks`, close: local.close };
}
