import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screenshot, TEST_TIMEOUT_MS } from '../support/browser/chromium.js';
import {
  assertFinalOutcome,
  assertOpenPage,
  clickAndLand,
  freezeLiveStatus,
  useE2E,
} from '../support/browser/e2e-harness.js';

/** Payment delay of the demo point of sale. */
const PAYMENT_DELAY_MINUTES = 61;

const PARTNER_EXPIRY_MINUTES = 20;

describe('hosted payment page after the payment delay', { timeout: 4 * TEST_TIMEOUT_MS }, () => {
  const e = useE2E();

  it(
    'buyer on the page: still open a minute before, expired (02324) once the Payconiq payment expired',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { token, redirectURL } = await e.createPayment();
      const page = await e.newPage();
      // Reloads, not the page's own status poll, are what this test moves the page with.
      await freezeLiveStatus(page);
      await page.goto(redirectURL);
      await assertOpenPage(page);

      // Payconiq's online payments expire after 20 minutes, before the point of sale's 61: a returning
      // buyer's reload asks the partner, which then answers EXPIRED.
      e.t.clock.advanceMinutes(PARTNER_EXPIRY_MINUTES - 1);
      await page.reload();
      await assertOpenPage(page);

      e.t.clock.advanceMinutes(2);
      await page.reload();
      await assertFinalOutcome(page, '02324', 'This payment session has expired');
      await screenshot(page, 'expired-page');

      await e.t.gateway.worker.runOnce();
      assert.deepEqual(
        e.shop.notificationsFor(token).map((n) => n.notificationType),
        ['WEBTRS'],
      );
      const details = await e.details(token);
      assert.equal(details.field('code'), '02324', details.body);
      assert.equal(details.field('shortMessage'), 'REFUSED');
    },
  );

  it(
    'MAKE A PAYMENT on a page left open past the delay does not pay: 02324, buyer sent to returnURL',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { token, redirectURL } = await e.createPayment();
      const page = await e.newPage();
      // A tab the browser throttled: its script has not noticed the expiry when the buyer clicks.
      await freezeLiveStatus(page);
      await page.goto(redirectURL);
      e.t.clock.advanceMinutes(PAYMENT_DELAY_MINUTES + 1);
      await clickAndLand(page, 'make-payment', `${e.shop.returnUrl}?paylinetoken=${token}`);
      assert.equal((await e.details(token)).field('code'), '02324');
      await page.goto(redirectURL);
      await assertFinalOutcome(page, '02324', 'This payment session has expired');
    },
  );

  it(
    'buyer who never came: the worker ends the session in 02534 and the late page shows it expired',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { token, redirectURL } = await e.createPayment();
      e.t.clock.advanceMinutes(PAYMENT_DELAY_MINUTES);
      await e.t.gateway.worker.runOnce();
      assert.deepEqual(
        e.shop.notificationsFor(token).map((n) => n.notificationType),
        ['WEBTRS'],
      );
      const page = await e.newPage();
      await page.goto(redirectURL);
      await assertFinalOutcome(page, '02534', 'This payment session has expired');
      assert.equal((await e.details(token)).field('code'), '02534');
    },
  );
});
