import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureFirstOperator } from '../../src/backoffice/first-users.js';
import { firstPointOfSale, OPERATOR } from '../support/back-office-client.js';
import { TEST_TIMEOUT_MS } from '../support/browser/chromium.js';
import { screenshotter, signInAsOperator } from '../support/browser/back-office-pages.js';
import { useE2E } from '../support/browser/e2e-harness.js';
import { notifiedPayment } from '../support/notified-payment.js';
import { startRecordingEndpoint } from '../support/recording-endpoint.js';

const shoot = screenshotter('notifications');

describe('back-office notifications in a browser', { timeout: 4 * TEST_TIMEOUT_MS }, () => {
  const e = useE2E();
  let merchant: Awaited<ReturnType<typeof startRecordingEndpoint>>;
  before(async () => {
    merchant = await startRecordingEndpoint();
  });
  after(() => merchant.close());

  it('the log with its answers, send again from it, and the signature section of a point of sale', async () => {
    const { t } = e;
    await ensureFirstOperator(t.gateway.backOffice, OPERATOR);
    merchant.answers.push({ status: 500, body: '<h1>Server error</h1><script>alert("x")</script> order unknown' });
    const token = await notifiedPayment(t, merchant.url);
    await t.gateway.worker.runOnce();
    t.clock.advanceMinutes(1);
    await t.gateway.worker.runOnce();
    await notifiedPayment(t, 'http://127.0.0.1:9/shop/notify?store=brussels');
    await t.gateway.worker.runOnce();

    const page = await e.newPage();
    const dialogs = await signInAsOperator(page, t.baseUrl);
    const base = `${t.baseUrl}/admin/merchants/${t.merchantId}`;
    await page.goto(`${base}/notifications`);
    assert.equal(await page.getByTestId('attempt').count(), 3);
    await page.locator('details.excerpt summary').last().click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('.table-wrap').evaluate((el) => (el.scrollLeft = 0));
    await shoot(page, 'log');

    // Send again from the page: back on it, told so.
    const row = page.locator(`[data-testid="attempt"]`, { hasText: token }).first();
    await Promise.all([page.waitForURL(/sent=queued/), row.getByRole('button').click()]);
    assert.match(await page.getByTestId('sent-again').innerText(), /queued/);
    await shoot(page, 'sent-again');
    await t.gateway.worker.runOnce();
    await page.goto(`${base}/notifications?reference=${token}&outcome=delivered`);
    assert.equal(await page.getByTestId('attempt').count(), 2);

    const pos = await firstPointOfSale(t, t.merchantId);
    await page.goto(`${base}/points-of-sale/${pos}`);
    await shoot(page, 'pos-unsigned');
    await Promise.all([
      page.waitForLoadState('load'),
      page.waitForNavigation(),
      page.getByTestId('issue-signing-secret').getByRole('button').click(),
    ]);
    assert.match(await page.getByTestId('signing-secret').innerText(), /^whsec_/);
    await shoot(page, 'pos-secret-shown');
    await Promise.all([
      page.waitForLoadState('load'),
      page.waitForNavigation(),
      page.getByTestId('issue-signing-secret').getByRole('button').click(),
    ]);
    await page.goto(`${base}/points-of-sale/${pos}`);
    assert.match(await page.getByTestId('signing-status').innerText(), /previous secret also signs/);
    await shoot(page, 'pos-rotated');
    assert.deepEqual(dialogs, [], 'no script of an answer ran');
  });
});
