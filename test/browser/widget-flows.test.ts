import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TEST_TIMEOUT_MS } from '../support/browser/chromium.js';
import {
  assertNoCspViolation,
  eventsOf,
  opening,
  waitForState,
  widgetPayment,
  type WidgetEvent,
  widgetShop,
} from '../support/browser/widget-page.js';

const TEMPLATES = ['column', 'tab', 'lightbox', 'shortcut'] as const;
type Template = (typeof TEMPLATES)[number];

/** Screenshots of each template, looked at by hand (git-ignored). */
const SHOTS = new URL('../../.screenshots/widget/', import.meta.url);
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) =>
  page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: true });

const listState = (template: Template) =>
  template === 'shortcut' ? 'PAYMENT_METHODS_LIST_SHORTCUT' : 'PAYMENT_METHODS_LIST';

/** Payline's order: the list, the click, the QR code, then the final state announced, then shown. */
const payment = (template: Template, final: string): WidgetEvent[] => [
  ...opening(listState(template)),
  ['beforepayment'],
  ['didshowstate', { state: 'ACTIVE_WAITING' }],
  ['finalstatehasbeenreached', { state: final }],
  ['didshowstate', { state: final }],
];

/**
 * The simulator's phone scans before it pays: a poll landing in those milliseconds shows the
 * scanned state on the way; that step is covered on its own (widget-callbacks), not raced here.
 */
const withoutScanStep = (events: WidgetEvent[]) =>
  events.filter(([name, arg]) => !(name === 'didshowstate' && arg?.state === 'PAYMENT_ONHOLD_PARTNER'));

const text = async (page: Page, selector: string) => (await page.innerText(selector)).replace(/\s+/g, ' ').trim();

/** From the merchant's page to the QR code: the method list, then the buyer chooses Payconiq. */
async function choosePayconiq(page: Page, url: string, template: Template): Promise<void> {
  await page.goto(url);
  await waitForState(page, listState(template));
  assert.equal(await text(page, '.pl-pay-btn'), template === 'shortcut' ? 'Payconiq by Bancontact' : 'Pay €10.00');
  await page.click('.pl-pay-btn');
  await waitForState(page, 'ACTIVE_WAITING');
  assert.ok(await page.isVisible('.pl-qrcode svg path'), 'the QR code');
  assert.ok(await page.isVisible('.pl-sandbox-pay'), 'MAKE A PAYMENT');
  assert.ok(await page.isVisible('.pl-sandbox-abort'), 'ABORT');
  assert.match(await text(page, '.pl-countdown'), /^(19:5\d|20:00)$/);
}

describe(
  'the widget in a merchant page: accepted, aborted, expired, in each template',
  { timeout: 16 * TEST_TIMEOUT_MS },
  () => {
    const w = widgetShop();

    for (const template of TEMPLATES) {
      it(
        `${template}: MAKE A PAYMENT shows the ticket; its button takes the buyer to returnURL; 00000`,
        { timeout: TEST_TIMEOUT_MS },
        async () => {
          const p = await widgetPayment(w.e, w.site, { template, data: { 'redirect-delay': 'off' } });
          const page = await w.e.newPage();
          await choosePayconiq(page, p.url, template);
          await shot(page, `${template}-desktop-waiting`);
          await page.click('.pl-sandbox-pay');
          await waitForState(page, 'PAYMENT_SUCCESS');
          assert.equal(await text(page, '.pl-ticket-title'), 'Payment accepted');
          assert.match(
            await text(page, '.pl-ticket-details'),
            /Merchant Monext Demo Amount €10\.00 Order reference ORDER-1/,
          );
          assert.equal(await page.locator('.pl-qrcode').count(), 0);
          await shot(page, `${template}-desktop-success`);
          assert.deepEqual(withoutScanStep(await eventsOf(page)), payment(template, 'PAYMENT_SUCCESS'));
          await assertNoCspViolation(page);
          await Promise.all([page.waitForURL(p.returnUrl), page.click('#pl-ticket-default-ticket_btn')]);
          assert.equal((await w.e.details(p.token)).field('code'), '00000');
        },
      );

      it(
        `${template}: ABORT shows the ticket, then the widget takes the buyer to cancelURL by itself; 02008`,
        { timeout: TEST_TIMEOUT_MS },
        async () => {
          const p = await widgetPayment(w.e, w.site, { template, data: { 'redirect-delay': '2' } });
          const page = await w.e.newPage();
          await choosePayconiq(page, p.url, template);
          await page.click('.pl-sandbox-abort');
          await waitForState(page, 'PAYMENT_CANCELED');
          assert.equal(await text(page, '.pl-ticket-title'), 'Payment cancelled');
          assert.match(await text(page, '.pl-ticket-redirect'), /^Back to the shop in [12] s$/);
          await shot(page, `${template}-desktop-canceled`);
          assert.deepEqual(withoutScanStep(await eventsOf(page)), payment(template, 'PAYMENT_CANCELED'));
          await assertNoCspViolation(page);
          await page.waitForURL(p.cancelUrl);
          assert.equal((await w.e.details(p.token)).field('code'), '02008');
        },
      );

      it(
        `${template}: left to expire, the live status shows TOKEN_EXPIRED, then returnURL; 02324`,
        { timeout: TEST_TIMEOUT_MS },
        async () => {
          const p = await widgetPayment(w.e, w.site, { template, data: { 'redirect-delay': '1' } });
          const page = await w.e.newPage();
          await choosePayconiq(page, p.url, template);
          w.e.t.clock.advanceMinutes(62);
          await w.e.t.gateway.worker.runOnce();
          await waitForState(page, 'TOKEN_EXPIRED');
          assert.equal(await text(page, '.pl-ticket-title'), 'This payment session has expired');
          await shot(page, `${template}-desktop-expired`);
          assert.deepEqual(await eventsOf(page), payment(template, 'TOKEN_EXPIRED'));
          await assertNoCspViolation(page);
          await page.waitForURL(p.returnUrl);
          assert.equal((await w.e.details(p.token)).field('code'), '02324');
        },
      );
    }
  },
);

describe('the widget on a phone and on a desktop', { timeout: 6 * TEST_TIMEOUT_MS }, () => {
  const w = widgetShop();

  for (const template of TEMPLATES) {
    it(
      `${template}: "open the app" on a phone only, pointing at the payment's link`,
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const desktop = await widgetPayment(w.e, w.site, { template, data: { 'redirect-delay': 'off' } });
        const wide = await w.e.newPage();
        await wide.goto(desktop.url);
        await waitForState(wide, listState(template));
        await shot(wide, `${template}-desktop-list`);

        const p = await widgetPayment(w.e, w.site, { template, data: { 'redirect-delay': 'off' } });
        const context = await w.e.browser.newContext({
          viewport: { width: 390, height: 844 },
          isMobile: true,
          hasTouch: true,
          locale: 'en-US',
        });
        try {
          const phone = await context.newPage();
          await phone.goto(p.url);
          await waitForState(phone, listState(template));
          await shot(phone, `${template}-phone-list`);
          await phone.tap('.pl-pay-btn');
          await waitForState(phone, 'ACTIVE_WAITING');
          const link = (await w.e.t.gateway.deps.sessions.get(p.token))!.partnerPaymentLink;
          assert.ok(await phone.isVisible('.pl-app-link'));
          assert.equal(await phone.getAttribute('.pl-app-link', 'href'), link);
          assert.equal(await text(phone, '.pl-app-link'), 'Open the Payconiq by Bancontact app');
          await shot(phone, `${template}-phone-waiting`);
          await phone.tap('.pl-sandbox-pay');
          await waitForState(phone, 'PAYMENT_SUCCESS');
          await shot(phone, `${template}-phone-success`);
          await assertNoCspViolation(phone);

          await wide.click('.pl-pay-btn');
          await waitForState(wide, 'ACTIVE_WAITING');
          assert.equal(await wide.isVisible('.pl-app-link'), false, 'a desktop scans the QR code');
        } finally {
          await context.close();
        }
      },
    );
  }
});
