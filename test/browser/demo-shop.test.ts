import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  HOOK_TIMEOUT_MS,
  launchChromium,
  newBrowserContext,
  screenshot,
  TEST_TIMEOUT_MS,
  type PageOptions,
} from '../support/browser/chromium.js';
import { startShopBesideGateway, type ShopBesideGateway } from '../support/demo-shop-fixture.js';
import { useSuiteFixture } from '../support/suite-fixture.js';

type Template = 'column' | 'tab' | 'lightbox' | 'shortcut';

interface Fixture extends ShopBesideGateway {
  browser: Browser;
}

async function start(): Promise<Fixture> {
  const f = await startShopBesideGateway();
  const browser = await launchChromium().catch(async (err) => {
    await f.close();
    throw err;
  });
  return { ...f, browser };
}

const text = async (page: Page, selector: string) =>
  (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();

describe(
  'the demo shop in a browser: redirection and widget flows to the final page',
  { timeout: 10 * TEST_TIMEOUT_MS },
  () => {
    const s = useSuiteFixture(
      start,
      async (f) => {
        await f.browser.close().catch(() => undefined);
        await f.close();
      },
      { timeoutMs: HOOK_TIMEOUT_MS },
    );

    /** A page in a fresh profile; every console error (a CSP violation among them) is kept to be asserted empty. */
    async function shopPage(opts: PageOptions = {}): Promise<{ page: Page; errors: string[] }> {
      const context = await newBrowserContext(s.browser, opts);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      page.on('pageerror', (e) => errors.push(e.message));
      return { page, errors };
    }

    /**
     * The gateway notifies the shop before the buyer's browser is back: the worker runs after each
     * of the buyer's actions on the gateway (MAKE A PAYMENT, ABORT), before the browser gets the
     * answer. Once the shop has read the result on its return page, the gateway drops the notification.
     */
    const notifyBeforeReturn = (page: Page) =>
      page.route(`${s.t.baseUrl}/v2/**`, async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        const response = await route.fetch({ maxRedirects: 0 });
        await s.t.gateway.worker.runOnce();
        await route.fulfill({ response });
      });

    async function basket(page: Page, quantities: Record<string, string>): Promise<void> {
      await page.goto(`${s.shop.url}/`);
      for (const [product, quantity] of Object.entries(quantities)) await page.fill(`#qty-${product}`, quantity);
      await page.getByRole('button', { name: 'Update the total' }).click();
    }

    it(
      'redirection: basket, the hosted page, MAKE A PAYMENT, the return page accepted, the WEBTRS notification on the orders page',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const { page, errors } = await shopPage();
        await basket(page, { coffee: '2', mug: '0', waffles: '1' });
        assert.equal(await text(page, '#basket-total'), '€24.55');
        await screenshot(page, 'demo-shop/desktop-basket');

        await Promise.all([
          page.waitForURL(`${s.t.baseUrl}/v2/?token=*`),
          page.getByRole('button', { name: 'Pay €24.55 on the payment page' }).click(),
        ]);
        const token = new URL(page.url()).searchParams.get('token')!;
        assert.equal(await text(page, '[data-testid="amount"]'), '€24.55');
        await notifyBeforeReturn(page);
        await Promise.all([
          page.waitForURL(`${s.shop.url}/return?paylinetoken=${token}`),
          page.getByTestId('make-payment').click(),
        ]);

        assert.equal(await text(page, 'h1'), 'Thank you: payment accepted');
        assert.equal(await page.locator('.result').getAttribute('data-outcome'), 'accepted');
        const transactionId = await text(page, '#transaction-id');
        assert.match(transactionId, /^\d{14}$/);
        assert.match(
          await text(page, '.result'),
          /Total €24\.55 Transaction \d{14} Gateway result 00000 Transaction approved/,
        );
        await screenshot(page, 'demo-shop/desktop-return-accepted');

        await page.getByRole('link', { name: 'See the orders and notifications' }).click();
        const order = s.shop.orders.byToken(token)!;
        const card = page.locator(`#order-${order.ref}`);
        assert.match(await text(page, `#order-${order.ref} h2`), /^DEMO-\d{8}-[0-9A-F]{8} ACCEPTED$/);
        const facts = (await card.innerText()).replace(/\s+/g, ' ');
        assert.match(
          facts,
          new RegExp(
            `Paid by payment page \\(redirection\\) Token ${token} Result 00000 Transaction approved Transaction ${transactionId}`,
          ),
        );
        assert.match(facts, new RegExp(`Notifications \\d\\d:\\d\\d:\\d\\d WEBTRS token ${token}`));
        await screenshot(page, 'demo-shop/desktop-orders');
        assert.deepEqual(errors, []);
      },
    );

    for (const template of ['column', 'tab', 'lightbox', 'shortcut'] as Template[]) {
      it(
        `widget, ${template}: the payment in the shop's page under its strict CSP, MAKE A PAYMENT, the ticket, the return page`,
        { timeout: TEST_TIMEOUT_MS },
        async () => {
          const { page, errors } = await shopPage();
          await page.goto(`${s.shop.url}/`);
          await Promise.all([
            page.waitForURL(`${s.shop.url}/pay/*`),
            page.getByRole('button', { name: `Widget: ${template[0]!.toUpperCase()}${template.slice(1)}` }).click(),
          ]);
          const list = template === 'shortcut' ? 'PAYMENT_METHODS_LIST_SHORTCUT' : 'PAYMENT_METHODS_LIST';
          await page.waitForSelector(`#PaylineWidget[data-pl-state="${list}"]`, { state: 'attached' });
          if (template === 'lightbox') {
            // The buyer closes the lightbox; the shop's own button brings it back.
            await page.click('#pl-container-lightbox-close');
            assert.equal(await page.isVisible('.pl-pay-btn'), false);
            await page.getByRole('button', { name: 'Open the payment window' }).click();
          }
          assert.match(await text(page, '.pl-pay-btn'), template === 'shortcut' ? /Payconiq/ : /^Pay €21\.40$/);
          await page.click('.pl-pay-btn');
          await page.waitForSelector('#PaylineWidget[data-pl-state="ACTIVE_WAITING"]', { state: 'attached' });
          await screenshot(page, `demo-shop/desktop-widget-${template}`);
          const token = (await page.getAttribute('#PaylineWidget', 'data-token'))!;
          await notifyBeforeReturn(page);
          await page.click('.pl-sandbox-pay');
          await page.waitForSelector('#PaylineWidget[data-pl-state="PAYMENT_SUCCESS"]', { state: 'attached' });
          await Promise.all([
            page.waitForURL(`${s.shop.url}/return?paylinetoken=${token}`),
            page.click('#pl-ticket-default-ticket_btn'),
          ]);
          assert.equal(await text(page, 'h1'), 'Thank you: payment accepted');
          assert.match(await text(page, '#transaction-id'), /^\d{14}$/);
          const order = s.shop.orders.byToken(token)!;
          assert.equal(order.choice, template);
          assert.deepEqual(
            order.notifications.map((n) => n.notificationType),
            ['WEBTRS'],
          );
          assert.deepEqual(errors, [], 'nothing blocked by the CSP, no script error');
        },
      );
    }

    it('widget, column, ABORT: the cancel page says cancelled', { timeout: TEST_TIMEOUT_MS }, async () => {
      const { page, errors } = await shopPage();
      await page.goto(`${s.shop.url}/`);
      await Promise.all([
        page.waitForURL(`${s.shop.url}/pay/*`),
        page.getByRole('button', { name: 'Widget: Column' }).click(),
      ]);
      await page.click('.pl-pay-btn');
      await page.click('.pl-sandbox-abort');
      await page.waitForSelector('#PaylineWidget[data-pl-state="PAYMENT_CANCELED"]', { state: 'attached' });
      await Promise.all([
        page.waitForURL(`${s.shop.url}/cancel?paylinetoken=*`),
        page.click('#pl-ticket-default-ticket_btn'),
      ]);
      assert.equal(await text(page, 'h1'), 'Payment cancelled');
      assert.equal(await page.locator('.result').getAttribute('data-outcome'), 'cancelled');
      await screenshot(page, 'demo-shop/desktop-return-cancelled');
      assert.deepEqual(errors, []);
    });

    it(
      'on a phone: the basket, the widget and the return page fit the screen, and the keyboard reaches the pay buttons',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const { page, errors } = await shopPage({ screen: 'phone' });
        await page.goto(`${s.shop.url}/`);
        await screenshot(page, 'demo-shop/phone-basket');
        const overflows = () => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert.equal(await overflows(), false, 'no sideways scrolling');

        // Tab from the top of the page to the first pay button, then Enter.
        const focused: string[] = [];
        for (let i = 0; i < 20 && !focused.includes('Pay €21.40 on the payment page'); i++) {
          await page.keyboard.press('Tab');
          focused.push(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
        }
        assert.deepEqual(focused.slice(0, 4), ['Skip to content', 'Le Petit Comptoir', 'Basket', 'Orders']);
        assert.ok(focused.includes('Pay €21.40 on the payment page'), focused.join(' | '));

        await page.goto(`${s.shop.url}/`);
        await Promise.all([
          page.waitForURL(`${s.shop.url}/pay/*`),
          page.getByRole('button', { name: 'Widget: Tab' }).click(),
        ]);
        await page.click('.pl-pay-btn');
        await page.waitForSelector('#PaylineWidget[data-pl-state="ACTIVE_WAITING"]', { state: 'attached' });
        assert.ok(await page.isVisible('.pl-app-link'), '"open the app" on a phone');
        assert.equal(await overflows(), false);
        await screenshot(page, 'demo-shop/phone-widget-tab');
        await page.click('.pl-sandbox-pay');
        await page.waitForSelector('#PaylineWidget[data-pl-state="PAYMENT_SUCCESS"]', { state: 'attached' });
        await Promise.all([page.waitForURL(`${s.shop.url}/return?*`), page.click('#pl-ticket-default-ticket_btn')]);
        assert.equal(await overflows(), false);
        await screenshot(page, 'demo-shop/phone-return-accepted');
        await page.goto(`${s.shop.url}/orders`);
        assert.equal(await overflows(), false);
        await screenshot(page, 'demo-shop/phone-orders');
        assert.deepEqual(errors, []);
      },
    );
  },
);
