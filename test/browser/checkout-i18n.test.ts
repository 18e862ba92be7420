import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, TEST_TIMEOUT_MS } from '../support/browser/chromium.js';
import { assertFinalOutcome, clickAndLand, freezeLiveStatus, textOf, useE2E } from '../support/browser/e2e-harness.js';

interface Expected {
  lang: string;
  title: string;
  payWith: string;
  orderLabel: string;
  amount: string;
  simulator: string;
  cancel: string;
}

const FRENCH: Expected = {
  lang: 'fr',
  title: 'Paiement',
  payWith: 'Payer avec Payconiq by Bancontact',
  orderLabel: 'Référence de commande',
  amount: '12,34 €',
  simulator: "Simulateur d'homologation",
  cancel: 'Annuler et revenir à la boutique',
};
const DUTCH: Expected = {
  lang: 'nl',
  title: 'Betaling',
  payWith: 'Betalen met Payconiq by Bancontact',
  orderLabel: 'Bestelreferentie',
  amount: '€ 12,34',
  simulator: 'Homologatiesimulator',
  cancel: 'Annuleren en terug naar de winkel',
};
const GERMAN: Expected = {
  lang: 'de',
  title: 'Zahlung',
  payWith: 'Mit Payconiq by Bancontact bezahlen',
  orderLabel: 'Bestellreferenz',
  amount: '12,34 €',
  simulator: 'Homologationssimulator',
  cancel: 'Abbrechen und zum Shop zurückkehren',
};
const ENGLISH: Expected = {
  lang: 'en',
  title: 'Payment',
  payWith: 'Pay with Payconiq by Bancontact',
  orderLabel: 'Order reference',
  amount: '€12.34',
  simulator: 'Homologation simulator',
  cancel: 'Cancel and return to the shop',
};

async function assertLanguage(page: Page, x: Expected): Promise<void> {
  assert.equal(await page.locator('html').getAttribute('lang'), x.lang);
  assert.equal(await page.title(), x.title);
  assert.equal(((await page.locator('h1').textContent()) ?? '').trim(), x.payWith);
  assert.equal(await textOf(page, 'amount'), x.amount);
  const body = ((await page.locator('body').textContent()) ?? '').replace(/\s+/g, ' ');
  assert.ok(body.includes(`${x.orderLabel}: E2E-I18N`), `order label in ${x.lang}: ${body}`);
  assert.ok(body.includes(x.simulator), `simulator heading in ${x.lang}: ${body}`);
  assert.equal(await textOf(page, 'cancel'), x.cancel);
  // The simulator's buttons keep Payline's names in every language.
  assert.equal(await textOf(page, 'make-payment'), 'MAKE A PAYMENT');
  assert.equal(await textOf(page, 'abort'), 'ABORT');
}

describe('hosted payment page languages', { timeout: 8 * TEST_TIMEOUT_MS }, () => {
  const e = useE2E();

  const payment = (languageCode: string) =>
    e.createPayment({ languageCode, amount: '1234', orderAmount: '1234', orderRef: 'E2E-I18N' });

  it('languageCode fr renders French, including the final outcome', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { token, redirectURL } = await payment('fr');
    const page = await e.newPage({ locale: 'en-US' });
    await page.goto(redirectURL);
    await assertLanguage(page, FRENCH);
    await screenshot(page, 'payment-page-fr');
    await clickAndLand(page, 'make-payment', `${e.shop.returnUrl}?paylinetoken=${token}`);
    await page.goto(redirectURL);
    await assertFinalOutcome(page, '00000', 'Paiement accepté');
    assert.equal(((await page.getByRole('link').textContent()) ?? '').trim(), 'Revenir à la boutique');
  });

  it('languageCode FR_fr (Payline style) also renders French', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { redirectURL } = await payment('FR_fr');
    const page = await e.newPage({ locale: 'de-DE' });
    await page.goto(redirectURL);
    await assertLanguage(page, FRENCH);
  });

  it('languageCode nl renders Dutch, even for a German browser', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { redirectURL } = await payment('nl');
    const page = await e.newPage({ locale: 'de-DE' });
    await page.goto(redirectURL);
    await assertLanguage(page, DUTCH);
  });

  it('without languageCode, Accept-Language de renders German', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { redirectURL } = await payment('');
    const page = await e.newPage({ locale: 'de-DE' });
    const response = await page.goto(redirectURL);
    assert.match((await response!.request().allHeaders())['accept-language'] ?? '', /^de/);
    await assertLanguage(page, GERMAN);
  });

  it(
    'without languageCode, a language the page does not have falls back to English',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { redirectURL } = await payment('');
      const page = await e.newPage({ locale: 'es-ES' });
      await page.goto(redirectURL);
      await assertLanguage(page, ENGLISH);
    },
  );

  it('the expired outcome is translated too (nl)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { redirectURL } = await payment('nl');
    const page = await e.newPage();
    await freezeLiveStatus(page);
    await page.goto(redirectURL);
    e.t.clock.advanceMinutes(61);
    await page.reload();
    await assertFinalOutcome(page, '02324', 'Deze betaalsessie is verlopen');
  });
});
