import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { validSessionBody } from '../support/rest-client.js';
import { TEST_TIMEOUT_MS } from '../support/browser/chromium.js';
import {
  assertNoCspViolation,
  eventsOf,
  opening,
  waitForState,
  widgetPayment,
  widgetShop,
} from '../support/browser/widget-page.js';
import type { Wire } from '../support/wire.js';

/** Calls `Payline.Api[name](...args)` in the page. */
const api = (page: Page, name: string, ...args: unknown[]) =>
  page.evaluate(([n, a]) => (window as Wire).Payline.Api[n as string](...(a as unknown[])), [name, args] as const);

/** `getTokenStatus(token, callback)`: what the callback receives. */
const tokenStatus = (page: Page, token: string) =>
  page.evaluate((t) => new Promise((resolve) => (window as Wire).Payline.Api.getTokenStatus(t, resolve)), token);

describe('Payline.Api in a merchant page', { timeout: 12 * TEST_TIMEOUT_MS }, () => {
  const w = widgetShop();

  it(
    "the session's data: token, context keys, ways back, language, order, sandbox; the casing variants",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const p = await widgetPayment(
        w.e,
        w.site,
        { template: 'column' },
        { amount: '1999', orderAmount: '2000', orderRef: 'API-1', firstName: 'Jan', lastName: 'Peeters' },
      );
      const page = await w.e.newPage();
      await page.goto(p.url);
      await waitForState(page, 'PAYMENT_METHODS_LIST');
      assert.equal(await api(page, 'getToken'), p.token);
      const info = await page.evaluate(() =>
        Object.fromEntries(
          [
            'PaylineAmountSmallestUnit',
            'PaylineCurrencyDigits',
            'PaylineCurrencyCode',
            'PaylineFormattedAmount',
            'PaylineOrderRef',
            'PaylineOrderDate',
            'PaylineBuyerFirstName',
            'PaylineBuyerLastName',
            'PaylineBuyerMobilePhone',
          ].map((k) => [k, (window as Wire).Payline.Api.getContextInfo(k) ?? null]),
        ),
      );
      assert.deepEqual(info, {
        PaylineAmountSmallestUnit: 1999,
        PaylineCurrencyDigits: 2,
        PaylineCurrencyCode: 'EUR',
        PaylineFormattedAmount: 'EUR19.99',
        PaylineOrderRef: 'API-1',
        PaylineOrderDate: '26/11/2026 10:00',
        PaylineBuyerFirstName: 'Jan',
        PaylineBuyerLastName: 'Peeters',
        PaylineBuyerMobilePhone: null,
      });
      assert.deepEqual(await api(page, 'getCancelAndReturnUrls'), {
        cancelUrl: w.e.shop.cancelUrl,
        returnUrl: w.e.shop.returnUrl,
      });
      assert.equal(await api(page, 'getLanguage'), 'en');
      assert.deepEqual(await api(page, 'getOrderInfos'), {
        ref: 'API-1',
        amount: 2000,
        currency: 'EUR',
        date: '26/11/2026 10:00',
        country: 'BE',
      });
      assert.equal(await api(page, 'isSandbox'), true);
      assert.equal(await api(page, 'isSandBox'), true);
      assert.equal(await api(page, 'getRecurringDetails'), null);
      assert.equal(await api(page, 'getFragmentedPaymentInfo'), null);
      assert.deepEqual(await api(page, 'getCssIframeWhiteList'), []);
      assert.deepEqual(await api(page, 'getBuyerShortCut'), {
        email: '',
        firstName: 'Jan',
        lastName: 'Peeters',
        street1: '',
        street2: '',
        zipCode: '',
        cityName: '',
        country: '',
      });
      assert.equal(
        await page.evaluate(() =>
          (window as Wire).Payline.Models.Contexts.ContextManager.getCurrentContext().getCancelUrl(),
        ),
        w.e.shop.cancelUrl,
      );
      const variants = await page.evaluate(() => {
        const a = (window as Wire).Payline.Api;
        return [
          a.finalizeShortcut === a.finalizeShortCut,
          a.getBuyerShortcut === a.getBuyerShortCut,
          a.updateWebpaymentData === a.updateWebPaymentData,
          a.isSandbox === a.isSandBox,
        ];
      });
      assert.deepEqual(variants, [true, true, true, true]);
      assert.equal(await api(page, 'finalizeShortcut'), undefined, 'nothing to confirm for Payconiq');
      await assertNoCspViolation(page);
    },
  );

  it(
    'updateWebpaymentData is refused (403): the amount of a session never changes from the browser',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const p = await widgetPayment(w.e, w.site, { template: 'column' });
      const page = await w.e.newPage();
      await page.goto(p.url);
      await waitForState(page, 'PAYMENT_METHODS_LIST');
      const answer = await page.evaluate(
        (t) =>
          new Promise((resolve) =>
            (window as Wire).Payline.Api.updateWebPaymentData(t, { payment: { amount: 1, currency: 978 } }, resolve),
          ),
        p.token,
      );
      assert.equal((answer as { status: number }).status, 403);
      assert.equal((await w.e.t.gateway.deps.sessions.get(p.token))!.amount, 1000);
    },
  );

  it(
    'getTokenStatus(token, callback): ALIVE, then EXPIRED once paid; UNKNOWN for a token never given or malformed',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const p = await widgetPayment(w.e, w.site, { template: 'column', data: { 'redirect-delay': 'off' } });
      const page = await w.e.newPage();
      await page.goto(p.url);
      await waitForState(page, 'PAYMENT_METHODS_LIST');
      assert.equal(await tokenStatus(page, p.token), 'ALIVE');
      assert.equal(await tokenStatus(page, 'NoSuchToken0000000000'), 'UNKNOWN');
      assert.equal(await tokenStatus(page, 'not a token'), 'UNKNOWN');
      await page.click('.pl-pay-btn');
      await waitForState(page, 'ACTIVE_WAITING');
      await page.click('.pl-sandbox-pay');
      await waitForState(page, 'PAYMENT_SUCCESS');
      assert.equal(await tokenStatus(page, p.token), 'EXPIRED');
    },
  );

  it(
    'show, hide, toggle; the lightbox closes by its button and by Escape, and show() brings it back',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const p = await widgetPayment(w.e, w.site, { template: 'lightbox' });
      const page = await w.e.newPage();
      await page.goto(p.url);
      await waitForState(page, 'PAYMENT_METHODS_LIST');
      const visible = () => page.isVisible('.pl-lightbox');
      assert.equal(await visible(), true);
      await api(page, 'hide');
      assert.equal(await visible(), false);
      await api(page, 'toggle');
      assert.equal(await visible(), true);
      await page.click('#pl-container-lightbox-close');
      assert.equal(await visible(), false);
      await api(page, 'show');
      assert.equal(await visible(), true);
      await page.keyboard.press('Escape');
      assert.equal(await visible(), false);
      await api(page, 'toggle');
      assert.equal(await visible(), true);
      assert.ok(await page.isVisible('#pl-container-lightbox-header-bar'));
    },
  );

  it(
    'data-auto-init="false": nothing until init(); init(token, template) and reset(token, template) start again, callbacks again',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const p = await widgetPayment(w.e, w.site, { autoInit: false });
      const other = await widgetPayment(w.e, w.site);
      const page = await w.e.newPage();
      await page.goto(p.url);
      await page.waitForTimeout(500);
      assert.equal(await page.locator('#PaylineWidget > *').count(), 0);
      assert.deepEqual(await eventsOf(page), []);

      await api(page, 'init');
      await waitForState(page, 'PAYMENT_METHODS_LIST');
      assert.ok(await page.isVisible('.pl-lightbox'), 'no data-template: the lightbox, as Payline');
      assert.deepEqual(await eventsOf(page), opening('PAYMENT_METHODS_LIST'));
      await api(page, 'init');
      assert.equal((await eventsOf(page)).length, 3, 'init() on a running widget changes nothing');

      await api(page, 'reset', other.token, 'tab');
      await page.waitForSelector('.pl-tab.pl-active');
      assert.equal(await api(page, 'getToken'), other.token);
      assert.equal(await page.getAttribute('#PaylineWidget', 'data-token'), other.token);
      assert.deepEqual(await page.$eval('#PaylineWidget', (d) => [...d.classList]), [
        'PaylineWidget',
        'pl-container-default',
        'pl-layout-tab',
      ]);
      assert.equal(await page.locator('.pl-lightbox').count(), 0);

      await api(page, 'init', p.token, 'shortcut');
      await waitForState(page, 'PAYMENT_METHODS_LIST_SHORTCUT');
      assert.equal(await api(page, 'getToken'), p.token);
      assert.deepEqual(await eventsOf(page), [
        ...opening('PAYMENT_METHODS_LIST'),
        ...opening('PAYMENT_METHODS_LIST'),
        ...opening('PAYMENT_METHODS_LIST_SHORTCUT'),
      ]);
      await assertNoCspViolation(page);
    },
  );

  it(
    'endToken(additionalData, callback, spinner, handledByMerchant=true): the session is cancelled, the widget shows nothing and stays',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const p = await widgetPayment(w.e, w.site, { template: 'column', data: { 'redirect-delay': '0' } });
      const page = await w.e.newPage();
      await page.goto(p.url);
      await waitForState(page, 'PAYMENT_METHODS_LIST');
      await page.click('.pl-pay-btn');
      await waitForState(page, 'ACTIVE_WAITING');
      const called = await page.evaluate(
        () => new Promise((resolve) => (window as Wire).Payline.Api.endToken({ reason: 'shop' }, resolve, true, true)),
      );
      assert.deepEqual(called, { state: 'PAYMENT_CANCELED', token: p.token });
      await page.waitForTimeout(1000);
      assert.equal(page.url(), p.url);
      assert.equal(await page.locator('#pl-ticket-default').count(), 0);
      assert.deepEqual((await eventsOf(page)).at(-1), ['finalstatehasbeenreached', { state: 'PAYMENT_CANCELED' }]);
      assert.equal((await w.e.details(p.token)).field('code'), '02008');
    },
  );

  it(
    'endToken with handledByMerchant=false: the cancelled ticket, then cancelURL',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const p = await widgetPayment(w.e, w.site, { template: 'tab', data: { 'redirect-delay': '1' } });
      const page = await w.e.newPage();
      await page.goto(p.url);
      await waitForState(page, 'PAYMENT_METHODS_LIST');
      await api(page, 'endToken', null, null, false, false);
      await waitForState(page, 'PAYMENT_CANCELED');
      assert.ok(await page.isVisible('#pl-ticket-default-ticket_btn'));
      await page.waitForURL(p.cancelUrl);
    },
  );

  it('an unknown token: an error message (key TOKEN_UNKNOWN), no state', { timeout: TEST_TIMEOUT_MS }, async () => {
    const page = await w.e.newPage();
    await page.goto(w.site.url('NoSuchToken0000000000', { template: 'column' }));
    await page.waitForSelector('.pl-message.pl-message-error');
    assert.equal((await page.innerText('.pl-message-text')).trim(), 'No payment session has this token');
    assert.deepEqual(
      (await eventsOf(page)).map(([name, arg]) => [name, arg?.key]),
      [
        ['willinit', undefined],
        ['willshow', undefined],
        ['willdisplaymessage', 'TOKEN_UNKNOWN'],
      ],
    );
    assert.equal(await page.getAttribute('#PaylineWidget', 'data-pl-state'), null);
    await assertNoCspViolation(page);
  });

  it(
    "a REST sessionId as data-token, in the buyer's language (fr): the widget pays it",
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const res = await fetch(`${w.e.t.baseUrl}/v1/checkout/sessions`, {
        method: 'POST',
        headers: { authorization: w.e.t.authorization, 'content-type': 'application/json' },
        body: JSON.stringify(validSessionBody({ returnURL: w.e.shop.returnUrl, cancelURL: w.e.shop.cancelUrl })),
      });
      assert.equal(res.status, 201);
      const { sessionId } = (await res.json()) as { sessionId: string };
      const page = await w.e.newPage({ locale: 'fr-BE' });
      await page.goto(w.site.url(sessionId, { template: 'column', data: { 'redirect-delay': 'off' } }));
      await waitForState(page, 'PAYMENT_METHODS_LIST');
      assert.equal(await api(page, 'getLanguage'), 'fr');
      assert.equal((await page.innerText('.pl-pay-btn')).replace(/\s/g, ' '), 'Payer 10,00 €');
      await page.click('.pl-pay-btn');
      await waitForState(page, 'ACTIVE_WAITING');
      await page.click('.pl-sandbox-pay');
      await waitForState(page, 'PAYMENT_SUCCESS');
      assert.equal((await page.innerText('.pl-ticket-title')).trim(), 'Paiement accepté');
      await Promise.all([
        page.waitForURL(`${w.e.shop.returnUrl}?paylinetoken=${sessionId}`),
        page.click('#pl-ticket-default-ticket_btn'),
      ]);
    },
  );
});
