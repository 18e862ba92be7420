import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  doWebPaymentEnvelope,
  getWebPaymentDetailsEnvelope,
  soapAnswer,
  type DoWebPaymentFields,
  type SoapAnswer,
} from '../soap-client.js';
import { useSuiteFixture } from '../suite-fixture.js';
import { startTestGateway, type TestGateway } from '../test-gateway.js';
import { ACTION_TIMEOUT_MS, HOOK_TIMEOUT_MS, launchChromium, newBrowserContext, type PageOptions } from './chromium.js';
import { startMerchantShop, type MerchantShop } from './merchant-shop.js';

export interface E2E {
  t: TestGateway;
  shop: MerchantShop;
  browser: Browser;
  /** A fresh browser profile (cookies, cache) with bounded timeouts, closed with the suite. */
  newContext(opts?: PageOptions): Promise<BrowserContext>;
  /** A page in a fresh context. */
  newPage(opts?: PageOptions): Promise<Page>;
  /** A SOAP call over real HTTP, as the merchant's server makes it (the demo merchant's, unless told). */
  soap(service: string, envelope: string, authorization?: string): Promise<SoapAnswer>;
  /**
   * doWebPayment over real HTTP, return/cancel/notification URLs pointing at the shop. Returns token and redirectURL.
   */
  createPayment(fields?: DoWebPaymentFields, authorization?: string): Promise<{ token: string; redirectURL: string }>;
  /** getWebPaymentDetails over real HTTP. */
  details(token: string): Promise<SoapAnswer>;
  close(): Promise<void>;
}

/**
 * The suite's gateway (on a real port), merchant shop and headless Chromium: started before its
 * first test, closed after its last. Call it in a describe() body; read it in the tests.
 */
export function useE2E(): E2E {
  return useSuiteFixture(startE2E, (e) => e.close(), { timeoutMs: HOOK_TIMEOUT_MS });
}

/** The same, for a script that drives it itself (scripts/screenshots.ts). */
export async function startE2E(): Promise<E2E> {
  const t = await startTestGateway();
  const shop = await startMerchantShop().catch(async (err) => {
    await t.close();
    throw err;
  });
  const browser = await launchChromium().catch(async (err) => {
    await shop.close();
    await t.close();
    throw err;
  });
  const contexts: BrowserContext[] = [];

  const newContext = async (opts: PageOptions = {}) => {
    const context = await newBrowserContext(browser, opts);
    contexts.push(context);
    return context;
  };
  const soap = async (service: string, envelope: string, authorization = t.authorization) => {
    const res = await fetch(`${t.baseUrl}/V4/services/${service}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', authorization },
      body: envelope,
      signal: AbortSignal.timeout(ACTION_TIMEOUT_MS),
    });
    return soapAnswer(res.status, await res.text());
  };

  return {
    t,
    shop,
    browser,
    newContext,
    async newPage(opts) {
      return (await newContext(opts)).newPage();
    },
    soap,
    async createPayment(fields = {}, authorization) {
      const created = await soap(
        'WebPaymentAPI',
        doWebPaymentEnvelope({
          returnURL: shop.returnUrl,
          cancelURL: shop.cancelUrl,
          notificationURL: shop.notificationUrl,
          ...fields,
        }),
        authorization,
      );
      assert.equal(created.status, 200, created.body);
      assert.equal(created.field('code'), '00000', created.body);
      const token = created.field('token');
      const redirectURL = created.field('redirectURL');
      assert.ok(token && redirectURL, created.body);
      assert.equal(redirectURL, `${t.baseUrl}/v2/?token=${token}`);
      return { token, redirectURL };
    },
    details: (token) => soap('WebPaymentAPI', getWebPaymentDetailsEnvelope(token)),
    async close() {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await browser.close().catch(() => undefined);
      await shop.close().catch(() => undefined);
      await t.close();
    },
  };
}

/** Text of an element with runs of whitespace (including the no-break spaces of formatted amounts) as one space. */
export async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Clicks a button that submits a form and waits until the browser has landed on `url`. */
export async function clickAndLand(page: Page, testId: string, url: string): Promise<void> {
  await Promise.all([page.waitForURL(url), page.getByTestId(testId).click()]);
}

/**
 * Makes a hosted page's live status poll go unanswered, as in a background tab the browser
 * throttles: the page keeps its buttons after the payment ended elsewhere, instead of following
 * the buyer to the shop on its own within two seconds (which would race the test's next click).
 */
export async function freezeLiveStatus(page: Page): Promise<void> {
  await page.route('**/v2/status?*', (route) => route.abort());
}

/**
 * Double-clicks a hosted-page button and waits until the page lands on `url`. Nothing on the page
 * stops a second submit, so the browser posts the form twice and cancels the first navigation when
 * the second starts: that cancelled navigation is what the buyer's double click does, not a failure.
 */
export async function doubleClickAndLand(page: Page, testId: string, url: string): Promise<void> {
  await Promise.all([landThroughCancelledNavigations(page, url), page.getByTestId(testId).dblclick()]);
}

async function landThroughCancelledNavigations(page: Page, url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.waitForURL(url);
    } catch (error) {
      if (attempt === 3 || !String(error).includes('ERR_ABORTED')) throw error;
    }
  }
}

/** Asserts the hosted page shows a final outcome (and no way left to pay or cancel). */
export async function assertFinalOutcome(page: Page, resultCode: string, heading: string): Promise<void> {
  assert.equal(await page.getByTestId('outcome').getAttribute('data-result-code'), resultCode);
  assert.equal(((await page.locator('[data-testid="outcome"] h1').textContent()) ?? '').trim(), heading);
  for (const action of ['make-payment', 'abort', 'cancel']) {
    assert.equal(await page.getByTestId(action).count(), 0, `no ${action} button on a final page`);
  }
}

/** Asserts the hosted page still waits for the payment, with the simulator's buttons. */
export async function assertOpenPage(page: Page, resultCode = '02306'): Promise<void> {
  assert.equal(await page.getByTestId('status').getAttribute('data-result-code'), resultCode);
  assert.equal(await page.getByTestId('outcome').count(), 0);
  for (const action of ['make-payment', 'abort', 'cancel']) {
    assert.ok(await page.getByTestId(action).isVisible(), `${action} button visible`);
  }
}
