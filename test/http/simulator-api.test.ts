import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Fastify from 'fastify';
import {
  createJwksApp,
  createPayconiqSimulator,
  defaultQuirks,
  SimulatorClock,
  type PayconiqSimulator,
  type SimulatorProfile,
} from '../../src/simulator/payconiq/simulator.js';
import { listenLocally } from '../support/local-server.js';
import type { Wire } from '../support/wire.js';

/**
 * The simulator's Merchant API over real HTTP, as the gateway's connector will call it: shapes,
 * every error code, search, refunds, quirk injection, payer page, QR and JWKS.
 */

const PREFIX = '/simulator/payconiq';
const START = new Date('2026-03-02T09:00:00.000Z');
const SHOP: SimulatorProfile = {
  apiKey: 'shop-key-0000-0000-0000-000000000001',
  ppid: '5bb37284e35e2b29e363df22',
  merchantId: 'M0001',
  name: 'Monext Demo',
  iban: 'BE68539007547034',
};
const OTHER: SimulatorProfile = {
  apiKey: 'other-key-000-0000-0000-000000000002',
  ppid: '6cc48395f46f3c3af474e033',
  merchantId: 'M0002',
  name: 'Other Shop',
  iban: 'BE71096123456769',
  refundsEnabled: false,
};

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HEX24 = /^[0-9a-f]{24}$/;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // Answers are checked field by field; a loose type keeps the assertions readable.
  json: Wire;
}

let sim: PayconiqSimulator;
let clock: SimulatorClock;
let base: string;
let origin: string;
let closeAll: () => Promise<void>;

before(async () => {
  // Listen first so the simulator's links can carry the real port.
  const { server, url } = await listenLocally();
  origin = url;
  base = `${origin}${PREFIX}`;
  clock = new SimulatorClock(START);
  // Some payments here carry unreachable callback URLs (.invalid, port 9): keep any attempt short.
  sim = createPayconiqSimulator({ apiBaseUrl: base, payBaseUrl: base, clock, callbackRetry: { timeoutMs: 1_000 } });
  await sim.addProfile(SHOP);
  await sim.addProfile(OTHER);
  const app = Fastify({ serverFactory: (handler) => server.on('request', handler) });
  await app.register(sim.plugin, { prefix: PREFIX });
  await app.ready();
  closeAll = async () => {
    await sim.stop();
    server.closeAllConnections();
    await app.close();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  };
});
after(() => closeAll());
beforeEach(() => sim.setQuirks(defaultQuirks()));

async function call(
  method: string,
  path: string,
  opts: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  const key = opts.key === undefined ? SHOP.apiKey : opts.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

const create = (
  body: Record<string, unknown> = { amount: 1234, currency: 'EUR', description: 'Order 42', reference: 'REF-42' },
  key?: string,
) => call('POST', '/v3/payments', { body, ...(key ? { key } : {}) });

async function createdId(body?: Record<string, unknown>, key?: string): Promise<string> {
  const res = await create(body, key);
  assert.equal(res.status, 201, res.text);
  return res.json.paymentId as string;
}

function assertPaymentError(res: Answer, status: number, code: string, message?: string): void {
  assert.equal(res.status, status, res.text);
  assert.deepEqual(Object.keys(res.json).sort(), ['code', 'message', 'spanId', 'traceId']);
  assert.equal(res.json.code, code);
  if (message) assert.equal(res.json.message, message);
  assert.match(res.json.traceId, /^[0-9a-f]+$/);
  assert.match(res.json.spanId, /^[0-9a-f]+$/);
}

function assertRefundError(res: Answer, status: number, code: string): void {
  assert.equal(res.status, status, res.text);
  assert.deepEqual(Object.keys(res.json).sort(), ['code', 'message']);
  assert.equal(res.json.code, code);
}

describe('payconiq simulator: auth', () => {
  it('answers 401 UNAUTHORIZED with the four-field body for a missing, wrong or non-Bearer key', async () => {
    assertPaymentError(await create(undefined, 'nope'), 401, 'UNAUTHORIZED');
    assertPaymentError(await call('POST', '/v3/payments', { key: null, body: { amount: 1 } }), 401, 'UNAUTHORIZED');
    assertPaymentError(
      await call('GET', `/v3/payments/${'a'.repeat(24)}`, { key: null, headers: { authorization: SHOP.apiKey } }),
      401,
      'UNAUTHORIZED',
    );
    const a = await create(undefined, 'nope');
    const b = await create(undefined, 'nope');
    assert.notEqual(a.json.traceId, b.json.traceId, 'trace ids are random');
  });
});

describe('payconiq simulator: create', () => {
  it('201 with the documented shape, expiresAt (with an s) and the links', async () => {
    const res = await create({
      amount: 1234,
      currency: 'EUR',
      description: 'Order 42',
      reference: 'REF-42',
      callbackUrl: 'https://merchant.invalid/cb',
      identifyCallbackUrl: 'https://merchant.invalid/id',
    });
    assert.equal(res.status, 201);
    const p = res.json;
    assert.match(p.paymentId, HEX24);
    assert.equal(p.status, 'PENDING');
    assert.equal(p.createdAt, START.toISOString());
    assert.match(p.createdAt, ISO_MS);
    assert.equal(p.expiresAt, new Date(START.getTime() + 20 * 60_000).toISOString());
    assert.equal(p.expireAt, undefined);
    assert.equal(p.amount, 1234);
    assert.equal(p.currency, 'EUR');
    assert.equal(p.description, 'Order 42');
    assert.equal(p.reference, 'REF-42');
    assert.deepEqual(p.creditor, {
      profileId: SHOP.ppid,
      merchantId: SHOP.merchantId,
      name: SHOP.name,
      iban: SHOP.iban,
      callbackUrl: 'https://merchant.invalid/cb',
      identifyCallbackUrl: 'https://merchant.invalid/id',
    });
    const deeplink = `${base}/pay/2/${p.paymentId}`;
    assert.deepEqual(p._links, {
      self: { href: `${base}/v3/payments/${p.paymentId}` },
      deeplink: { href: deeplink },
      qrcode: { href: `${base}/qrcode?c=${encodeURIComponent(deeplink)}` },
      cancel: { href: `${base}/v3/payments/${p.paymentId}` },
    });
  });

  it('currency defaults to EUR, optional texts are omitted, the profile callback URL is the default', async () => {
    const res = await create({ amount: 1 });
    assert.equal(res.status, 201);
    assert.equal(res.json.currency, 'EUR');
    assert.equal('description' in res.json, false);
    assert.equal('reference' in res.json, false);
    assert.equal('callbackUrl' in res.json.creditor, false);
  });

  it('BODY_MISSING for no body, unreadable JSON or a non-object', async () => {
    assertPaymentError(await call('POST', '/v3/payments'), 400, 'BODY_MISSING');
    assertPaymentError(await call('POST', '/v3/payments', { raw: '' }), 400, 'BODY_MISSING');
    assertPaymentError(await call('POST', '/v3/payments', { raw: '{"amount":' }), 400, 'BODY_MISSING');
    assertPaymentError(await call('POST', '/v3/payments', { body: [1] }), 400, 'BODY_MISSING');
  });

  it('FIELD_IS_REQUIRED for a missing amount', async () => {
    assertPaymentError(await create({ description: 'x' }), 400, 'FIELD_IS_REQUIRED', 'Field amount is required');
  });

  const invalid: [string, Record<string, unknown>][] = [
    ['amount', { amount: 0 }],
    ['amount', { amount: 1.5 }],
    ['amount', { amount: '100' }],
    ['amount', { amount: 1_000_000_000_000 }],
    ['currency', { amount: 1, currency: 'USD' }],
    ['reference', { amount: 1, reference: 'R'.repeat(36) }],
    ['reference', { amount: 1, reference: 'A&B' }],
    ['description', { amount: 1, description: 'D'.repeat(141) }],
    ['description', { amount: 1, description: 'Fish & chips' }],
    ['description', { amount: 1, description: 'Café' }],
    ['description', { amount: 1, description: 'Party 🎉' }],
    ['callbackUrl', { amount: 1, callbackUrl: 'http://merchant.example/cb' }],
    ['callbackUrl', { amount: 1, callbackUrl: `https://merchant.invalid/${'p'.repeat(2030)}` }],
    ['callbackUrl', { amount: 1, callbackUrl: 'not a url' }],
    ['identifyCallbackUrl', { amount: 1, identifyCallbackUrl: 'http://10.0.0.1/cb' }],
    ['returnUrl', { amount: 1, returnUrl: 'ftp://merchant.example/' }],
  ];
  for (const [field, body] of invalid) {
    it(`FIELD_IS_INVALID "Field ${field} is invalid" for ${JSON.stringify(body).slice(0, 70)}`, async () => {
      assertPaymentError(await create(body), 400, 'FIELD_IS_INVALID', `Field ${field} is invalid`);
    });
  }

  it('accepts the limits and the whole SEPA character set', async () => {
    assert.equal((await create({ amount: 999_999_999_999 })).status, 201);
    assert.equal((await create({ amount: 1, reference: 'R'.repeat(35), description: 'D'.repeat(140) })).status, 201);
    assert.equal((await create({ amount: 1, description: "AZaz09 /-?:().,'+" })).status, 201);
    assert.equal(
      (await create({ amount: 1, callbackUrl: `https://merchant.invalid/cb?x=1&y=${'q'.repeat(1990)}` })).status,
      201,
    );
  });

  it('http URLs are accepted for loopback hosts only (local homologation)', async () => {
    for (const url of [
      'http://127.0.0.1:9/cb',
      'http://127.1.2.3:9/cb',
      'http://localhost:9/cb',
      'http://[::1]:9/cb',
    ]) {
      assert.equal((await create({ amount: 1, callbackUrl: url, returnUrl: url })).status, 201, url);
    }
  });
});

describe('payconiq simulator: get', () => {
  it('200 with expireAt (no s), no debtor or succeededAt while PENDING, the cancel link', async () => {
    const id = await createdId();
    const res = await call('GET', `/v3/payments/${id}`);
    assert.equal(res.status, 200);
    const p = res.json;
    assert.equal(p.paymentId, id);
    assert.equal(p.status, 'PENDING');
    assert.match(p.expireAt, ISO_MS);
    assert.equal(p.expiresAt, undefined);
    assert.equal(p.succeededAt, undefined);
    assert.equal(p.debtor, undefined);
    assert.deepEqual(Object.keys(p._links).sort(), ['cancel', 'deeplink', 'qrcode', 'self']);
    assert.equal(p.transferAmount, undefined, 'legacy amount fields are off by default');
  });

  it('debtor (masked IBAN) from IDENTIFIED on; succeededAt and the refund link only once SUCCEEDED', async () => {
    const id = await createdId();
    await sim.act(id, 'scan');
    let p = (await call('GET', `/v3/payments/${id}`)).json;
    assert.equal(p.status, 'IDENTIFIED');
    assert.match(p.debtor.iban, /^\*{13}\d{5}$/);
    assert.equal(typeof p.debtor.name, 'string');
    assert.ok(p._links.cancel);
    assert.equal(p.succeededAt, undefined);
    await sim.act(id, 'pay');
    p = (await call('GET', `/v3/payments/${id}`)).json;
    assert.equal(p.status, 'SUCCEEDED');
    assert.match(p.succeededAt, ISO_MS);
    assert.equal(p._links.cancel, undefined);
    assert.deepEqual(p._links.refund, { href: `${base}/v3/payments/${id}/refunds` });
  });

  it('404 PAYMENT_NOT_FOUND for an unknown or malformed id; 403 ACCESS_DENIED for another profile', async () => {
    assertPaymentError(await call('GET', `/v3/payments/${'0'.repeat(24)}`), 404, 'PAYMENT_NOT_FOUND');
    assertPaymentError(await call('GET', '/v3/payments/not-an-id'), 404, 'PAYMENT_NOT_FOUND');
    const id = await createdId();
    assertPaymentError(await call('GET', `/v3/payments/${id}`, { key: OTHER.apiKey }), 403, 'ACCESS_DENIED');
  });

  it('legacyAmountFields adds transferAmount/tippingAmount/totalAmount', async () => {
    const id = await createdId({ amount: 700 });
    await sim.setQuirks({ legacyAmountFields: true });
    let p = (await call('GET', `/v3/payments/${id}`)).json;
    assert.deepEqual([p.transferAmount, p.tippingAmount, p.totalAmount], [0, 0, 0]);
    await sim.act(id, 'pay');
    p = (await call('GET', `/v3/payments/${id}`)).json;
    assert.deepEqual([p.transferAmount, p.tippingAmount, p.totalAmount], [700, 0, 700]);
  });
});

describe('payconiq simulator: cancel', () => {
  it('204 while PENDING or IDENTIFIED, then 422 PAYMENT_NOT_PENDING', async () => {
    const a = await createdId();
    const res = await call('DELETE', `/v3/payments/${a}`);
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    assert.equal((await call('GET', `/v3/payments/${a}`)).json.status, 'CANCELLED');
    assertPaymentError(await call('DELETE', `/v3/payments/${a}`), 422, 'PAYMENT_NOT_PENDING');

    const b = await createdId();
    await sim.act(b, 'scan');
    assert.equal((await call('DELETE', `/v3/payments/${b}`)).status, 204);

    const c = await createdId();
    await sim.act(c, 'pay');
    assertPaymentError(await call('DELETE', `/v3/payments/${c}`), 422, 'PAYMENT_NOT_PENDING');
  });

  it('403 CALLER_NOT_ALLOWED_TO_CANCEL for another profile, 404 for an unknown id', async () => {
    const id = await createdId();
    assertPaymentError(
      await call('DELETE', `/v3/payments/${id}`, { key: OTHER.apiKey }),
      403,
      'CALLER_NOT_ALLOWED_TO_CANCEL',
    );
    assertPaymentError(await call('DELETE', `/v3/payments/${'f'.repeat(24)}`), 404, 'PAYMENT_NOT_FOUND');
    assert.equal((await call('GET', `/v3/payments/${id}`)).json.status, 'PENDING');
  });
});

describe('payconiq simulator: search', () => {
  it('pages, newest first, own profile only, filters by status and reference', async () => {
    const ref = `S-${Date.now()}`;
    clock.advance(60_000);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      ids.push(await createdId({ amount: 100 + i, reference: ref }));
    }
    await createdId({ amount: 1, reference: ref }, OTHER.apiKey);
    await sim.act(ids[1]!, 'pay');

    const page0 = await call('POST', '/v3/payments/search?page=0&size=2', { body: { reference: ref } });
    assert.equal(page0.status, 200);
    assert.deepEqual(Object.keys(page0.json).sort(), ['details', 'number', 'size', 'totalElements', 'totalPages']);
    assert.equal(page0.json.size, 2);
    assert.equal(page0.json.number, 0);
    assert.equal(page0.json.totalElements, 5);
    assert.equal(page0.json.totalPages, 3);
    assert.deepEqual(
      page0.json.details.map((d: { paymentId: string }) => d.paymentId),
      [ids[4], ids[3]],
    );
    assert.ok(page0.json.details[0].expireAt, 'details use the GET shape');
    const page2 = await call('POST', '/v3/payments/search?page=2&size=2', { body: { reference: ref } });
    assert.deepEqual(
      page2.json.details.map((d: { paymentId: string }) => d.paymentId),
      [ids[0]],
    );

    const succeeded = await call('POST', '/v3/payments/search', {
      body: { reference: ref, paymentStatuses: ['SUCCEEDED'] },
    });
    assert.equal(succeeded.json.size, 10, 'default size');
    assert.deepEqual(
      succeeded.json.details.map((d: { paymentId: string }) => d.paymentId),
      [ids[1]],
    );
  });

  it('from defaults to now - 1 day; from/to narrow the window; an empty body is fine', async () => {
    clock.advance(3 * 86_400_000);
    const old = await createdId({ amount: 5, reference: 'WINDOW' });
    const oldAt = clock.now();
    clock.advance(2 * 86_400_000);
    const recent = await createdId({ amount: 6, reference: 'WINDOW' });
    const byDefault = await call('POST', '/v3/payments/search', { body: { reference: 'WINDOW' } });
    assert.deepEqual(
      byDefault.json.details.map((d: { paymentId: string }) => d.paymentId),
      [recent],
    );
    const explicit = await call('POST', '/v3/payments/search', {
      body: {
        reference: 'WINDOW',
        from: new Date(oldAt.getTime() - 1000).toISOString(),
        to: new Date(oldAt.getTime() + 1000).toISOString(),
      },
    });
    assert.deepEqual(
      explicit.json.details.map((d: { paymentId: string }) => d.paymentId),
      [old],
    );
    assert.equal((await call('POST', '/v3/payments/search')).status, 200);
  });

  it('400 for a size over 100, a bad page, a bad date or an unknown status', async () => {
    assertPaymentError(await call('POST', '/v3/payments/search?size=101', { body: {} }), 400, 'FIELD_IS_INVALID');
    assertPaymentError(await call('POST', '/v3/payments/search?page=-1', { body: {} }), 400, 'FIELD_IS_INVALID');
    assertPaymentError(
      await call('POST', '/v3/payments/search', { body: { from: 'yesterday' } }),
      400,
      'FIELD_IS_INVALID',
    );
    assertPaymentError(
      await call('POST', '/v3/payments/search', { body: { paymentStatuses: ['PAID'] } }),
      400,
      'FIELD_IS_INVALID',
    );
    assert.equal((await call('POST', '/v3/payments/search?size=100', { body: {} })).status, 200);
  });
});

describe('payconiq simulator: refund IBAN', () => {
  it('422 REFUND_NOT_ALLOWED until SUCCEEDED, then the unmasked IBAN matching the masked one', async () => {
    const id = await createdId();
    assertPaymentError(await call('GET', `/v3/payments/${id}/debtor/refundIban`), 422, 'REFUND_NOT_ALLOWED');
    await sim.act(id, 'pay');
    const res = await call('GET', `/v3/payments/${id}/debtor/refundIban`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json), ['iban']);
    assert.match(res.json.iban, /^BE\d{2}( \d{4}){3}$/);
    const masked = (await call('GET', `/v3/payments/${id}`)).json.debtor.iban as string;
    assert.equal(res.json.iban.replaceAll(' ', '').slice(-5), masked.slice(-5));
    // The fixed homologation payer: a valid Belgian IBAN at Belfius (068 → GKCCBEBB), like the spec's sample BE12…92.
    assert.equal(res.json.iban, 'BE12 0682 4592 0992');
    const iban = res.json.iban.replaceAll(' ', '') as string;
    assert.equal(BigInt(`${iban.slice(4)}1114${iban.slice(2, 4)}`) % 97n, 1n, 'ISO 13616 check digits');
    assert.equal(BigInt(iban.slice(4, 14)) % 97n, BigInt(iban.slice(14)), 'Belgian national check digits');
    assertPaymentError(
      await call('GET', `/v3/payments/${id}/debtor/refundIban`, { key: OTHER.apiKey }),
      403,
      'ACCESS_DENIED',
    );
    await sim.setQuirks({ refundIbanNotAvailable: true });
    assertPaymentError(await call('GET', `/v3/payments/${id}/debtor/refundIban`), 422, 'REFUND_NOT_AVAILABLE');
  });
});

describe('payconiq simulator: refunds', () => {
  /** key null: no Idempotency-Key header at all. */
  const refund = (id: string, body: unknown, key: string | null = `idem-${Math.random()}`, apiKey?: string) =>
    call('POST', `/v3/payments/${id}/refunds`, {
      body,
      headers: key === null ? {} : { 'idempotency-key': key },
      ...(apiKey ? { key: apiKey } : {}),
    });

  async function paid(amount = 1000): Promise<string> {
    const id = await createdId({ amount });
    await sim.act(id, 'pay');
    return id;
  }

  it('201 PENDING with the RefundModel shape, then REFUNDED after a tick', async () => {
    const id = await paid();
    const res = await refund(id, { amount: 400, currency: 'EUR', description: 'Partial refund' });
    assert.equal(res.status, 201, res.text);
    assert.match(res.json.refundId, HEX24);
    assert.deepEqual(
      { ...res.json, refundId: 'x' },
      {
        refundId: 'x',
        paymentId: id,
        status: 'PENDING',
        amount: 400,
        currency: 'EUR',
        description: 'Partial refund',
        creationDate: clock.now().toISOString(),
      },
    );
    const path = `/v3/payments/${id}/refunds/${res.json.refundId}`;
    assert.equal((await call('GET', path)).json.status, 'PENDING');
    await sim.tick();
    const after = await call('GET', path);
    assert.equal(after.status, 200);
    assert.equal(after.json.status, 'REFUNDED');
  });

  it('the same Idempotency-Key replays the refund; a different body is REFUND_REQUEST_CONFLICT', async () => {
    const id = await paid();
    const first = await refund(id, { amount: 300, currency: 'EUR' }, 'key-1');
    const again = await refund(id, { amount: 300, currency: 'EUR' }, 'key-1');
    assert.equal(again.status, 201);
    assert.equal(again.json.refundId, first.json.refundId);
    assertRefundError(await refund(id, { amount: 301, currency: 'EUR' }, 'key-1'), 422, 'REFUND_REQUEST_CONFLICT');
    const second = await refund(id, { amount: 300, currency: 'EUR' }, 'key-2');
    assert.notEqual(second.json.refundId, first.json.refundId, 'a new key is a new refund');
  });

  it('INVALID_REFUND_AMOUNT above the remaining amount; partial refunds add up to the total', async () => {
    const id = await paid(1000);
    assertRefundError(await refund(id, { amount: 1001, currency: 'EUR' }), 422, 'INVALID_REFUND_AMOUNT');
    assert.equal((await refund(id, { amount: 600, currency: 'EUR' })).status, 201);
    assertRefundError(await refund(id, { amount: 401, currency: 'EUR' }), 422, 'INVALID_REFUND_AMOUNT');
    assert.equal((await refund(id, { amount: 400, currency: 'EUR' })).status, 201);
    assertRefundError(await refund(id, { amount: 1, currency: 'EUR' }), 422, 'INVALID_REFUND_AMOUNT');
  });

  it('refundsFail quirk: refunds end FAILED and free the amount again', async () => {
    const id = await paid(500);
    await sim.setQuirks({ refundsFail: true });
    const res = await refund(id, { amount: 500, currency: 'EUR' });
    await sim.tick();
    assert.equal((await call('GET', `/v3/payments/${id}/refunds/${res.json.refundId}`)).json.status, 'FAILED');
    await sim.setQuirks({ refundsFail: false });
    assert.equal((await refund(id, { amount: 500, currency: 'EUR' })).status, 201);
  });

  it('REFUND_NOT_POSSIBLE unless SUCCEEDED; REFUND_NOT_ALLOWED for a profile without refunds', async () => {
    const id = await createdId();
    assertRefundError(await refund(id, { amount: 1, currency: 'EUR' }), 422, 'REFUND_NOT_POSSIBLE');
    const other = await createdId({ amount: 100 }, OTHER.apiKey);
    await sim.act(other, 'pay');
    assertRefundError(
      await refund(other, { amount: 1, currency: 'EUR' }, 'k', OTHER.apiKey),
      422,
      'REFUND_NOT_ALLOWED',
    );
  });

  it('{code,message} errors: missing or long Idempotency-Key, bad body, 401, 403, unknown payment or refund', async () => {
    const id = await paid();
    assertRefundError(await refund(id, { amount: 1, currency: 'EUR' }, null), 400, 'VALIDATION_ERROR');
    assertRefundError(await refund(id, { amount: 1, currency: 'EUR' }, 'k'.repeat(65)), 400, 'VALIDATION_ERROR');
    assert.equal((await refund(id, { amount: 1, currency: 'EUR' }, 'k'.repeat(64))).status, 201);
    assertRefundError(await refund(id, { amount: 0, currency: 'EUR' }), 400, 'VALIDATION_ERROR');
    assertRefundError(await refund(id, { amount: 1 }), 400, 'VALIDATION_ERROR');
    assertRefundError(await refund(id, { amount: 1, currency: 'EUR' }, 'k', 'wrong-key'), 401, 'UNAUTHORIZED');
    assertRefundError(await refund(id, { amount: 1, currency: 'EUR' }, 'k', OTHER.apiKey), 403, 'ACCESS_DENIED');
    assertRefundError(
      await refund('0'.repeat(24), { amount: 1, currency: 'EUR' }),
      422,
      'PAYMENT_FOR_REFUND_NOT_FOUND',
    );
    assertRefundError(await call('GET', `/v3/payments/${id}/refunds/${'0'.repeat(24)}`), 404, 'REFUND_NOT_FOUND');
    assertRefundError(
      await call('GET', `/v3/payments/${'0'.repeat(24)}/refunds/${'0'.repeat(24)}`),
      404,
      'PAYMENT_NOT_FOUND',
    );
  });
});

describe('payconiq simulator: injected failures and delays', () => {
  it('failNext 429 answers an empty body, for count calls, before auth', async () => {
    await sim.setQuirks({ failNext: { status: 429, count: 2 } });
    for (let i = 0; i < 2; i++) {
      const res = await create(undefined, 'not even a valid key');
      assert.equal(res.status, 429);
      assert.equal(res.text, '');
    }
    assert.equal((await sim.getQuirks()).failNext, undefined, 'consumed');
    assert.equal((await create()).status, 201);
  });

  it('failNext 500 / 503 answer TECHNICAL_ERROR / TRY_AGAIN_LATER with the shape of the API called', async () => {
    await sim.setQuirks({ failNext: { status: 500, count: 1 } });
    assertPaymentError(await create(), 500, 'TECHNICAL_ERROR');
    await sim.setQuirks({ failNext: { status: 503, count: 1 } });
    assertPaymentError(await call('GET', `/v3/payments/${'0'.repeat(24)}`), 503, 'TRY_AGAIN_LATER');
    await sim.setQuirks({ failNext: { status: 500, count: 1 } });
    assertRefundError(
      await call('GET', `/v3/payments/${'0'.repeat(24)}/refunds/${'0'.repeat(24)}`),
      500,
      'TECHNICAL_ERROR',
    );
  });

  it('failNext does not touch the payer pages, controls or JWKS', async () => {
    await sim.setQuirks({ failNext: { status: 503, count: 1 } });
    assert.equal((await call('GET', '/jwks/', { key: null })).status, 200);
    assert.equal((await call('GET', '/_simulator/quirks', { key: null })).status, 200);
    assertPaymentError(await create(), 503, 'TRY_AGAIN_LATER');
  });

  it('slowMs delays Merchant API answers', async () => {
    await sim.setQuirks({ slowMs: 150 });
    const t0 = performance.now();
    assert.equal((await create()).status, 201);
    assert.ok(performance.now() - t0 >= 140);
  });
});

describe('payconiq simulator: controls over HTTP', () => {
  it('GET/POST /_simulator/quirks reads and patches; bad patches are refused whole', async () => {
    assert.deepEqual(
      (await call('GET', '/_simulator/quirks', { key: null })).json,
      JSON.parse(JSON.stringify(defaultQuirks())),
    );
    const res = await call('POST', '/_simulator/quirks', {
      key: null,
      body: { lowercaseIss: true, iatPrecision: 'ns', failNext: { status: 503, count: 1 } },
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.lowercaseIss, true);
    assert.equal((await sim.getQuirks()).iatPrecision, 'ns');
    assert.deepEqual((await sim.getQuirks()).failNext, { status: 503, count: 1 });
    assert.equal((await call('POST', '/_simulator/quirks', { key: null, body: { failNext: null } })).status, 200);
    assert.equal((await sim.getQuirks()).failNext, undefined);
    assert.equal(
      (await call('POST', '/_simulator/quirks', { key: null, body: { derSignature: true, bogus: 1 } })).status,
      400,
    );
    assert.equal((await call('POST', '/_simulator/quirks', { key: null, body: { iatPrecision: 's' } })).status, 400);
    assert.equal((await sim.getQuirks()).derSignature, false, 'nothing applied from a refused patch');
  });

  it('POST /_simulator/clock moves the clock and expires what is due', async () => {
    const id = await createdId();
    const res = await call('POST', '/_simulator/clock', { key: null, body: { advanceMs: 20 * 60_000 } });
    assert.equal(res.status, 200);
    assert.equal(res.json.now, clock.now().toISOString());
    const p = (await call('GET', `/v3/payments/${id}`)).json;
    assert.equal(p.status, 'EXPIRED');
    assert.equal(p.debtor, undefined, 'expired before any scan: no debtor');
    assert.equal(p._links.cancel, undefined);
    assert.equal((await call('POST', '/_simulator/clock', { key: null, body: { advanceMs: -1 } })).status, 400);
  });

  it('POST /_simulator/payments/:id/:action drives the payer; final statuses do not move', async () => {
    const id = await createdId();
    assert.deepEqual((await call('POST', `/_simulator/payments/${id}/scan`, { key: null })).json, {
      status: 'IDENTIFIED',
    });
    assert.deepEqual((await call('POST', `/_simulator/payments/${id}/decline`, { key: null })).json, {
      status: 'AUTHORIZATION_FAILED',
    });
    assertPaymentError(await call('POST', `/_simulator/payments/${id}/pay`, { key: null }), 422, 'PAYMENT_NOT_PENDING');
    await assert.rejects(sim.act(id, 'cancel'), { code: 'PAYMENT_NOT_PENDING' });
    assertPaymentError(
      await call('POST', `/_simulator/payments/${'0'.repeat(24)}/pay`, { key: null }),
      404,
      'PAYMENT_NOT_FOUND',
    );
    assert.equal((await call('POST', `/_simulator/payments/${id}/dance`, { key: null })).status, 404);
  });
});

describe('payconiq simulator: payer page, QR code, JWKS', () => {
  it('the phone page shows the payment and posts forms that redirect back, under a strict CSP', async () => {
    const id = await createdId({ amount: 1234, description: 'Order 42' });
    const page = await call('GET', `/pay/2/${id}`, { key: null });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'; style-src 'self'/);
    assert.match(page.text, /€ 12\.34/);
    assert.match(page.text, /Monext Demo/);
    assert.match(page.text, /Order 42/);
    assert.match(page.text, /PENDING/);
    assert.doesNotMatch(page.text, /<script|style=/i, 'no inline script or style');
    for (const action of ['scan', 'pay', 'decline', 'cancel', 'expire']) {
      assert.ok(page.text.includes(`action="../../_simulator/payments/${id}/${action}"`), action);
    }
    const stylesheet = /href="\.\.\/assets\/(phone\.[0-9a-f]{8}\.css)"/.exec(page.text)?.[1];
    assert.ok(stylesheet, 'the page links its content-hashed stylesheet, relative to the page');
    const css = await call('GET', `/pay/assets/${stylesheet}`, { key: null });
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);

    const pay = await call('POST', `/_simulator/payments/${id}/pay`, {
      key: null,
      raw: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(pay.status, 303);
    const location = new URL(pay.headers.get('location') ?? '', `${base}/_simulator/payments/${id}/pay`);
    assert.equal(location.href, `${base}/pay/2/${id}`);
    const after = await call('GET', `/pay/2/${id}`, { key: null });
    assert.match(after.text, /SUCCEEDED/);
    assert.doesNotMatch(after.text, /<form/, 'a final payment offers no action');

    const again = await call('POST', `/_simulator/payments/${id}/pay`, {
      key: null,
      raw: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(again.status, 303);
    assert.match(again.headers.get('location') ?? '', /notice=PAYMENT_NOT_PENDING/);

    assert.equal((await call('GET', `/pay/2/${'0'.repeat(24)}`, { key: null })).status, 404);
  });

  it('the qrcode link returns a PNG by default and an SVG on f=SVG', async () => {
    const id = await createdId();
    const link = (await call('GET', `/v3/payments/${id}`)).json._links.qrcode.href as string;
    const png = await fetch(link);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const svg = await fetch(`${link}&f=SVG&s=L`);
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
    assert.match(await svg.text(), /^<svg[^>]+width="400"/);
    assert.equal((await call('GET', '/qrcode', { key: null })).status, 400);
    assert.equal((await call('GET', '/qrcode?c=x&s=XXL', { key: null })).status, 400);
  });

  it('JWKS at {prefix}/jwks/ and at the root of createJwksApp; rotation keeps the old kid', async () => {
    const jwks = (await call('GET', '/jwks/', { key: null })).json;
    assert.equal(jwks.keys.length, 1);
    const [key] = jwks.keys;
    assert.deepEqual(Object.keys(key).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    assert.deepEqual([key.kty, key.crv, key.use, key.alg], ['EC', 'P-256', 'sig', 'ES256']);
    assert.equal((await call('GET', '/jwks', { key: null })).status, 200);

    const jwksApp = createJwksApp(sim);
    const address = await jwksApp.listen({ port: 0, host: '127.0.0.1' });
    try {
      assert.deepEqual(await (await fetch(`${address}/`)).json(), jwks);
      await sim.rotateKey();
      const rotated = (await (await fetch(`${address}/`)).json()) as { keys: { kid: string }[] };
      assert.equal(rotated.keys.length, 2);
      assert.equal(rotated.keys[0]?.kid, key.kid, 'the old key stays published');
      assert.notEqual(rotated.keys[1]?.kid, key.kid);
    } finally {
      await jwksApp.close();
    }
  });
});
