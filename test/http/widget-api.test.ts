import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import QRCode from 'qrcode';
import {
  doWebPaymentEnvelope,
  getWebPaymentDetailsEnvelope,
  postSoap,
  type DoWebPaymentFields,
} from '../support/soap-client.js';
import { createLiveContract } from '../support/payconiq-contract.js';
import { restCall, validSessionBody } from '../support/rest-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const SCRIPT = readFileSync(new URL('../../assets/widget/widget.js', import.meta.url));
const STYLE = readFileSync(new URL('../../assets/widget/widget.css', import.meta.url));

async function createToken(t: TestGateway, fields: DoWebPaymentFields = {}): Promise<string> {
  const created = await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope(fields));
  assert.equal(created.field('code'), '00000', created.body);
  return created.field('token')!;
}

async function widget(
  t: TestGateway,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS',
  path: string,
  headers: Record<string, string> = {},
) {
  const res = await t.gateway.app.inject({ method, url: `/v2/widget/sessions/${path}`, headers });
  return { status: res.statusCode, headers: res.headers, json: res.body ? JSON.parse(res.body) : undefined };
}

const resultCode = async (t: TestGateway, token: string) =>
  (await postSoap(t, 'WebPaymentAPI', getWebPaymentDetailsEnvelope(token))).field('code');

describe("widget assets at Payline's paths", () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  for (const [path, type, file] of [
    ['/scripts/widget-min.js', 'text/javascript; charset=utf-8', SCRIPT],
    ['/cdn/scripts/widget-min.js', 'text/javascript; charset=utf-8', SCRIPT],
    ['/styles/widget-min.css', 'text/css; charset=utf-8', STYLE],
    ['/cdn/styles/widget-min.css', 'text/css; charset=utf-8', STYLE],
  ] as const) {
    it(`${path}: the file from assets/widget, a validator, five minutes of cache, gzip when asked, 304 when unchanged`, async () => {
      const plain = await t.gateway.app.inject({ url: path });
      assert.equal(plain.statusCode, 200);
      assert.equal(plain.headers['content-type'], type);
      assert.equal(plain.headers['cache-control'], 'public, max-age=300');
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.headers['access-control-allow-origin'], '*');
      assert.equal(plain.headers['cross-origin-resource-policy'], 'cross-origin');
      assert.equal(plain.headers['x-content-type-options'], 'nosniff');
      assert.match(plain.headers.vary as string, /accept-encoding/i);
      assert.deepEqual(plain.rawPayload, file);
      const etag = plain.headers.etag as string;
      assert.match(etag, /^W\/"[\w-]{20,}"$/);

      const zipped = await t.gateway.app.inject({ url: path, headers: { 'accept-encoding': 'br, gzip;q=0.8' } });
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      assert.equal(zipped.headers.etag, etag);
      assert.deepEqual(gunzipSync(zipped.rawPayload), file);
      assert.ok(zipped.rawPayload.length < file.length / 2, 'compressed');

      const refused = await t.gateway.app.inject({ url: path, headers: { 'accept-encoding': 'gzip;q=0' } });
      assert.equal(refused.headers['content-encoding'], undefined);

      for (const validator of [etag, etag.slice(2), `"other", ${etag}`, '*']) {
        const again = await t.gateway.app.inject({ url: path, headers: { 'if-none-match': validator } });
        assert.equal(again.statusCode, 304, validator);
        assert.equal(again.body, '');
        assert.equal(again.headers.etag, etag);
      }
      const changed = await t.gateway.app.inject({ url: path, headers: { 'if-none-match': 'W/"an-older-version"' } });
      assert.equal(changed.statusCode, 200);
    });
  }

  it('the script stays small: under 10 KB once compressed, and uses no eval, innerHTML or inline handler', async () => {
    const zipped = await t.gateway.app.inject({
      url: '/scripts/widget-min.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.ok(zipped.rawPayload.length < 10 * 1024, `${zipped.rawPayload.length} bytes`);
    const code = SCRIPT.toString();
    for (const forbidden of [
      /\beval\s*\(/,
      /new Function\b/,
      /\.innerHTML\b/,
      /\.outerHTML\b/,
      /insertAdjacentHTML/,
      /document\.write/,
      /setAttribute\(\s*['"]on/,
      /setAttribute\(\s*['"]style/,
    ]) {
      assert.doesNotMatch(code, forbidden);
    }
  });

  it('HEAD answers like GET without a body', async () => {
    const head = await t.gateway.app.inject({ method: 'HEAD', url: '/styles/widget-min.css' });
    assert.equal(head.statusCode, 200);
    assert.equal(head.body, '');
    assert.ok(head.headers.etag);
  });
});

describe('widget API', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it("a new token: PAYMENT_METHODS_LIST with the amounts, the order, the ways back and Payline's context keys; reading changes nothing", async () => {
    const token = await createToken(t, {
      amount: '1234',
      orderAmount: '1500',
      orderRef: 'W-1',
      softDescriptor: 'Café <b>Dupont</b>',
    });
    const { status, headers, json } = await widget(t, 'GET', token, { 'accept-language': 'fr-BE,fr;q=0.9' });
    assert.equal(status, 200);
    assert.equal(headers['cache-control'], 'no-store');
    assert.equal(headers['access-control-allow-origin'], '*');
    assert.deepEqual(Object.keys(json).sort(), [
      'amount',
      'cancelUrl',
      'final',
      'info',
      'isSandbox',
      'language',
      'merchantName',
      'order',
      'remainingSeconds',
      'resultCode',
      'returnUrl',
      'state',
      'texts',
      'token',
    ]);
    assert.equal(json.state, 'PAYMENT_METHODS_LIST');
    assert.equal(json.final, false);
    assert.equal(json.resultCode, '02533');
    assert.equal(json.isSandbox, true);
    assert.equal(json.language, 'fr');
    assert.equal(json.merchantName, 'Café <b>Dupont</b>');
    assert.deepEqual(json.amount, { smallestUnit: 1234, currency: 'EUR', digits: 2, formatted: '12,34\u00a0€' });
    assert.deepEqual(json.order, {
      ref: 'W-1',
      amount: 1500,
      currency: 'EUR',
      date: '26/11/2026 10:00',
      country: 'BE',
    });
    assert.equal(json.returnUrl, 'https://shop.example/return');
    assert.equal(json.cancelUrl, 'https://shop.example/cancel');
    assert.equal(json.remainingSeconds, 61 * 60);
    assert.deepEqual(json.info, {
      PaylineAmountSmallestUnit: 1234,
      PaylineCurrencyDigits: 2,
      PaylineCurrencyCode: 'EUR',
      PaylineFormattedAmount: 'EUR12.34',
      PaylineOrderAmountSmallestUnit: 1500,
      PaylineFormattedOrderAmount: 'EUR15.00',
      PaylineOrderRef: 'W-1',
      PaylineOrderDate: '26/11/2026 10:00',
      PaylineBuyerFirstName: 'John',
      PaylineBuyerLastName: 'Doe',
    });
    assert.equal(json.texts.pay, 'MAKE A PAYMENT');
    assert.equal(json.texts.choose, 'Choisissez votre moyen de paiement');
    assert.equal(await resultCode(t, token), '02533', 'the buyer is not on the page until Payconiq is chosen');
  });

  it("the buyer chooses Payconiq (POST payment): ACTIVE_WAITING with the QR code's modules, the app link, the simulator panel; 02306", async () => {
    const token = await createToken(t);
    const { status, json } = await widget(t, 'POST', `${token}/payment`);
    assert.equal(status, 200);
    assert.equal(json.state, 'ACTIVE_WAITING');
    assert.equal(json.resultCode, '02306');
    const session = (await t.gateway.deps.sessions.get(token))!;
    assert.ok(session.partnerPaymentLink);
    assert.equal(json.payment.appLink, session.partnerPaymentLink);
    const expected = QRCode.create(session.partnerPaymentLink, { errorCorrectionLevel: 'M' }).modules;
    assert.equal(json.payment.qrCode.size, expected.size);
    assert.equal(json.payment.qrCode.modules, Array.from(expected.data, (d) => (d ? '1' : '0')).join(''));
    assert.deepEqual(json.simulator, { kind: 'simulator', phoneUrl: session.partnerPaymentLink });
    assert.equal(json.remainingSeconds, 20 * 60, "Payconiq's own expiry comes first");
    assert.equal(await resultCode(t, token), '02306');

    const again = await widget(t, 'POST', `${token}/payment`);
    assert.equal(again.json.payment.appLink, session.partnerPaymentLink, 'one partner payment, whatever the clicks');
    const polled = await widget(t, 'GET', token);
    assert.equal(polled.json.state, 'ACTIVE_WAITING');
  });

  it('MAKE A PAYMENT: PAYMENT_SUCCESS, final, the way back to returnURL with paylinetoken; 00000 for the merchant', async () => {
    const token = await createToken(t);
    await widget(t, 'POST', `${token}/payment`);
    const { status, json } = await widget(t, 'POST', `${token}/simulator/pay`);
    assert.equal(status, 200);
    assert.equal(json.state, 'PAYMENT_SUCCESS');
    assert.equal(json.final, true);
    assert.equal(json.exitUrl, `https://shop.example/return?paylinetoken=${token}`);
    assert.equal(json.payment, undefined, 'no QR code once paid');
    assert.equal(json.simulator, undefined);
    assert.equal(json.remainingSeconds, undefined);
    assert.equal(await resultCode(t, token), '00000');
  });

  it("ABORT and the buyer's cancel: PAYMENT_CANCELED, back to cancelURL; 02008", async () => {
    for (const act of ['simulator/abort', 'cancel']) {
      const token = await createToken(t);
      await widget(t, 'POST', `${token}/payment`);
      const { json } = await widget(t, 'POST', `${token}/${act}`);
      assert.equal(json.state, 'PAYMENT_CANCELED', act);
      assert.equal(json.exitUrl, `https://shop.example/cancel?paylinetoken=${token}`);
      assert.equal(await resultCode(t, token), '02008');
    }
    const untouched = await createToken(t);
    const { json } = await widget(t, 'POST', `${untouched}/cancel`);
    assert.equal(json.state, 'PAYMENT_CANCELED', 'a cancel before choosing Payconiq ends the session too');
  });

  it('MAKE A PAYMENT before the buyer chose Payconiq creates the payment first, as on the hosted page', async () => {
    const token = await createToken(t);
    const { json } = await widget(t, 'POST', `${token}/simulator/pay`);
    assert.equal(json.state, 'PAYMENT_SUCCESS');
  });

  it('no change of state by GET (or any method but POST): 405 with Allow, the session unchanged', async () => {
    const token = await createToken(t);
    for (const [method, path] of [
      ['GET', 'payment'],
      ['GET', 'cancel'],
      ['PUT', 'simulator/pay'],
      ['DELETE', 'cancel'],
    ] as const) {
      const { status, headers, json } = await widget(t, method, `${token}/${path}`);
      assert.equal(status, 405, `${method} ${path}`);
      assert.equal(headers.allow, 'POST');
      assert.equal(json.error, 'method-not-allowed');
      assert.match(json.message, /POST/);
    }
    assert.equal(await resultCode(t, token), '02533');
  });

  it('bad input gets 4xx JSON with a message: a malformed token 400, an unknown one 404', async () => {
    for (const path of ['not-a-token!', 'x'.repeat(51), 'abc%20def/payment', 'abc$/status']) {
      const method = path.endsWith('/payment') ? 'POST' : 'GET';
      const { status, json } = await widget(t, method, path);
      assert.equal(status, 400, path);
      assert.deepEqual(Object.keys(json), ['error', 'message']);
      assert.equal(json.error, 'invalid-token');
    }
    for (const [method, path] of [
      ['GET', 'NoSuchToken123'],
      ['POST', 'NoSuchToken123/payment'],
      ['POST', 'NoSuchToken123/cancel'],
      ['POST', 'NoSuchToken123/simulator/pay'],
    ] as const) {
      const { status, json } = await widget(t, method, path);
      assert.equal(status, 404, path);
      assert.equal(json.error, 'unknown-session');
      assert.equal(json.message, 'No payment session has this token');
    }
  });

  it('token status: ALIVE while it can be paid, EXPIRED once final or past its time (before the worker ends it), UNKNOWN otherwise', async () => {
    const status = async (token: string) => (await widget(t, 'GET', `${token}/status`)).json;
    const open = await createToken(t);
    assert.deepEqual(await status(open), { token: open, status: 'ALIVE' });
    assert.deepEqual(await status('NoSuchToken123'), { token: 'NoSuchToken123', status: 'UNKNOWN' });

    const paid = await createToken(t);
    await widget(t, 'POST', `${paid}/simulator/pay`);
    assert.equal((await status(paid)).status, 'EXPIRED');

    const late = await createToken(t);
    t.clock.advanceMinutes(62);
    assert.equal((await status(late)).status, 'EXPIRED');
    assert.equal((await widget(t, 'GET', late)).json.remainingSeconds, 0);
    await t.gateway.worker.runOnce();
    const expired = await widget(t, 'GET', late);
    assert.equal(expired.json.state, 'TOKEN_EXPIRED');
    assert.equal(expired.json.resultCode, '02534');
    assert.equal(expired.json.exitUrl, `https://shop.example/return?paylinetoken=${late}`);
  });

  it('a REST sessionId is a token: the widget shows and pays it', async () => {
    const created = await restCall(t, 'POST', '/v1/checkout/sessions', validSessionBody({ languageCode: 'nl' }));
    assert.equal(created.status, 201, created.body);
    const sessionId = created.json.sessionId as string;
    const shown = await widget(t, 'GET', sessionId, { 'accept-language': 'fr' });
    assert.equal(shown.json.state, 'PAYMENT_METHODS_LIST');
    assert.equal(shown.json.language, 'nl', "the session's languageCode first");
    await widget(t, 'POST', `${sessionId}/payment`);
    assert.equal((await widget(t, 'POST', `${sessionId}/simulator/pay`)).json.state, 'PAYMENT_SUCCESS');
    assert.equal((await restCall(t, 'GET', `/v1/checkout/sessions/${sessionId}`)).json.result.code, '00000');
  });

  it('callable from any merchant origin: CORS preflight and answers', async () => {
    const token = await createToken(t);
    const preflight = await widget(t, 'OPTIONS', `${token}/payment`, {
      origin: 'https://shop.example',
      'access-control-request-method': 'POST',
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    assert.equal(preflight.headers['access-control-allow-methods'], 'GET, POST');
    const posted = await widget(t, 'POST', `${token}/payment`, { origin: 'https://shop.example' });
    assert.equal(posted.headers['access-control-allow-origin'], '*');
  });

  it("a direct payment's token is not a widget session", async () => {
    const token = await createToken(t);
    const session = (await t.gateway.deps.sessions.get(token))!;
    await t.gateway.deps.sessions.update(token, (s) => ({ session: { ...s, channel: 'direct' } }));
    assert.equal((await widget(t, 'GET', token)).status, 404);
    assert.equal((await widget(t, 'GET', `${token}/status`)).json.status, 'UNKNOWN');
    assert.equal(session.channel, 'web');
  });
});

describe('widget API in production mode', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({ mode: 'production' });
  });
  after(() => t.close());

  it('no simulator: isSandbox false, no panel, no simulator route', async () => {
    await createLiveContract(t, 'LIVE');
    const token = await createToken(t, { contractNumber: 'LIVE' });
    const { json } = await widget(t, 'GET', token);
    assert.equal(json.isSandbox, false);
    assert.equal(json.simulator, undefined);
    assert.equal((await widget(t, 'POST', `${token}/simulator/pay`)).status, 404);
  });
});
