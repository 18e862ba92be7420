import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { doAuthorizationEnvelope } from '../support/direct-payment.js';
import { soapAnswer, type SoapAnswer } from '../support/soap-client.js';
import { HOOK_TIMEOUT_MS, startE2E, TEST_TIMEOUT_MS, type E2E } from '../support/browser/e2e-harness.js';

/** doAuthorization at a "till": the buyer's phone opens the payment link the merchant shows as a QR code. */
describe('DirectPayment: the buyer pays the QR code a merchant shows itself', { timeout: 2 * TEST_TIMEOUT_MS }, () => {
  let e: E2E;
  before(async () => {
    e = await startE2E();
  }, { timeout: HOOK_TIMEOUT_MS });
  after(() => e?.close(), { timeout: HOOK_TIMEOUT_MS });

  const soap = async (service: string, envelope: string): Promise<SoapAnswer> => {
    const res = await fetch(`${e.t.baseUrl}/V4/services/${service}`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', authorization: e.t.authorization }, body: envelope });
    return soapAnswer(res.status, await res.text());
  };
  const details = (transactionId: string) =>
    soap('ExtendedAPI', `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><getTransactionDetailsRequest xmlns="http://impl.ws.payline.experian.com"><version>34</version><transactionId>${transactionId}</transactionId></getTransactionDetailsRequest></s:Body></s:Envelope>`);

  it('doAuthorization → the QR image and the phone page of the payment link → pay → getTransactionDetails 00000', { timeout: TEST_TIMEOUT_MS }, async () => {
    const created = await soap('DirectPaymentAPI', doAuthorizationEnvelope());
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
    await page.screenshot({ path: '/tmp/passerelle-e2e-direct-phone.png', fullPage: true });
    await e.t.gateway.simulator!.idle();
    const after = await details(transactionId);
    assert.equal(after.field('code'), '00000', after.body);
    assert.equal(after.field('id'), transactionId);
  });
});
