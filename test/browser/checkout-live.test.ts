import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screenshot, TEST_TIMEOUT_MS } from '../support/browser/chromium.js';
import { useE2E } from '../support/browser/e2e-harness.js';

/** The hosted page with a real partner payment: QR code, app link, countdown, live status. */
describe('hosted page live with the Payconiq simulator', { timeout: 4 * TEST_TIMEOUT_MS }, () => {
  const e = useE2E();

  it(
    'shows the QR code of the partner payment link and a running countdown',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { token, redirectURL } = await e.createPayment();
      const page = await e.newPage();
      await page.goto(redirectURL);
      const session = await e.t.gateway.deps.sessions.get(token);
      assert.match(session!.partnerPaymentId!, /^[0-9a-f]{24}$/);
      assert.equal(await page.locator('[data-testid="qr"] svg').count(), 1, 'QR rendered by the gateway as inline SVG');
      await page.waitForFunction(() =>
        /^\d+:\d\d$/.test(document.querySelector('[data-testid="countdown"]')?.textContent ?? ''),
      );
      const first = await page.textContent('[data-testid="countdown"]');
      await page.waitForFunction(
        (before) => document.querySelector('[data-testid="countdown"]')?.textContent !== before,
        first,
      );
      assert.equal(await page.getAttribute('[data-testid="app-link"]', 'href'), session!.partnerPaymentLink);
      assert.equal(await page.isVisible('[data-testid="app-link"]'), false, 'the app button is for phones');
      await screenshot(page, 'live-page', { fullPage: false });
    },
  );

  it('on a phone, the "open the app" button is shown', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { redirectURL } = await e.createPayment();
    const page = await e.newPage({ screen: 'phone' });
    await page.goto(redirectURL);
    assert.equal(await page.isVisible('[data-testid="app-link"]'), true);
    await screenshot(page, 'live-phone', { fullPage: false });
  });

  it(
    "paying on the simulator's phone sends the waiting page to the shop without a reload",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { token, redirectURL } = await e.createPayment();
      const page = await e.newPage();
      await page.goto(redirectURL);
      const phoneUrl = await page.getAttribute('[data-testid="simulator-phone"]', 'href');
      assert.ok(phoneUrl);
      const phone = await page.context().newPage();
      await phone.goto(phoneUrl);
      await phone.click('button.scan');
      await phone.click('button.pay');
      await page.waitForURL(`${e.shop.returnUrl}?paylinetoken=${token}`);
      assert.equal((await e.details(token)).field('code'), '00000');
    },
  );

  it('cancelling on the phone sends the waiting page to the cancel URL', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { token, redirectURL } = await e.createPayment();
    const page = await e.newPage();
    await page.goto(redirectURL);
    const phone = await page.context().newPage();
    await phone.goto((await page.getAttribute('[data-testid="simulator-phone"]', 'href'))!);
    await phone.click('button.cancel');
    await page.waitForURL(`${e.shop.cancelUrl}?paylinetoken=${token}`);
    assert.equal((await e.details(token)).field('code'), '02008');
  });
});
