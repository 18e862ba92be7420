import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TEST_TIMEOUT_MS } from '../support/browser/chromium.js';
import {
  assertNoCspViolation,
  eventsOf,
  opening,
  waitForState,
  widgetPayment,
  type CheckoutOptions,
  type WidgetEvent,
  widgetShop,
} from '../support/browser/widget-page.js';
import type { Wire } from '../support/wire.js';

const text = async (page: Page, selector: string) => (await page.innerText(selector)).replace(/\s+/g, ' ').trim();
const waitForEvent = (page: Page, name: string) =>
  page.waitForFunction((n) => (window as Wire).events.some((e: unknown[]) => e[0] === n), name);

describe('widget callbacks: order, arguments and the power of false', { timeout: 12 * TEST_TIMEOUT_MS }, () => {
  const w = widgetShop();

  /** A column widget in ACTIVE_WAITING, the QR code shown. */
  async function waiting(opts: CheckoutOptions = {}) {
    const p = await widgetPayment(w.e, w.site, { template: 'column', ...opts });
    const page = await w.e.newPage();
    await page.goto(p.url);
    await waitForState(page, 'PAYMENT_METHODS_LIST');
    await page.click('.pl-pay-btn');
    await waitForState(page, 'ACTIVE_WAITING');
    return { ...p, page };
  }

  it(
    'scanned on the phone: PAYMENT_ONHOLD_PARTNER between ACTIVE_WAITING and PAYMENT_SUCCESS, each state once',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { page, token } = await waiting({ data: { 'redirect-delay': 'off' } });
      const phone = await page.context().newPage();
      await phone.goto((await page.getAttribute('.pl-sandbox-phone', 'href'))!);
      await phone.click('button.scan');
      // Payconiq reports a scan to the identify callback only, which the gateway does not ask for:
      // it learns of it at its next poll of the payment.
      w.e.t.clock.advanceMinutes(1);
      await w.e.t.gateway.worker.runOnce();
      await waitForState(page, 'PAYMENT_ONHOLD_PARTNER');
      assert.equal(await text(page, '.pl-preparing'), 'Scanned: confirm the payment in your app');
      assert.equal(await page.locator('.pl-qrcode').count(), 0, 'no QR code once scanned');
      await phone.click('button.pay');
      await waitForState(page, 'PAYMENT_SUCCESS');
      assert.deepEqual(await eventsOf(page), [
        ...opening('PAYMENT_METHODS_LIST'),
        ['beforepayment'],
        ['didshowstate', { state: 'ACTIVE_WAITING' }],
        ['didshowstate', { state: 'PAYMENT_ONHOLD_PARTNER' }],
        ['finalstatehasbeenreached', { state: 'PAYMENT_SUCCESS' }],
        ['didshowstate', { state: 'PAYMENT_SUCCESS' }],
      ]);
      assert.equal((await w.e.details(token)).field('code'), '00000');
      await assertNoCspViolation(page);
    },
  );

  it(
    'finalstatehasbeenreached returning false: no ticket, no redirection, no didshowstate; the merchant takes over',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { page, url } = await waiting({ vetoes: ['finalstatehasbeenreached'], data: { 'redirect-delay': '0' } });
      await page.click('.pl-sandbox-pay');
      await waitForState(page, 'PAYMENT_SUCCESS');
      await page.waitForTimeout(1500);
      assert.equal(page.url(), url, 'still on the merchant page');
      assert.equal(await page.locator('#pl-ticket-default').count(), 0);
      assert.equal(await page.locator('#PaylineWidget .pl-body').innerText(), '');
      assert.deepEqual((await eventsOf(page)).slice(-2), [
        ['didshowstate', { state: 'ACTIVE_WAITING' }],
        ['finalstatehasbeenreached', { state: 'PAYMENT_SUCCESS' }],
      ]);
      assert.equal(
        await page.evaluate(() => (window as Wire).Payline.Api.getCancelAndReturnUrls().returnUrl),
        w.e.shop.returnUrl,
      );
    },
  );

  it(
    'beforepayment returning false (or a promise of false) vetoes the payment: nothing is created at the partner',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const p = await widgetPayment(w.e, w.site, { template: 'tab', vetoes: ['beforepayment'] });
      const page = await w.e.newPage();
      await page.goto(p.url);
      await waitForState(page, 'PAYMENT_METHODS_LIST');
      await page.click('.pl-pay-btn');
      await page.evaluate(
        () =>
          ((window as Wire).answers.beforepayment = () =>
            new Promise((resolve) => setTimeout(() => resolve(false), 200))),
      );
      await page.click('.pl-pay-btn');
      await page.waitForTimeout(800);
      assert.equal(await page.getAttribute('#PaylineWidget', 'data-pl-state'), 'PAYMENT_METHODS_LIST');
      const session = (await w.e.t.gateway.deps.sessions.get(p.token))!;
      assert.equal(session.resultCode, '02533');
      assert.equal(session.partnerPaymentId, undefined);
      assert.deepEqual(await eventsOf(page), [
        ...opening('PAYMENT_METHODS_LIST'),
        ['beforepayment'],
        ['beforepayment'],
      ]);

      await page.evaluate(() => ((window as Wire).answers.beforepayment = () => Promise.resolve(true)));
      await page.click('.pl-pay-btn');
      await waitForState(page, 'ACTIVE_WAITING');
      assert.ok((await w.e.t.gateway.deps.sessions.get(p.token))!.partnerPaymentId);
    },
  );

  /** Makes the live status unreachable (the actions still go through). */
  const cutLiveStatus = (page: Page, token: string) =>
    page.route(
      (url) => url.pathname === `/v2/widget/sessions/${token}`,
      (route) => route.abort(),
    );

  it(
    'a lost connection: willdisplaymessage({id,type,key,message}) then, once back, willremovemessage({id})',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { page, token } = await waiting();
      await cutLiveStatus(page, token);
      await page.waitForSelector('.pl-message.pl-message-error');
      const shown = (await eventsOf(page)).find(([name]) => name === 'willdisplaymessage') as WidgetEvent;
      const id = shown[1]!.id as string;
      assert.match(id, /^pl-message-\d+$/);
      assert.deepEqual(shown[1], {
        id,
        type: 'error',
        key: 'CONNECTION_LOST',
        message: 'Connection lost, trying again…',
      });
      assert.equal(await page.getAttribute('.pl-message', 'id'), id);
      assert.equal(await page.getAttribute('.pl-message', 'role'), 'alert');
      await page.unrouteAll();
      await page.waitForSelector('.pl-message', { state: 'detached' });
      assert.deepEqual(
        (await eventsOf(page)).filter(([name]) => name.endsWith('message')),
        [shown, ['willremovemessage', { id }]],
      );
      await assertNoCspViolation(page);
    },
  );

  it('willdisplaymessage returning false: the message is not shown', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page, token } = await waiting({ vetoes: ['willdisplaymessage'] });
    await cutLiveStatus(page, token);
    await waitForEvent(page, 'willdisplaymessage');
    assert.equal(await page.locator('.pl-message').count(), 0);
  });

  it(
    'willremovemessage returning false: the message stays, also when its close button is pressed; true lets it go',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { page, token } = await waiting({ vetoes: ['willremovemessage'] });
      await cutLiveStatus(page, token);
      await page.waitForSelector('.pl-message');
      await page.unrouteAll();
      await waitForEvent(page, 'willremovemessage');
      await page.click('.pl-message .pl-icon-close');
      assert.equal(await page.locator('.pl-message').count(), 1);
      assert.equal((await eventsOf(page)).filter(([name]) => name === 'willremovemessage').length, 2);
      await page.evaluate(() => delete (window as Wire).answers.willremovemessage);
      await page.click('.pl-message .pl-icon-close');
      assert.equal(await page.locator('.pl-message').count(), 0);
    },
  );
});

describe('widget options beyond Payline, and what modules do today', { timeout: 8 * TEST_TIMEOUT_MS }, () => {
  const w = widgetShop();

  it(
    'data-cta-label sets the call to action ({{amount}} or [[amount]] is the amount)',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const p = await widgetPayment(
        w.e,
        w.site,
        { template: 'column', data: { 'cta-label': 'Payer {{amount}} maintenant ([[amount]])' } },
        { amount: '2500', orderAmount: '2500' },
      );
      const page = await w.e.newPage();
      await page.goto(p.url);
      await waitForState(page, 'PAYMENT_METHODS_LIST');
      assert.equal(await text(page, '.pl-pay-btn'), 'Payer €25.00 maintenant (€25.00)');
    },
  );

  it(
    "a module's relabelling in didshowstate(PAYMENT_METHODS_LIST) finds the button and keeps working",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const p = await widgetPayment(w.e, w.site, { template: 'tab' });
      const page = await w.e.newPage();
      await page.addInitScript(() => {
        // What PrestaShop's module does, minus innerHTML (the page's CSP has Trusted Types).
        (window as Wire).moduleRelabel = (event: { state: string }) => {
          if (event.state !== 'PAYMENT_METHODS_LIST') return;
          const info = (window as Wire).Payline.Api.getContextInfo('PaylineFormattedAmount');
          document
            .querySelectorAll('.PaylineWidget .pl-pay-btn, .PaylineWidget .pl-btn')
            .forEach((b) => (b.textContent = `Payer ${info}`));
        };
      });
      await page.goto(p.url);
      await page.evaluate(() => ((window as Wire).answers.didshowstate = (window as Wire).moduleRelabel));
      await page.evaluate(() => (window as Wire).Payline.Api.reset());
      await waitForState(page, 'PAYMENT_METHODS_LIST');
      assert.equal(await text(page, '.pl-pay-btn'), 'Payer EUR10.00');
    },
  );

  it('data-skip-ticket: straight to returnURL once paid, no ticket', { timeout: TEST_TIMEOUT_MS }, async () => {
    const p = await widgetPayment(w.e, w.site, { template: 'lightbox', data: { 'skip-ticket': 'true' } });
    const page = await w.e.newPage();
    await page.goto(p.url);
    await waitForState(page, 'PAYMENT_METHODS_LIST');
    await page.click('.pl-pay-btn');
    await waitForState(page, 'ACTIVE_WAITING');
    await Promise.all([page.waitForURL(p.returnUrl), page.click('.pl-sandbox-pay')]);
  });

  it(
    "the modules' way to skip the ticket (click #pl-ticket-default-ticket_btn after finalstatehasbeenreached) still works",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const p = await widgetPayment(w.e, w.site, { template: 'column', data: { 'redirect-delay': 'off' } });
      const page = await w.e.newPage();
      await page.goto(p.url);
      await page.evaluate(() => {
        (window as Wire).answers.finalstatehasbeenreached = (event: { state: string }) => {
          if (event.state === 'PAYMENT_SUCCESS')
            setTimeout(() => document.getElementById('pl-ticket-default-ticket_btn')?.click(), 0);
        };
      });
      await waitForState(page, 'PAYMENT_METHODS_LIST');
      await page.click('.pl-pay-btn');
      await waitForState(page, 'ACTIVE_WAITING');
      await Promise.all([page.waitForURL(p.returnUrl), page.click('.pl-sandbox-pay')]);
    },
  );

  it(
    "the shop's own style sheet overrides the defaults; the defaults load under the nonce",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const p = await widgetPayment(w.e, w.site, { template: 'column' });
      const page = await w.e.newPage();
      await page.goto(p.url);
      await waitForState(page, 'PAYMENT_METHODS_LIST');
      const style = await page.$eval('.pl-pay-btn', (b) => ({
        radius: getComputedStyle(b).borderTopLeftRadius,
        background: getComputedStyle(b).backgroundColor,
      }));
      assert.deepEqual(style, { radius: '24px', background: 'rgb(255, 71, 133)' });
      assert.deepEqual(await page.$eval('#PaylineWidget', (d) => [...d.classList]), [
        'PaylineWidget',
        'pl-container-default',
        'pl-layout-column',
      ]);
      await assertNoCspViolation(page);
    },
  );

  it(
    'a page without the style sheet link: the widget adds it first in <head>, with the page nonce',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const p = await widgetPayment(w.e, w.site, { template: 'column', withoutStyleSheet: true });
      const page = await w.e.newPage();
      await page.goto(p.url);
      await waitForState(page, 'PAYMENT_METHODS_LIST');
      await page.waitForFunction(
        () => getComputedStyle(document.querySelector('.pl-pay-btn')!).backgroundColor === 'rgb(255, 71, 133)',
      );
      assert.equal(
        await page.$eval('head link', (l) => (l as HTMLLinkElement).href),
        `${w.e.t.baseUrl}/styles/widget-min.css`,
      );
      await assertNoCspViolation(page);
    },
  );

  it(
    "the page's CSP is real: a widget script tag without the nonce is blocked",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const p = await widgetPayment(w.e, w.site, { template: 'column', scriptWithoutNonce: true });
      const page = await w.e.newPage();
      await page.goto(p.url);
      await page.waitForFunction(() => (window as Wire).violations.length > 0);
      assert.equal(await page.evaluate(() => typeof (window as Wire).Payline), 'undefined');
      assert.match(
        (await page.evaluate(() => (window as Wire).violations)).join(),
        /^script-src-elem .*\/scripts\/widget-min\.js$/,
      );
    },
  );
});
