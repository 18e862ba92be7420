import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request, Response } from 'playwright-core';
import { AssetBundle } from '../../src/http/views/assets.js';
import { TEST_TIMEOUT_MS } from '../support/browser/chromium.js';
import { clickAndLand, useE2E } from '../support/browser/e2e-harness.js';

/** `default-src 'none'; style-src 'self'` → Map { 'default-src' => ["'none'"], 'style-src' => ["'self'"] }. */
function parseCsp(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

function assertStrictCsp(response: Response | null, shopOrigin?: string): void {
  assert.ok(response, 'a response');
  const headers = response.headers();
  const header = headers['content-security-policy'];
  assert.ok(header, 'Content-Security-Policy header present');
  const csp = parseCsp(header);
  assert.deepEqual(csp.get('default-src'), ["'none'"], header);
  assert.deepEqual(csp.get('style-src'), ["'self'"], header);
  // Scripts only from the gateway itself (the live-status file), fetches only back to it; no inline script.
  assert.deepEqual(csp.get('script-src'), ["'self'"], header);
  assert.deepEqual(csp.get('connect-src'), ["'self'"], header);
  assert.equal(csp.has('script-src-elem'), false, header);
  assert.doesNotMatch(header, /unsafe-|\*|data:\s*;?\s*$|https?:(?!\/\/127\.0\.0\.1)/i, header);
  assert.deepEqual(csp.get('frame-ancestors'), ["'none'"], header);
  if (shopOrigin)
    assert.ok(
      csp.get('form-action')?.includes(shopOrigin),
      `form-action lets the buyer go back to the shop: ${header}`,
    );
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['referrer-policy'], 'no-referrer');
}

describe('hosted payment page security', { timeout: 4 * TEST_TIMEOUT_MS }, () => {
  const e = useE2E();

  it(
    'strict CSP, own stylesheet only, no script, no third-party request until the redirect to the shop',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { token, redirectURL } = await e.createPayment();
      const page = await e.newPage();
      const requests: Request[] = [];
      const problems: string[] = [];
      page.on('request', (r) => requests.push(r));
      page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()} (${m.location().url})`));
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));

      const response = await page.goto(redirectURL);
      assert.equal(response?.status(), 200);
      assertStrictCsp(response, e.shop.origin);

      // The markup needs nothing the policy forbids.
      const html = await response!.text();
      // One script, the gateway's own live-status file; nothing inline.
      const assets = await AssetBundle.load('checkout', '/assets/checkout');
      assert.deepEqual(html.match(/<script[^>]*>/gi), [`<script src="${assets.url('page.js')}" defer>`]);
      assert.doesNotMatch(
        html.replace(`<script src="${assets.url('page.js')}" defer></script>`, ''),
        /<script|<iframe|<object|<embed|<img|\sstyle=|\son[a-z]+=|<style/i,
      );
      assert.doesNotMatch(
        html,
        /(?:src|action)="(?:https?:)?\/\//i,
        'only same-origin resources and forms (links to the payment app may leave)',
      );

      // The stylesheet loaded and was allowed by the policy.
      const rules = await page.evaluate(() => Array.from(document.styleSheets, (s) => s.cssRules.length));
      assert.equal(rules.length, 1);
      assert.ok(rules[0]! > 0, 'checkout.css has rules');
      assert.ok(requests.some((r) => r.url() === `${e.t.baseUrl}${assets.url('page.css')}`));
      const css = await page.request.get(`${e.t.baseUrl}${assets.url('page.css')}`);
      assert.equal(css.status(), 200);
      assert.match(css.headers()['content-type'] ?? '', /^text\/css/);
      assert.doesNotMatch(
        await css.text(),
        /@import|url\(\s*['"]?(?:https?:)?\/\//i,
        'no external fonts or images from the stylesheet',
      );

      await clickAndLand(page, 'make-payment', `${e.shop.returnUrl}?paylinetoken=${token}`);
      const urls = requests.map((r) => r.url());
      const firstShop = urls.findIndex((u) => new URL(u).origin === e.shop.origin);
      assert.ok(firstShop > 0, `the browser reached the shop: ${urls.join(', ')}`);
      const beforeShop = urls.slice(0, firstShop);
      assert.deepEqual(
        beforeShop.filter((u) => new URL(u).origin !== e.t.baseUrl),
        [],
        'only the gateway until the redirect',
      );
      assert.ok(
        beforeShop.includes(redirectURL) && beforeShop.includes(`${e.t.baseUrl}/v2/simulator/pay`),
        beforeShop.join(', '),
      );
      assert.equal(urls[firstShop], `${e.shop.returnUrl}?paylinetoken=${token}`);
      assert.deepEqual(
        urls.filter((u) => ![e.t.baseUrl, e.shop.origin].includes(new URL(u).origin)),
        [],
        'nothing anywhere else',
      );
      assert.deepEqual(problems, []);
    },
  );

  it(
    'the final outcome page and the unknown-session page carry the same policy',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { token, redirectURL } = await e.createPayment();
      const page = await e.newPage();
      await page.goto(redirectURL);
      await clickAndLand(page, 'abort', `${e.shop.cancelUrl}?paylinetoken=${token}`);
      const outcome = await page.goto(redirectURL);
      assertStrictCsp(outcome, e.shop.origin);
      assert.equal(outcome?.headers()['cache-control'], 'no-store');
      const unknown = await page.goto(`${e.t.baseUrl}/v2/?token=NoSuchToken`);
      assert.equal(unknown?.status(), 404);
      assertStrictCsp(unknown);
    },
  );

  it(
    'the browser enforces the policy: an injected inline script does not run',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { redirectURL } = await e.createPayment();
      const page = await e.newPage();
      await page.goto(redirectURL);
      const reported = page.waitForEvent('console', {
        predicate: (m) => /Content Security Policy/i.test(m.text()),
        timeout: 5_000,
      });
      const ran = await page.evaluate(() => {
        const w = window as unknown as { __injected?: boolean };
        const s = document.createElement('script');
        s.textContent = 'window.__injected = true';
        document.body.appendChild(s);
        return w.__injected === true;
      });
      assert.equal(ran, false, 'inline script blocked by CSP');
      assert.match((await reported).text(), /script-src/, 'Chromium reported the violation');
    },
  );
});
