import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startShopBesideGateway } from '../support/demo-shop-fixture.js';
import { getWebPaymentDetailsEnvelope, soapAnswer } from '../support/soap-client.js';
import { useSuiteFixture } from '../support/suite-fixture.js';

/** Text of a page with its tags dropped and whitespace (including no-break spaces) collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('the demo shop over HTTP: basket, forms, return page, notification handler', () => {
  const s = useSuiteFixture(startShopBesideGateway, (f) => f.close());
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${s.shop.url}${path}`, { headers, redirect: 'manual' });

  /** A browser's first visit: the session cookie and the form's token. */
  async function session(): Promise<{ cookie: string; csrf: string }> {
    const res = await get('/');
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await res.text())![1]!;
    return { cookie, csrf };
  }

  async function post(fields: Record<string, string>, headers: Record<string, string> = {}) {
    const { cookie, csrf } = await session();
    return fetch(`${s.shop.url}/checkout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: s.shop.url, ...headers },
      body: new URLSearchParams({ csrf, firstName: 'Ada', lastName: 'Peeters', ...fields }),
    });
  }

  const details = async (token: string) => {
    const res = await fetch(`${s.t.baseUrl}/V4/services/WebPaymentAPI`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', authorization: s.t.authorization },
      body: getWebPaymentDetailsEnvelope(token),
    });
    return soapAnswer(res.status, await res.text());
  };

  it('the basket: the starter total, the total of the quantities asked, a strict CSP, a SameSite=Strict session cookie', async () => {
    const res = await get('/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('set-cookie') ?? '', /^shop_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /^default-src 'none'; style-src 'nonce-[\w+/=]+'; form-action 'self' http:\/\/127\.0\.0\.1:\d+;/);
    assert.doesNotMatch(csp, /unsafe/);
    assert.match(textOf(await res.text()), /Total €21\.40/);

    const asked = await get('/?coffee=3&mug=0&waffles=2');
    assert.match(textOf(await asked.text()), /Total €40\.20/);

    const updated = await post({ coffee: '1', mug: '2', waffles: '0', choice: 'update' });
    assert.equal(updated.status, 200);
    assert.match(textOf(await updated.text()), /Total €33\.90/);
  });

  it('bad input gets a readable 4xx page: quantities, names, an empty basket, the choice, forms from elsewhere', async () => {
    const bad = await get('/?coffee=abc');
    assert.equal(bad.status, 400);
    const page = textOf(await bad.text());
    assert.match(page, /The quantity of “Speculoos coffee beans, 250 g” must be a whole number from 0 to 20\./);
    assert.match(page, /Total €21\.40/, 'the starter basket again, to correct');

    const cases: [Record<string, string>, number, RegExp][] = [
      [{ coffee: '21', choice: 'redirect' }, 400, /must be a whole number from 0 to 20/],
      [{ coffee: '-1', choice: 'redirect' }, 400, /must be a whole number from 0 to 20/],
      [{ coffee: '0', mug: '0', waffles: '0', choice: 'redirect' }, 400, /The basket is empty/],
      [{ coffee: '1', lastName: ' ', choice: 'redirect' }, 400, /Give a first and a last name/],
      [{ coffee: '1', choice: 'bitcoin' }, 400, /Choose one of the payment buttons/],
    ];
    for (const [fields, status, message] of cases) {
      const res = await post(fields);
      assert.equal(res.status, status, JSON.stringify(fields));
      assert.match(textOf(await res.text()), message);
    }
    assert.equal(s.shop.orders.list().length, 0, 'no order for a refused form');

    const otherSite = await post({ coffee: '1', choice: 'redirect' }, { origin: 'https://evil.example' });
    assert.equal(otherSite.status, 403);
    assert.match(textOf(await otherSite.text()), /the form was sent from another site/);
    const noCookie = await post({ coffee: '1', choice: 'redirect' }, { cookie: '' });
    assert.equal(noCookie.status, 403);
    assert.match(textOf(await noCookie.text()), /your session has expired/);
    // A well-formed session the form's token was not made for.
    const forged = await post({ coffee: '1', choice: 'redirect' }, { cookie: `shop_session=${'A'.repeat(43)}` });
    assert.equal(forged.status, 403);
    assert.match(textOf(await forged.text()), /the form is out of date/);

    const json = await fetch(`${s.shop.url}/checkout`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(json.status, 415);
    assert.equal((await fetch(`${s.shop.url}/`, { method: 'POST' })).status, 405);
    const missing = await get('/nowhere');
    assert.equal(missing.status, 404);
    assert.match(textOf(await missing.text()), /Page not found This shop has no such page\./);
  });

  it('pay by redirection: 303 to the gateway page of a session of the basket total; pay in the widget: 303 to the shop page', async () => {
    const redirected = await post({ coffee: '2', mug: '1', waffles: '0', choice: 'redirect' });
    assert.equal(redirected.status, 303);
    const location = redirected.headers.get('location') ?? '';
    const token = new URL(location).searchParams.get('token')!;
    assert.equal(location, `${s.t.baseUrl}/v2/?token=${token}`);
    const d = await details(token);
    assert.equal(d.field('code'), '02533', d.body);
    assert.equal(d.field('amount'), '3030');
    const order = s.shop.orders.byToken(token)!;
    assert.match(order.ref, /^DEMO-\d{8}-[0-9A-F]{8}$/);
    assert.equal(d.field('ref'), order.ref);

    const widget = await post({ coffee: '1', choice: 'tab' });
    assert.equal(widget.status, 303);
    const path = widget.headers.get('location')!;
    assert.match(path, /^\/pay\/DEMO-/);
    const page = await get(path);
    const html = await page.text();
    const csp = page.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce.replace(/[+/]/g, '\\$&')}'; connect-src ${s.t.baseUrl};`));
    assert.match(csp, /require-trusted-types-for 'script'; trusted-types 'none'/);
    const widgetOrder = s.shop.orders.list()[0]!;
    assert.ok(html.includes(`<div id="PaylineWidget" data-token="${widgetOrder.token}" data-template="tab"`), html);
    assert.ok(html.includes(`<script src="${s.t.baseUrl}/scripts/widget-min.js" nonce="${nonce}">`));
    assert.equal((await get('/pay/DEMO-00000000-NOPE')).status, 404);
  });

  it('names are escaped on every page', async () => {
    const res = await post({ coffee: '1', firstName: '<img src=x onerror=alert(1)>', choice: 'redirect' });
    assert.equal(res.status, 303);
    const orders = await (await get('/orders')).text();
    assert.ok(orders.includes('&lt;img src=x onerror=alert(1)>'), 'the name as text');
    assert.ok(!orders.includes('<img'), 'no markup from the buyer');
  });

  it('the notification handler: records WEBTRS and TRS, reads the result, files unknown ones apart, refuses malformed calls', async () => {
    const res = await post({ coffee: '1', choice: 'redirect' });
    const token = new URL(res.headers.get('location')!).searchParams.get('token')!;
    const order = s.shop.orders.byToken(token)!;

    for (const query of [
      '',
      '?notificationType=WEBTRS',
      '?notificationType=TRS&token=x',
      '?notificationType=FOO&token=x',
    ]) {
      const bad = await get(`/notify${query}`);
      assert.equal(bad.status, 400, query);
      assert.match(
        await bad.text(),
        /expected notificationType=WEBTRS&token=… or notificationType=TRS&transactionId=…/,
      );
    }

    // The gateway's own call: the session expires unpaid, the worker notifies the shop.
    s.t.clock.advanceMinutes(62);
    await s.t.gateway.worker.runOnce();
    assert.deepEqual(
      order.notifications.map((n) => [n.notificationType, n.token]),
      [['WEBTRS', token]],
    );
    assert.equal(order.outcome, 'expired', 'the handler read getWebPaymentDetails');
    assert.equal(order.resultCode, '02534');

    const trs = await get('/notify?notificationType=TRS&transactionId=12345678901234');
    assert.equal(trs.status, 200);
    assert.equal(await trs.text(), 'OK\n');
    const unknown = await get('/notify?notificationType=WEBTRS&token=unknownToken0000000000000000001');
    assert.equal(unknown.status, 200);
    assert.deepEqual(
      s.shop.orders.unmatched.map((n) => [n.notificationType, n.token ?? n.transactionId]),
      [
        ['TRS', '12345678901234'],
        ['WEBTRS', 'unknownToken0000000000000000001'],
      ],
    );

    const orders = textOf(await (await get('/orders')).text());
    assert.ok(orders.includes(`${order.ref} expired`), orders);
    assert.match(orders, new RegExp(`\\d\\d:\\d\\d:\\d\\d WEBTRS token ${token}`));
    assert.match(orders, /Other notifications .* TRS transactionId 12345678901234/);
  });

  it('the return page: the outcome getWebPaymentDetails gives; a missing or unknown token gets a readable page', async () => {
    const res = await post({ coffee: '1', choice: 'redirect' });
    const token = new URL(res.headers.get('location')!).searchParams.get('token')!;
    const pending = await get(`/return?paylinetoken=${token}`);
    assert.equal(pending.status, 200);
    assert.match(textOf(await pending.text()), /Waiting for your payment .* Gateway result 02533/);

    s.t.clock.advanceMinutes(62);
    await s.t.gateway.worker.runOnce();
    const expired = textOf(await (await get(`/cancel?paylinetoken=${token}`)).text());
    assert.match(expired, /Payment expired The payment was not completed in time: nothing was charged\./);
    assert.match(expired, /Total €8\.90 Transaction — Gateway result 02534/);

    const none = await get('/return');
    assert.equal(none.status, 400);
    assert.match(textOf(await none.text()), /No payment named/);
    const unknown = await get('/return?paylinetoken=nope');
    assert.equal(unknown.status, 404);
    assert.match(textOf(await unknown.text()), /Unknown payment This shop has no order paid with this token\./);
  });
});
