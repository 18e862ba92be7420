import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureFirstOperator } from '../../src/backoffice/first-users.js';
import { OPERATOR } from '../support/back-office-client.js';
import { TEST_TIMEOUT_MS } from '../support/browser/chromium.js';
import { screenshotter, signInAsOperator } from '../support/browser/back-office-pages.js';
import { useE2E } from '../support/browser/e2e-harness.js';
import { acceptedPayment } from '../support/notified-payment.js';
import { startRecordingEndpoint } from '../support/recording-endpoint.js';

const shoot = screenshotter('transaction');

describe('back-office transaction detail in a browser', { timeout: 4 * TEST_TIMEOUT_MS }, () => {
  const e = useE2E();
  let shop: Awaited<ReturnType<typeof startRecordingEndpoint>>;
  before(async () => {
    shop = await startRecordingEndpoint();
  });
  after(() => shop.close());

  it('the page, a refund typed with the keyboard, a refused one next to its field', async () => {
    const { t } = e;
    await ensureFirstOperator(t.gateway.backOffice, OPERATOR);
    const { transactionId } = await acceptedPayment(t, {
      notificationURL: shop.url,
      amount: '4990',
      orderRef: 'CMD-2026-0042',
    });
    await t.gateway.worker.runOnce();

    const page = await e.newPage();
    const dialogs = await signInAsOperator(page, t.baseUrl);
    const url = `${t.baseUrl}/admin/merchants/${t.merchantId}/transactions/${transactionId}`;
    await page.goto(url);
    assert.match(await page.getByTestId('history-entry').last().innerText(), /ACCEPTED/);
    await shoot(page, 'payment');

    // The keyboard alone: the amount field by its label, Enter submits.
    await page.getByLabel(/^Amount/).focus();
    await page.keyboard.type('12,50');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Damaged box');
    await Promise.all([page.waitForURL(/refunded=\d{14}$/), page.keyboard.press('Enter')]);
    assert.match(await page.getByTestId('refund-done').innerText(), /of €12\.50 requested/);
    assert.equal(await page.getByTestId('refund').count(), 1);
    await shoot(page, 'refunded');

    await page.getByLabel(/^Amount/).fill('40');
    await Promise.all([
      page.waitForLoadState('load'),
      page.waitForNavigation(),
      page.getByTestId('refund-submit').click(),
    ]);
    assert.match(await page.getByTestId('problem-amount').innerText(), /02613/);
    assert.equal(await page.getByLabel(/^Amount/).getAttribute('aria-invalid'), 'true');
    await shoot(page, 'refused');
    assert.deepEqual(dialogs, []);
  });
});
