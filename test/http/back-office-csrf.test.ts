import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ensureFirstOperator } from '../../src/backoffice/first-users.js';
import { BoClient, OPERATOR, useBackOffice } from '../support/back-office-client.js';
import { startTestGateway } from '../support/test-gateway.js';

describe('back-office forms: origin and anti-forgery token, headers', () => {
  const f = useBackOffice();

  /** A harmless state change to attempt: the demo merchant's trade name. */
  const rename = (b: BoClient, tradeName: string, opts: Parameters<BoClient['post']>[2] = {}) =>
    b.post(`/admin/merchants/${f.merchantId}/account`, { companyName: 'DEMO', tradeName }, opts);
  const tradeName = async () => (await f.t.gateway.backOffice.merchants.getMerchant(f.merchantId))!.tradeName;

  it('a form with its token, from the gateway’s origin, goes through', async () => {
    await f.operator.get(`/admin/merchants/${f.merchantId}/account`);
    const res = await rename(f.operator, 'Enseigne Mon compte');
    assert.equal(res.status, 303);
  });

  it('no token, another session’s token, a made-up token: refused (403) and nothing changes', async () => {
    const other = f.client();
    await other.signedIn(OPERATOR.email, OPERATOR.password);
    await f.operator.get(`/admin/merchants/${f.merchantId}/account`);
    for (const csrf of [null, other.csrf!, 'x'.repeat(43), '']) {
      const res = await rename(f.operator, 'Forged', { csrf });
      assert.equal(res.status, 403, `token ${csrf}`);
      assert.match(res.html, /data-testid="error-csrf"/);
    }
    assert.equal(await tradeName(), 'Enseigne Mon compte');
  });

  it('another origin, Origin "null", no Origin nor Referer: refused; a same-origin Referer without Origin is taken', async () => {
    await f.operator.get(`/admin/merchants/${f.merchantId}/account`);
    for (const origin of ['https://evil.example', 'null', `${f.t.baseUrl}.evil.example`, null]) {
      const res = await rename(f.operator, 'Forged', { origin });
      assert.equal(res.status, 403, `origin ${origin}`);
    }
    assert.equal(await tradeName(), 'Enseigne Mon compte');
    const body = new URLSearchParams({
      _csrf: f.operator.csrf!,
      companyName: 'DEMO',
      tradeName: 'Enseigne Mon compte',
    });
    const res = await f.operator.request('POST', `/admin/merchants/${f.merchantId}/account`, {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `${f.t.baseUrl}/admin/` },
    });
    assert.equal(res.status, 303);
  });

  it('the sign-in form has its own token (login CSRF): without the cookie’s value, refused', async () => {
    const b = f.client();
    await b.get('/admin/sign-in');
    assert.ok(b.cookies.get('passerelle_sign_in'));
    assert.equal((await b.post('/admin/sign-in', OPERATOR, { csrf: null })).status, 403);
    assert.equal((await b.post('/admin/sign-in', OPERATOR, { csrf: 'another value' })).status, 403);
    const fresh = f.client(); // a forged form posted from another site: the browser has no sign-in cookie
    assert.equal((await fresh.post('/admin/sign-in', OPERATOR, { csrf: 'anything' })).status, 403);
    assert.equal(fresh.sessionCookie, undefined);
    assert.equal((await b.post('/admin/sign-in', OPERATOR)).status, 303);
  });

  it('the second-factor step’s token does not work for a signed-in session’s forms, nor the reverse', async () => {
    // The operator's token posted to the second-factor step: no such step under way.
    await f.operator.get('/admin/account');
    assert.equal((await f.operator.post('/admin/sign-in/code', { code: '123456' })).status, 403);
  });

  it('every page: the hosted page’s strict CSP, no framing, no sniffing, no caching; no inline script or style', async () => {
    for (const path of [
      '/admin/sign-in',
      '/admin/merchants',
      `/admin/merchants/${f.merchantId}/payment-methods/PAYCONIQFP`,
      '/admin/nowhere',
    ]) {
      const res = await (path === '/admin/sign-in' ? f.client() : f.operator).get(path);
      const h = res.headers;
      assert.equal(
        h.get('content-security-policy'),
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        path,
      );
      assert.equal(h.get('x-content-type-options'), 'nosniff');
      assert.equal(h.get('x-frame-options'), 'DENY');
      assert.equal(h.get('cache-control'), 'no-store');
      assert.equal(h.get('referrer-policy'), 'same-origin');
      assert.doesNotMatch(
        res.html,
        /<script(?![^>]*\ssrc="\/assets\/admin\/admin\.[0-9a-f]{8}\.js")|<style|\sstyle=|\son[a-z]+=/i,
        path,
      );
    }
  });

  it('bad requests get a readable page, never a 500', async () => {
    const cases: [string, Promise<{ status: number; html: string }>][] = [
      ['unknown page', f.operator.get('/admin/no/such/page')],
      ['unknown merchant', f.operator.get('/admin/merchants/NOPE/points-of-sale')],
      ['odd characters', f.operator.get('/admin/merchants/%E2%80%AE%00/account')],
      ['unknown contract', f.operator.get(`/admin/merchants/${f.merchantId}/payment-methods/NOPE`)],
      [
        'a body too large',
        f.operator.post(`/admin/merchants/${f.merchantId}/account`, {
          companyName: 'x'.repeat(20_000),
          tradeName: 'y',
        }),
      ],
      [
        'a JSON body',
        f.operator.request('POST', `/admin/merchants/${f.merchantId}/account`, {
          body: '{"companyName": 1}',
          headers: { 'content-type': 'application/json', origin: new URL(f.t.baseUrl).origin },
        }),
      ],
      [
        'a body of another type',
        f.operator.request('POST', `/admin/merchants/${f.merchantId}/account`, {
          body: 'hello',
          headers: { 'content-type': 'text/plain', origin: new URL(f.t.baseUrl).origin },
        }),
      ],
      [
        'a repeated field',
        f.operator.post(`/admin/merchants/${f.merchantId}/account`, { companyName: ['a', 'b'], tradeName: 'T' }),
      ],
    ];
    for (const [what, pending] of cases) {
      const res = await pending;
      assert.ok(res.status >= 400 && res.status < 500, `${what}: ${res.status}`);
      assert.match(res.html, /<!doctype html>[\s\S]*<h1>/, what);
    }
    assert.equal(await tradeName(), 'Enseigne Mon compte');
  });
});

describe('back-office behind https', () => {
  it('cookies are Secure, and the origin to match is the public one', async () => {
    const t = await startTestGateway({ env: { PASSERELLE_PUBLIC_URL: 'https://pay.example' } });
    try {
      await ensureFirstOperator(t.gateway.backOffice, OPERATOR);
      const b = new BoClient(t.baseUrl);
      const page = await b.get('/admin/sign-in');
      assert.match(
        page.headers.getSetCookie()[0]!,
        /^passerelle_sign_in=[\w-]+; Path=\/admin; HttpOnly; SameSite=Lax; Secure; Max-Age=3600$/,
      );
      assert.equal((await b.post('/admin/sign-in', OPERATOR)).status, 403, 'the loopback origin is not the public one');
      const res = await b.post('/admin/sign-in', OPERATOR, { origin: 'https://pay.example' });
      assert.equal(res.status, 303);
      assert.match(
        res.headers.getSetCookie().find((c) => c.startsWith('passerelle_admin='))!,
        /; Secure$/,
      );
    } finally {
      await t.close();
    }
  });
});
