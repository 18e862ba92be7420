/**
 * Screenshots of the buyer-facing pages (hosted page on a desktop and a phone, its outcome and
 * error pages, the simulator's payer page), to compare by eye before and after a change to the
 * views or the stylesheets. The browser's clock is frozen so the countdown reads the same.
 *
 *   node --import tsx scripts/screenshots.ts .screenshots/before
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startE2E, type E2E } from '../test/support/browser/e2e-harness.js';

const out = process.argv[2] ?? '.screenshots/latest';
const DESKTOP = { viewport: { width: 800, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function shoot(
  e: E2E,
  browser: Browser,
  device: typeof DESKTOP | typeof PHONE,
  url: string,
  name: string,
  then?: (page: Page) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ ...device, locale: 'en-US' });
  try {
    const page = await context.newPage();
    await page.clock.setFixedTime(e.t.clock.now());
    await page.goto(url);
    await then?.(page);
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  } finally {
    await context.close();
  }
}

mkdirSync(out, { recursive: true });
const e = await startE2E();
try {
  const open = await e.createPayment({ amount: '1234', orderAmount: '1234', orderRef: 'SHOT-1' });
  await shoot(e, e.browser, DESKTOP, open.redirectURL, 'hosted-desktop');
  await shoot(e, e.browser, PHONE, open.redirectURL, 'hosted-phone');
  let phoneUrl = '';
  await shoot(e, e.browser, DESKTOP, open.redirectURL, 'hosted-desktop-again', async (page) => {
    phoneUrl = (await page.getAttribute('[data-testid="simulator-phone"]', 'href')) ?? '';
  });
  await shoot(e, e.browser, PHONE, phoneUrl, 'payer-phone');
  await shoot(e, e.browser, DESKTOP, phoneUrl, 'payer-desktop');
  await shoot(e, e.browser, PHONE, phoneUrl, 'payer-after-scan', async (page) => {
    await page.click('button.scan');
    await page.waitForSelector('.status-identified');
  });
  await shoot(e, e.browser, PHONE, `${phoneUrl.replace(/[0-9a-f]{24}$/, '0'.repeat(24))}`, 'payer-unknown');

  const paid = await e.createPayment({ orderRef: 'SHOT-2' });
  await shoot(e, e.browser, DESKTOP, paid.redirectURL, 'hosted-final-desktop', async (page) => {
    await page.route('**/v2/status?*', (route) => route.abort());
    await Promise.all([
      page.waitForURL(`${e.shop.returnUrl}?paylinetoken=${paid.token}`),
      page.getByTestId('make-payment').click(),
    ]);
    await page.goto(paid.redirectURL);
  });
  await shoot(e, e.browser, PHONE, paid.redirectURL, 'hosted-final-phone');
  await shoot(e, e.browser, DESKTOP, `${e.t.baseUrl}/v2/?token=NoSuchToken`, 'hosted-unknown');
  await shoot(e, e.browser, DESKTOP, open.redirectURL, 'hosted-fr', async (page) => {
    await page.context().setExtraHTTPHeaders({ 'accept-language': 'fr-BE' });
    await page.reload();
  });
} finally {
  await e.close();
}
console.log(`screenshots in ${out}`);
