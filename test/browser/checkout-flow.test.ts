import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screenshot, TEST_TIMEOUT_MS } from '../support/browser/chromium.js';
import {
  assertFinalOutcome,
  assertOpenPage,
  clickAndLand,
  doubleClickAndLand,
  freezeLiveStatus,
  textOf,
  useE2E,
} from '../support/browser/e2e-harness.js';

describe('hosted payment page in a browser: pay, abort, cancel', { timeout: 5 * TEST_TIMEOUT_MS }, () => {
  const e = useE2E();

  it(
    'MAKE A PAYMENT: page shows who/how much/what, buyer lands on returnURL, one WEBTRS notification, 00000 ACCEPTED',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { token, redirectURL } = await e.createPayment({
        amount: '1234',
        orderAmount: '1234',
        orderRef: 'E2E-PAY-1',
      });
      const page = await e.newPage();
      const response = await page.goto(redirectURL);
      assert.equal(response?.status(), 200);
      assert.equal(await page.title(), 'Payment');
      assert.equal(await textOf(page, 'merchant'), 'Monext Demo');
      assert.equal(await textOf(page, 'amount'), '€12.34');
      assert.equal(await textOf(page, 'order-ref'), 'E2E-PAY-1');
      assert.match(await page.locator('body').innerText(), /Order reference: E2E-PAY-1/);
      assert.equal(((await page.locator('h1').textContent()) ?? '').trim(), 'Pay with Payconiq by Bancontact');
      await assertOpenPage(page);
      assert.equal(await textOf(page, 'make-payment'), 'MAKE A PAYMENT');
      assert.equal(await textOf(page, 'abort'), 'ABORT');
      await screenshot(page, 'payment-page');

      await clickAndLand(page, 'make-payment', `${e.shop.returnUrl}?paylinetoken=${token}`);
      assert.equal(await textOf(page, 'shop-return'), 'Thank you for your order');
      assert.equal(await textOf(page, 'paylinetoken'), token);
      await screenshot(page, 'shop-return');

      // The worker notifies the shop before the merchant has fetched the result.
      await e.t.gateway.worker.runOnce();
      assert.deepEqual(
        e.shop.notificationsFor(token).map((n) => [n.method, n.notificationType, n.token]),
        [['GET', 'WEBTRS', token]],
      );

      const details = await e.details(token);
      assert.equal(details.status, 200, details.body);
      assert.equal(details.field('code'), '00000', details.body);
      assert.equal(details.field('shortMessage'), 'ACCEPTED');
      assert.match(details.field('id') ?? '', /^\d{14}$/, 'a transaction id');

      // Delivered once: later passes send nothing more.
      e.t.clock.advanceMinutes(2);
      await e.t.gateway.worker.runOnce();
      assert.equal(e.shop.notificationsFor(token).length, 1);

      // Coming back to redirectURL shows the final outcome, with the way back to the shop.
      await page.goto(redirectURL);
      await assertFinalOutcome(page, '00000', 'Payment accepted');
      assert.equal(await textOf(page, 'merchant'), 'Monext Demo');
      assert.equal(
        await page.getByRole('link', { name: 'Return to the shop' }).getAttribute('href'),
        `${e.shop.returnUrl}?paylinetoken=${token}`,
      );
      await screenshot(page, 'final-page');
    },
  );

  it(
    'shows payment.softDescriptor instead of the trade name, as text (HTML escaped)',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { redirectURL } = await e.createPayment({ softDescriptor: 'Café <b>Dupont</b> & Fils' });
      const page = await e.newPage();
      await page.goto(redirectURL);
      assert.equal(await textOf(page, 'merchant'), 'Café <b>Dupont</b> & Fils');
      assert.equal(await page.locator('[data-testid="merchant"] b').count(), 0, 'no markup injected');
      assert.equal(await textOf(page, 'amount'), '€10.00');
    },
  );

  it('ABORT lands on cancelURL with paylinetoken and gives 02008 CANCELLED', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { token, redirectURL } = await e.createPayment({ orderRef: 'E2E-ABORT-1' });
    const page = await e.newPage();
    await page.goto(redirectURL);
    await assertOpenPage(page);
    await clickAndLand(page, 'abort', `${e.shop.cancelUrl}?paylinetoken=${token}`);
    assert.equal(await textOf(page, 'shop-cancel'), 'Your order was cancelled');
    assert.equal(await textOf(page, 'paylinetoken'), token);

    await e.t.gateway.worker.runOnce();
    assert.deepEqual(
      e.shop.notificationsFor(token).map((n) => n.notificationType),
      ['WEBTRS'],
    );

    const details = await e.details(token);
    assert.equal(details.field('code'), '02008', details.body);
    assert.equal(details.field('shortMessage'), 'CANCELLED');

    await page.goto(redirectURL);
    await assertFinalOutcome(page, '02008', 'Payment cancelled');
    assert.equal(
      await page.getByRole('link', { name: 'Return to the shop' }).getAttribute('href'),
      `${e.shop.cancelUrl}?paylinetoken=${token}`,
    );
  });

  it(
    'the buyer\'s own "Cancel and return to the shop" lands on cancelURL and gives 02008',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { token, redirectURL } = await e.createPayment();
      const page = await e.newPage();
      await page.goto(redirectURL);
      assert.equal(await textOf(page, 'cancel'), 'Cancel and return to the shop');
      await clickAndLand(page, 'cancel', `${e.shop.cancelUrl}?paylinetoken=${token}`);
      assert.equal(await textOf(page, 'paylinetoken'), token);
      assert.equal((await e.details(token)).field('code'), '02008');
    },
  );

  it('an unknown token gets a 404 page, not a payment form', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await e.newPage();
    const response = await page.goto(`${e.t.baseUrl}/v2/?token=NoSuchToken1234567890`);
    assert.equal(response?.status(), 404);
    assert.equal(
      ((await page.locator('[data-testid="outcome"] h1').textContent()) ?? '').trim(),
      'Unknown payment session',
    );
    assert.equal(await page.getByTestId('make-payment').count(), 0);
  });
});

describe('hosted payment page in a browser: double click and two tabs', { timeout: 5 * TEST_TIMEOUT_MS }, () => {
  const e = useE2E();

  it(
    'MAKE A PAYMENT in one tab then ABORT in the other: stays 00000, second tab lands on returnURL, reload shows the outcome',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { token, redirectURL } = await e.createPayment();
      const context = await e.newContext();
      const [tab1, tab2] = [await context.newPage(), await context.newPage()];
      await freezeLiveStatus(tab2);
      await tab1.goto(redirectURL);
      await tab2.goto(redirectURL);
      await assertOpenPage(tab1);
      await assertOpenPage(tab2);

      await clickAndLand(tab1, 'make-payment', `${e.shop.returnUrl}?paylinetoken=${token}`);
      // The second tab still shows the buttons; its ABORT comes too late and sends it to the final result.
      await clickAndLand(tab2, 'abort', `${e.shop.returnUrl}?paylinetoken=${token}`);
      assert.equal(await textOf(tab2, 'paylinetoken'), token);

      await e.t.gateway.worker.runOnce();
      assert.equal(e.shop.notificationsFor(token).length, 1, 'one final result, one notification');
      const details = await e.details(token);
      assert.equal(details.field('code'), '00000', details.body);
      assert.equal(details.field('shortMessage'), 'ACCEPTED');

      await tab2.goBack();
      await tab2.reload();
      assert.equal(tab2.url(), redirectURL);
      await assertFinalOutcome(tab2, '00000', 'Payment accepted');
    },
  );

  it(
    'ABORT in one tab then MAKE A PAYMENT in the other: stays 02008, second tab lands on cancelURL',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { token, redirectURL } = await e.createPayment();
      const context = await e.newContext();
      const [tab1, tab2] = [await context.newPage(), await context.newPage()];
      await freezeLiveStatus(tab2);
      await tab1.goto(redirectURL);
      await tab2.goto(redirectURL);

      await clickAndLand(tab1, 'abort', `${e.shop.cancelUrl}?paylinetoken=${token}`);
      await clickAndLand(tab2, 'make-payment', `${e.shop.cancelUrl}?paylinetoken=${token}`);

      assert.equal((await e.details(token)).field('code'), '02008');
      await tab1.goto(redirectURL);
      await assertFinalOutcome(tab1, '02008', 'Payment cancelled');
    },
  );

  it(
    'double-click on MAKE A PAYMENT: one payment, one notification, buyer on returnURL',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { token, redirectURL } = await e.createPayment();
      const page = await e.newPage();
      await freezeLiveStatus(page);
      await page.goto(redirectURL);
      await doubleClickAndLand(page, 'make-payment', `${e.shop.returnUrl}?paylinetoken=${token}`);
      await page.waitForLoadState('load');
      assert.equal(page.url(), `${e.shop.returnUrl}?paylinetoken=${token}`);
      assert.equal(await textOf(page, 'paylinetoken'), token);

      await e.t.gateway.worker.runOnce();
      assert.equal(e.shop.notificationsFor(token).length, 1);
      assert.equal((await e.details(token)).field('code'), '00000');
    },
  );

  it(
    'MAKE A PAYMENT pressed in two tabs at once: one transaction, both tabs on returnURL',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { token, redirectURL } = await e.createPayment();
      const context = await e.newContext();
      const [tab1, tab2] = [await context.newPage(), await context.newPage()];
      await Promise.all([freezeLiveStatus(tab1), freezeLiveStatus(tab2)]);
      await tab1.goto(redirectURL);
      await tab2.goto(redirectURL);
      const landing = `${e.shop.returnUrl}?paylinetoken=${token}`;
      await Promise.all([clickAndLand(tab1, 'make-payment', landing), clickAndLand(tab2, 'make-payment', landing)]);

      await e.t.gateway.worker.runOnce();
      assert.equal(e.shop.notificationsFor(token).length, 1);
      const first = await e.details(token);
      assert.equal(first.field('code'), '00000');
      assert.equal((await e.details(token)).field('id'), first.field('id'), 'the same transaction every time');
    },
  );
});
