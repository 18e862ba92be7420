import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screenshot, TEST_TIMEOUT_MS } from '../support/browser/chromium.js';
import { useE2E } from '../support/browser/e2e-harness.js';
import { doAuthorizationEnvelope } from '../support/direct-payment.js';
import { implEnvelope } from '../support/extended-api.js';

/** doAuthorization at a "till": the buyer's phone opens the payment link the merchant shows as a QR code. */
describe('DirectPayment: the buyer pays the QR code a merchant shows itself', { timeout: 2 * TEST_TIMEOUT_MS }, () => {
  const e = useE2E();

  const details = (transactionId: string) =>
    e.soap('ExtendedAPI', implEnvelope('getTransactionDetails', { transactionId }));

  it(
    'doAuthorization → the QR image and the phone page of the payment link → pay → getTransactionDetails 00000',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const created = await e.soap('DirectPaymentAPI', doAuthorizationEnvelope());
      assert.equal(created.field('code'), '02000', created.body);
      const transactionId = created.field('id')!;
      const links = JSON.parse(created.field('partnerAdditionalData')!) as { paymentLink: string; qrCodeLink: string };

      const page = await e.newPage();
      const qr = await page.goto(links.qrCodeLink);
      assert.equal(qr?.status(), 200);
      assert.match(qr?.headers()['content-type'] ?? '', /^image\//);

      await page.goto(links.paymentLink);
      await page.click('button.scan');
      await page.click('button.pay');
      await screenshot(page, 'direct-phone');
      await e.t.gateway.simulator!.idle();
      const after = await details(transactionId);
      assert.equal(after.field('code'), '00000', after.body);
      assert.equal(after.field('id'), transactionId);
    },
  );
});
