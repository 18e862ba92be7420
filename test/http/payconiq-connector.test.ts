/**
 * The Payconiq connector's HTTP side against a small fake partner on 127.0.0.1 (node:http).
 * The full simulator (src/simulator/payconiq) gets its own integration tests; this fake only
 * answers what each test scripts, so wire details and failure modes can be pinned down.
 */
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import pino from 'pino';
import { PartnerError } from '../../src/connectors/partner-port.js';
import type { PayconiqContract } from '../../src/connectors/payconiq/contract-settings.js';
import type { PayconiqConnector } from '../../src/connectors/payconiq/payconiq-connector.js';
import { bicForBelgianIban, isValidIban } from '../../src/connectors/payconiq/belgian-bic.js';
import { parseIsoInstant } from '../../src/connectors/payconiq/iso-instant.js';
import { createPayconiqConnector } from '../../src/connectors/payconiq/payconiq-connector.js';
import { maskedIbanLastDigits, toPartnerPayment } from '../../src/connectors/payconiq/payment-mapping.js';
import { sepaDescription, sepaReference, toSepaText } from '../../src/connectors/payconiq/sepa-text.js';
import { listenLocally, readBody } from '../support/local-server.js';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Reply {
  status: number;
  body?: string | object;
  headers?: Record<string, string>;
  delayMs?: number;
}

interface FakePartner {
  url: string;
  requests: Recorded[];
  answer(fn: (r: Recorded) => Reply): void;
  close(): Promise<void>;
}

async function startFakePartner(): Promise<FakePartner> {
  const requests: Recorded[] = [];
  let handler: (r: Recorded) => Reply = () => ({
    status: 404,
    body: { code: 'PAYMENT_NOT_FOUND', message: 'not found', traceId: 't', spanId: 's' },
  });
  const local = await listenLocally((req, res) => {
    void readBody(req).then((raw) => {
      const rec = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: raw.toString('utf8') };
      requests.push(rec);
      const reply = handler(rec);
      const send = (): void => {
        if (res.destroyed) return;
        const body =
          reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        const type = typeof reply.body === 'object' ? { 'content-type': 'application/json' } : {};
        res.writeHead(reply.status, { ...type, ...reply.headers });
        res.end(body);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  });
  return {
    url: local.url,
    requests,
    answer(fn) {
      handler = fn;
    },
    close: local.close,
  };
}

const API_KEY = 'c0ffee00-SECRET-4a6b-9c1d-1234567890ab';
const PAYMENT_ID = '5bdb1685b93d1c000bde96f2';

function createResponse(): Record<string, unknown> {
  return {
    paymentId: PAYMENT_ID,
    status: 'PENDING',
    createdAt: '2026-03-07T10:24:05.127Z',
    expiresAt: '2026-03-07T10:44:05.127Z',
    amount: 1250,
    currency: 'EUR',
    reference: 'Order 42',
    description: 'DemoShop',
    creditor: {
      profileId: '5bb37284e35e2b29e363df22',
      merchantId: 'm1',
      name: 'Monext Demo',
      iban: 'BE00',
      callbackUrl: 'https://x',
      identifyCallbackUrl: 'https://x',
    },
    _links: {
      self: { href: `https://merchant.api.bancontact.net/v3/payments/${PAYMENT_ID}` },
      deeplink: { href: `https://pay.bancontact.net/pay/2/${PAYMENT_ID}` },
      qrcode: {
        href: `https://qrcodegenerator.api.bancontact.net/qrcode?c=https%3A%2F%2Fpay.bancontact.net%2Fpay%2F2%2F${PAYMENT_ID}`,
      },
      checkout: { href: `https://pay.bancontact.net/?paymentId=${PAYMENT_ID}&token=abc` },
      cancel: { href: `https://merchant.api.bancontact.net/v3/payments/${PAYMENT_ID}` },
    },
  };
}

function getResponse(status = 'SUCCEEDED'): Record<string, unknown> {
  return {
    paymentId: PAYMENT_ID,
    createdAt: '2026-03-07T10:24:05.127Z',
    expireAt: '2026-03-07T10:44:05.127Z',
    succeededAt: '2026-03-07T10:25:00.5Z',
    status,
    amount: 1250,
    currency: 'EUR',
    reference: 'Order 42',
    description: 'DemoShop',
    debtor: { name: 'John', iban: '*************12636' },
    // legacy fields some environments still send, and a field nobody knows yet
    transferAmount: 1250,
    tippingAmount: 0,
    totalAmount: 1250,
    somethingNew: { nested: true },
    _links: { self: { href: 'x' }, deeplink: { href: `https://payconiq.com/pay/2/${PAYMENT_ID}` } },
  };
}

const errorBody = (code: string, message = 'An error') => ({
  code,
  message,
  traceId: 'abc123xyz456',
  spanId: 'op789trace',
});

async function rejectsWith(p: Promise<unknown>, check: (e: PartnerError) => void): Promise<PartnerError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof PartnerError, `expected PartnerError, got ${String(err)}`);
    check(err);
    return err;
  }
  assert.fail('expected a PartnerError');
}

describe('Payconiq connector: HTTP', () => {
  let fake: FakePartner;
  let contract: PayconiqContract;
  let connector: PayconiqConnector;
  let logLines: string[];
  const errorsSeen: PartnerError[] = [];

  before(async () => {
    fake = await startFakePartner();
    logLines = [];
    const logger = pino({ level: 'trace' }, { write: (s: string) => void logLines.push(s) });
    contract = { apiKey: API_KEY, ppid: '5bb37284e35e2b29e363df22', apiBaseUrl: fake.url, jwksUrl: `${fake.url}/jwks` };
    connector = createPayconiqConnector({ logger, timeoutMs: 300 });
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  const failing = async (p: Promise<unknown>, check: (e: PartnerError) => void): Promise<void> => {
    errorsSeen.push(await rejectsWith(p, check));
  };

  it('create: POST /v3/payments with Bearer and cleaned SEPA text; 201 mapped (expiresAt, links)', async () => {
    fake.answer(() => ({ status: 201, body: createResponse() }));
    const payment = await connector.createPayment(contract, {
      amount: 1250,
      currency: 'EUR',
      reference: 'Commande n°42 – été 🎉 & co',
      description: 'Crème brûlée   chez Zoë',
      callbackUrl: 'https://shop.example/payconiq/callback?x=1',
      returnUrl: 'https://shop.example/return',
    });
    const [req] = fake.requests;
    assert.equal(req?.method, 'POST');
    assert.equal(req?.url, '/v3/payments');
    assert.equal(req?.headers.authorization, `Bearer ${API_KEY}`);
    assert.match(String(req?.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(req!.body), {
      amount: 1250,
      currency: 'EUR',
      reference: 'Commande n 42 - ete + co',
      description: 'Creme brulee chez Zoe',
      callbackUrl: 'https://shop.example/payconiq/callback?x=1',
      returnUrl: 'https://shop.example/return',
    });
    assert.equal(payment.partnerPaymentId, PAYMENT_ID);
    assert.equal(payment.status, 'PENDING');
    assert.equal(payment.rawStatus, 'PENDING');
    assert.equal(payment.amount, 1250);
    assert.equal(payment.currency, 'EUR');
    assert.equal(payment.reference, 'Order 42');
    assert.equal(payment.expiresAt?.toISOString(), '2026-03-07T10:44:05.127Z');
    assert.equal(payment.createdAt?.toISOString(), '2026-03-07T10:24:05.127Z');
    assert.equal(payment.paymentLink, `https://pay.bancontact.net/pay/2/${PAYMENT_ID}`);
    assert.equal(payment.checkoutLink, `https://pay.bancontact.net/?paymentId=${PAYMENT_ID}&token=abc`);
    assert.equal(payment.debtorName, undefined);
    assert.equal(payment.raw['creditor'] !== undefined, true);
  });

  it('create: a trailing slash on apiBaseUrl does not double the slash', async () => {
    fake.answer(() => ({ status: 201, body: createResponse() }));
    await connector.createPayment(
      { ...contract, apiBaseUrl: `${fake.url}/` },
      {
        amount: 1,
        currency: 'EUR',
        reference: 'R',
        description: 'D',
        callbackUrl: 'https://a/b',
        returnUrl: 'https://a/c',
      },
    );
    assert.equal(fake.requests[0]?.url, '/v3/payments');
  });

  it('get: GET /v3/payments/{id}; expireAt, succeededAt, debtor mapped; legacy and unknown fields tolerated', async () => {
    fake.answer(() => ({ status: 200, body: getResponse() }));
    const payment = await connector.getPayment(contract, PAYMENT_ID);
    assert.equal(fake.requests[0]?.method, 'GET');
    assert.equal(fake.requests[0]?.url, `/v3/payments/${PAYMENT_ID}`);
    assert.equal(fake.requests[0]?.headers.authorization, `Bearer ${API_KEY}`);
    assert.equal(payment.status, 'SUCCEEDED');
    assert.equal(payment.expiresAt?.toISOString(), '2026-03-07T10:44:05.127Z');
    assert.equal(payment.succeededAt?.toISOString(), '2026-03-07T10:25:00.500Z');
    assert.equal(payment.debtorName, 'John');
    assert.equal(payment.debtorIbanMasked, '*************12636');
    assert.equal(payment.amount, 1250);
    assert.equal(payment.paymentLink, `https://payconiq.com/pay/2/${PAYMENT_ID}`);
    assert.equal(payment.checkoutLink, undefined);
    assert.deepEqual(payment.raw['somethingNew'], { nested: true });
  });

  it('get: an id is path-encoded, never spliced raw into the URL', async () => {
    fake.answer(() => ({ status: 200, body: getResponse() }));
    await connector.getPayment(contract, '../refunds?x=1');
    assert.equal(fake.requests[0]?.url, '/v3/payments/..%2Frefunds%3Fx%3D1');
  });

  it('statuses: the eight known map one to one; VOIDED and unknown ones are UNKNOWN with rawStatus kept', async () => {
    for (const s of [
      'PENDING',
      'IDENTIFIED',
      'AUTHORIZED',
      'SUCCEEDED',
      'CANCELLED',
      'AUTHORIZATION_FAILED',
      'FAILED',
      'EXPIRED',
    ]) {
      fake.answer(() => ({ status: 200, body: getResponse(s) }));
      const p = await connector.getPayment(contract, PAYMENT_ID);
      assert.equal(p.status, s);
    }
    for (const s of ['VOIDED', 'ON_HOLD', '', 'constructor', '__proto__']) {
      fake.answer(() => ({ status: 200, body: getResponse(s) }));
      const p = await connector.getPayment(contract, PAYMENT_ID);
      assert.equal(p.status, 'UNKNOWN', s);
      assert.equal(p.rawStatus, s);
    }
    fake.answer(() => ({ status: 200, body: getResponse('PENDING_MERCHANT_ACKNOWLEDGEMENT') }));
    const pma = await connector.getPayment(contract, PAYMENT_ID);
    assert.equal(pma.status, 'AUTHORIZED');
    assert.equal(pma.rawStatus, 'PENDING_MERCHANT_ACKNOWLEDGEMENT');
  });

  it('cancel: 204 → cancelled; 422 PAYMENT_NOT_PENDING → not-pending; other 422 → http', async () => {
    fake.answer(() => ({ status: 204 }));
    assert.equal(await connector.cancelPayment(contract, PAYMENT_ID), 'cancelled');
    assert.equal(fake.requests[0]?.method, 'DELETE');
    assert.equal(fake.requests[0]?.url, `/v3/payments/${PAYMENT_ID}`);
    fake.answer(() => ({ status: 422, body: errorBody('PAYMENT_NOT_PENDING') }));
    assert.equal(await connector.cancelPayment(contract, PAYMENT_ID), 'not-pending');
    fake.answer(() => ({ status: 422, body: errorBody('SOMETHING_ELSE') }));
    await failing(connector.cancelPayment(contract, PAYMENT_ID), (e) => {
      assert.equal(e.kind, 'http');
      assert.equal(e.partnerCode, 'SOMETHING_ELSE');
    });
    fake.answer(() => ({ status: 403, body: errorBody('CALLER_NOT_ALLOWED_TO_CANCEL') }));
    await failing(connector.cancelPayment(contract, PAYMENT_ID), (e) => {
      assert.equal(e.kind, 'http');
      assert.equal(e.httpStatus, 403);
      assert.equal(e.partnerCode, 'CALLER_NOT_ALLOWED_TO_CANCEL');
    });
  });

  it('refundIban: 200 → the IBAN without spaces; 422 REFUND_NOT_ALLOWED / REFUND_NOT_AVAILABLE → undefined', async () => {
    fake.answer(() => ({ status: 200, body: { iban: 'BE12 3456 7890 1234' } }));
    assert.equal(await connector.getRefundIban(contract, PAYMENT_ID), 'BE12345678901234');
    assert.equal(fake.requests[0]?.url, `/v3/payments/${PAYMENT_ID}/debtor/refundIban`);
    for (const code of ['REFUND_NOT_ALLOWED', 'REFUND_NOT_AVAILABLE']) {
      fake.answer(() => ({ status: 422, body: errorBody(code) }));
      assert.equal(await connector.getRefundIban(contract, PAYMENT_ID), undefined);
    }
    fake.answer(() => ({ status: 200, body: {} }));
    await failing(connector.getRefundIban(contract, PAYMENT_ID), (e) => assert.equal(e.kind, 'unparsable'));
  });

  it('401 → unauthorized with partnerCode UNAUTHORIZED', async () => {
    fake.answer(() => ({ status: 401, body: errorBody('UNAUTHORIZED', 'API key is missing or invalid.') }));
    await failing(connector.getPayment(contract, PAYMENT_ID), (e) => {
      assert.equal(e.kind, 'unauthorized');
      assert.equal(e.httpStatus, 401);
      assert.equal(e.partnerCode, 'UNAUTHORIZED');
    });
  });

  it('500 TECHNICAL_ERROR → http with the partner code; 503 with an HTML body → http without code', async () => {
    fake.answer(() => ({ status: 500, body: errorBody('TECHNICAL_ERROR') }));
    await failing(
      connector.createPayment(contract, {
        amount: 1,
        currency: 'EUR',
        reference: 'R',
        description: 'D',
        callbackUrl: 'https://a/b',
        returnUrl: 'https://a/c',
      }),
      (e) => {
        assert.equal(e.kind, 'http');
        assert.equal(e.httpStatus, 500);
        assert.equal(e.partnerCode, 'TECHNICAL_ERROR');
      },
    );
    fake.answer(() => ({
      status: 503,
      body: '<html>Service Unavailable</html>',
      headers: { 'content-type': 'text/html' },
    }));
    await failing(connector.getPayment(contract, PAYMENT_ID), (e) => {
      assert.equal(e.kind, 'http');
      assert.equal(e.httpStatus, 503);
      assert.equal(e.partnerCode, undefined);
    });
  });

  it('429 with an empty body → rate-limited', async () => {
    fake.answer(() => ({ status: 429 }));
    await failing(connector.getPayment(contract, PAYMENT_ID), (e) => {
      assert.equal(e.kind, 'rate-limited');
      assert.equal(e.httpStatus, 429);
    });
  });

  it('a 400 FIELD_IS_INVALID is an http error carrying the code', async () => {
    fake.answer(() => ({ status: 400, body: errorBody('FIELD_IS_INVALID', 'Field callbackUrl is invalid') }));
    await failing(
      connector.createPayment(contract, {
        amount: 1,
        currency: 'EUR',
        reference: 'R',
        description: 'D',
        callbackUrl: 'https://a/b',
        returnUrl: 'https://a/c',
      }),
      (e) => {
        assert.equal(e.kind, 'http');
        assert.equal(e.partnerCode, 'FIELD_IS_INVALID');
        assert.match(e.message, /Field callbackUrl is invalid/);
      },
    );
  });

  it('a slow partner → timeout', async () => {
    fake.answer(() => ({ status: 200, body: getResponse(), delayMs: 1500 }));
    const started = Date.now();
    await failing(connector.getPayment(contract, PAYMENT_ID), (e) => assert.equal(e.kind, 'timeout'));
    assert.ok(Date.now() - started < 1200, 'gave up at timeoutMs');
  });

  it('connection refused → unreachable', async () => {
    const closed = await startFakePartner();
    await closed.close();
    await failing(connector.getPayment({ ...contract, apiBaseUrl: closed.url }, PAYMENT_ID), (e) => {
      assert.equal(e.kind, 'unreachable');
      assert.match(e.message, /ECONNREFUSED/);
    });
  });

  it('a 200 that is not JSON, or JSON that is not a payment → unparsable', async () => {
    fake.answer(() => ({ status: 200, body: 'OK', headers: { 'content-type': 'text/plain' } }));
    await failing(connector.getPayment(contract, PAYMENT_ID), (e) => assert.equal(e.kind, 'unparsable'));
    fake.answer(() => ({ status: 200, body: '' }));
    await failing(connector.getPayment(contract, PAYMENT_ID), (e) => assert.equal(e.kind, 'unparsable'));
    fake.answer(() => ({ status: 200, body: { status: 'PENDING' } }));
    await failing(connector.getPayment(contract, PAYMENT_ID), (e) => assert.equal(e.kind, 'unparsable'));
    fake.answer(() => ({ status: 200, body: [getResponse()] }));
    await failing(connector.getPayment(contract, PAYMENT_ID), (e) => assert.equal(e.kind, 'unparsable'));
  });

  it('an answer over 1,000,000 characters → unparsable; an error body that large is not read for a code', async () => {
    const huge = { ...getResponse(), padding: 'x'.repeat(1_000_000) };
    fake.answer(() => ({ status: 200, body: huge }));
    await failing(connector.getPayment(contract, PAYMENT_ID), (e) => {
      assert.equal(e.kind, 'unparsable');
      assert.match(e.message, /too large/);
    });
    fake.answer(() => ({ status: 200, body: 'é'.repeat(1_000_001) }));
    await failing(connector.getPayment(contract, PAYMENT_ID), (e) => assert.match(e.message, /too large/));
    fake.answer(() => ({ status: 500, body: { ...errorBody('TECHNICAL_ERROR'), padding: 'x'.repeat(1_000_000) } }));
    await failing(connector.getPayment(contract, PAYMENT_ID), (e) => {
      assert.equal(e.kind, 'http');
      assert.equal(e.partnerCode, undefined);
    });
  });

  it('a redirect is not followed (the Bearer key stays with the partner host)', async () => {
    fake.answer(() => ({ status: 302, headers: { location: `${fake.url}/elsewhere` } }));
    await failing(connector.getPayment(contract, PAYMENT_ID), (e) => assert.equal(e.kind, 'http'));
    assert.equal(fake.requests.length, 1);
  });

  it('a partner message echoing the key is scrubbed from the error', async () => {
    fake.answer(() => ({ status: 401, body: errorBody('UNAUTHORIZED', `Unknown key ${API_KEY}`) }));
    await failing(connector.getPayment(contract, PAYMENT_ID), (e) => assert.match(e.message, /\[redacted\]/));
  });

  it('the API key never appears in logs or error messages (checked after all the calls above)', () => {
    assert.ok(logLines.length > 10, 'calls were logged');
    assert.ok(errorsSeen.length > 10, 'errors were collected');
    for (const line of logLines) assert.ok(!line.includes(API_KEY) && !line.includes('SECRET'), line);
    for (const e of errorsSeen) {
      assert.ok(!e.message.includes(API_KEY) && !e.message.includes('SECRET'), e.message);
      assert.ok(!JSON.stringify(e).includes('SECRET'));
      assert.ok(!String(e.stack).includes('SECRET'));
    }
    const warn = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l['partnerCode'] === 'TECHNICAL_ERROR');
    assert.equal(warn?.['traceId'], 'abc123xyz456', 'traceId and spanId are logged for support');
    assert.equal(warn?.['spanId'], 'op789trace');
  });
});

describe('payment mapping', () => {
  it('accepts expiresAt and expireAt, a missing debtor, and no links', () => {
    const p = toPartnerPayment({
      paymentId: PAYMENT_ID,
      status: 'EXPIRED',
      amount: 100,
      transferAmount: 0,
      totalAmount: 0,
      expireAt: '2020-12-01T10:42:40.487Z',
      currency: 'EUR',
    });
    assert.equal(p.status, 'EXPIRED');
    assert.equal(p.amount, 100);
    assert.equal(p.expiresAt?.toISOString(), '2020-12-01T10:42:40.487Z');
    assert.equal(p.debtorName, undefined);
    assert.equal(p.debtorIbanMasked, undefined);
    assert.equal(p.paymentLink, undefined);
  });

  it('ignores values of the wrong type instead of failing', () => {
    const p = toPartnerPayment({
      paymentId: PAYMENT_ID,
      status: 42,
      amount: '12',
      debtor: 'x',
      _links: { deeplink: 'x' },
      createdAt: 'yesterday',
    });
    assert.equal(p.status, 'UNKNOWN');
    assert.equal(p.rawStatus, '');
    assert.equal(p.amount, undefined);
    assert.equal(p.createdAt, undefined);
    assert.equal(p.paymentLink, undefined);
  });

  it('maskedIbanLastDigits', () => {
    assert.equal(maskedIbanLastDigits('*************12636'), '12636');
    assert.equal(maskedIbanLastDigits('***********42901'), '42901');
    assert.equal(maskedIbanLastDigits('*****'), undefined);
    assert.equal(maskedIbanLastDigits(undefined), undefined);
  });

  it('parses instants with 0 to 9 fraction digits and offsets', () => {
    assert.equal(parseIsoInstant('2023-08-23T10:24:21.675129286Z')?.toISOString(), '2023-08-23T10:24:21.675Z');
    assert.equal(parseIsoInstant('2023-08-28T10:24:21.675129Z')?.toISOString(), '2023-08-28T10:24:21.675Z');
    assert.equal(parseIsoInstant('2019-03-07T10:24:23.88Z')?.toISOString(), '2019-03-07T10:24:23.880Z');
    assert.equal(parseIsoInstant('2019-03-07T10:24:23Z')?.toISOString(), '2019-03-07T10:24:23.000Z');
    assert.equal(parseIsoInstant('2019-03-07T11:24:23.880+01:00')?.toISOString(), '2019-03-07T10:24:23.880Z');
    assert.equal(parseIsoInstant('2019-03-07T05:24:23.880-0500')?.toISOString(), '2019-03-07T10:24:23.880Z');
    for (const bad of [
      '2019-03-07T10:24:23.880',
      '2019-02-31T10:00:00Z',
      'yesterday',
      '',
      '2019-03-07T10:24:23.1234567890Z',
      12,
    ]) {
      assert.equal(parseIsoInstant(bad), undefined, String(bad));
    }
  });
});

describe('SEPA text', () => {
  const SEPA = /^[A-Za-z0-9 /\-?:().,'+]*$/;

  it('transliterates accents and common letters, replaces the rest, collapses spaces', () => {
    assert.equal(toSepaText('Élève à Liège, façade « Noël »', 140, 'x'), "Eleve a Liege, facade ' Noel '");
    assert.equal(toSepaText('Straße Œuvre Ærø Łódź', 140, 'x'), 'Strasse OEuvre AEro Lodz');
    assert.equal(toSepaText('Tom & Jerry’s #1 shop!!! 😀😀', 140, 'x'), "Tom + Jerry's 1 shop...");
    assert.equal(toSepaText('  a\t\nb   c  ', 140, 'x'), 'a b c');
    assert.equal(toSepaText('ＦＵＬＬ ｗｉｄｔｈ ①', 140, 'x'), 'FULL width 1');
  });

  it('keeps every character of the SEPA set untouched', () => {
    const all = "AZaz09 /-?:().,'+";
    assert.equal(toSepaText(all, 140, 'x'), all);
  });

  it('cuts the reference to 35 and the description to 140, without a trailing space', () => {
    const ref = sepaReference('ORDER-2026-000000000000000000000000000123');
    assert.equal(ref.length, 35);
    assert.equal(ref, 'ORDER-2026-000000000000000000000000');
    assert.equal(sepaReference('A'.repeat(34) + ' B'), 'A'.repeat(34));
    assert.equal(sepaDescription('é'.repeat(300), 'R').length, 140);
  });

  it('is never empty: falls back to the reference, then to a constant', () => {
    assert.equal(sepaDescription('🎉🎉', 'Order 1'), 'Order 1');
    assert.equal(sepaDescription('', '***'), 'Payment');
    assert.equal(sepaReference('😀'), 'Order');
  });

  it('always produces SEPA-only output', () => {
    const samples = ['中文 说明', 'ß∑œ∂ƒ©˙∆˚¬…æ', '\u0000\u001f\u007f', 'a\u0301\u0302b', '€100 @ 5%', 'x'.repeat(500)];
    for (const s of samples) {
      const out = sepaDescription(s, 'ref');
      assert.match(out, SEPA);
      assert.ok(out.length >= 1 && out.length <= 140);
    }
  });
});

describe('Belgian BIC', () => {
  /** A valid Belgian IBAN for a bank code and 7-digit account number. */
  function belgianIban(bankCode: string, account: string): string {
    const first10 = bankCode + account;
    const national = String(Number(first10) % 97 || 97).padStart(2, '0');
    const bban = first10 + national;
    const numeric = bban + '1114' + '00'; // B=11, E=14
    let r = 0;
    for (const d of numeric) r = (r * 10 + Number(d)) % 97;
    return `BE${String(98 - r).padStart(2, '0')}${bban}`;
  }

  it('validates IBANs with mod-97', () => {
    assert.equal(isValidIban('BE68 5390 0754 7034'), true);
    assert.equal(isValidIban('BE68 5390 0754 7035'), false);
    assert.equal(isValidIban('FR14 2004 1010 0505 0001 3M02 606'), true);
    assert.equal(isValidIban('not an iban'), false);
  });

  it('maps the main Belgian banks', () => {
    const cases: Array<[string, string]> = [
      ['000', 'BPOTBEB1'],
      ['001', 'GEBABEBB'],
      ['230', 'GEBABEBB'],
      ['143', 'GEBABEBB'],
      ['068', 'GKCCBEBB'],
      ['552', 'GKCCBEBB'],
      ['310', 'BBRUBEBB'],
      ['363', 'BBRUBEBB'],
      ['430', 'KREDBEBB'],
      ['734', 'KREDBEBB'],
      ['732', 'CREGBEBB'],
      ['973', 'ARSPBE22'],
      ['979', 'ARSPBE22'],
      ['103', 'NICABEBB'],
      ['751', 'AXABBE22'],
      ['651', 'KEYTBEBB'],
      ['953', 'CTBKBEBX'],
      ['126', 'CPHBBE75'],
      ['890', 'VDSPBE91'],
      ['523', 'TRIOBEBB'],
      ['825', 'DEUTBEBE'],
      ['967', 'TRWIBEB1'],
    ];
    for (const [code, bic] of cases) {
      const iban = belgianIban(code, '1234567');
      assert.equal(isValidIban(iban), true, iban);
      assert.equal(bicForBelgianIban(iban), bic, `${code} ${iban}`);
    }
    assert.equal(bicForBelgianIban('BE71 0961 2345 6769'), 'GKCCBEBB');
    assert.equal(bicForBelgianIban('be71096123456769'), 'GKCCBEBB');
  });

  it('returns undefined for unknown codes, invalid or foreign IBANs', () => {
    assert.equal(bicForBelgianIban('BE68 5390 0754 7034'), undefined); // 539: not a listed bank
    assert.equal(bicForBelgianIban(belgianIban('999', '1234567')), undefined);
    assert.equal(bicForBelgianIban('BE71 0961 2345 6768'), undefined);
    assert.equal(bicForBelgianIban('NL91 ABNA 0417 1643 00'), undefined);
    assert.equal(bicForBelgianIban('*************12636'), undefined);
    assert.equal(bicForBelgianIban(''), undefined);
  });
});
