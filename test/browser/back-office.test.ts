import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ensureFirstOperator } from '../../src/backoffice/first-users.js';
import { OPERATOR, totpNow } from '../support/back-office-client.js';
import { screenshotter } from '../support/browser/back-office-pages.js';
import { TEST_TIMEOUT_MS } from '../support/browser/chromium.js';
import { clickAndLand, useE2E } from '../support/browser/e2e-harness.js';
import { settleRefunds } from '../support/refund-client.js';

const shoot = screenshotter('back-office');

/** Submits the form of the button and waits for the page it leads to. */
async function submit(page: Page, testId: string) {
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.getByTestId(testId).click()]);
}

const SHOP_USER = { email: 'owner@shop.example', password: 'shop owner password 1' };
const PROFILE = { apiKey: 'bo-browser-api-key-0123456789', ppid: 'b0b0b0b0b0b0b0b0b0b0b0b0' };

describe('back-office in a browser', { timeout: 12 * TEST_TIMEOUT_MS }, () => {
  const e = useE2E();

  it(
    'an operator signs in, creates a merchant and its administrator; that user turns TOTP on, signs in with it, configures a point of sale (the 61 warning, fixed) and a Payconiq contract, tests its connection, finds a payment of the hosted page in the list, refunds part of it and sees the shop get its TRS; a read-only user cannot refund; nobody reaches another merchant’s transaction',
    { timeout: 11 * TEST_TIMEOUT_MS },
    async () => {
      const { t } = e;
      await ensureFirstOperator(t.gateway.backOffice, OPERATOR);
      const ops = await e.newPage();
      await ops.goto(`${t.baseUrl}/admin/`);
      assert.equal(new URL(ops.url()).pathname, '/admin/sign-in');
      await shoot(ops, 'sign-in');
      // Keyboard only: the e-mail field, then the password, then the button.
      await ops.getByLabel('E-mail').focus();
      await ops.keyboard.type(OPERATOR.email);
      await ops.keyboard.press('Tab');
      await ops.keyboard.type(OPERATOR.password);
      await Promise.all([ops.waitForURL(`${t.baseUrl}/admin/merchants`), ops.keyboard.press('Enter')]);
      await shoot(ops, 'merchants');

      await ops.getByTestId('new-merchant').click();
      await ops.getByLabel('Company name').fill('Boulangerie <b>Dupont</b> SPRL');
      await ops.getByLabel('Trade name', { exact: false }).fill('Chez Dupont');
      await submit(ops, 'create-merchant');
      const merchantId = (await ops.getByTestId('created-merchant-id').textContent())!.trim();
      const accessKey = (await ops.getByTestId('created-access-key').textContent())!.trim();
      assert.match(accessKey, /^\w{20}$/);
      await shoot(ops, 'merchant-created');

      await ops.goto(`${t.baseUrl}/admin/merchants/${merchantId}/users/new`);
      await ops.getByLabel('E-mail').fill(SHOP_USER.email);
      await ops.getByLabel('Name').fill('Jeanne Dupont');
      await ops.getByLabel('Profile').selectOption('merchant-admin');
      await ops.getByLabel('Initial password').fill(SHOP_USER.password);
      await submit(ops, 'save-user');
      assert.equal(new URL(ops.url()).pathname, `/admin/merchants/${merchantId}/users`);
      assert.match(
        await ops.getByTestId('users').innerText(),
        /owner@shop\.example\s+Jeanne Dupont\s+Merchant administrator/,
      );
      await shoot(ops, 'users');

      // The merchant's administrator, in French: password first, then the second factor.
      const shop = await e.newPage({ locale: 'fr-BE' });
      await shop.goto(`${t.baseUrl}/admin/sign-in`);
      assert.equal(await shop.locator('h1').textContent(), 'Connexion');
      await shop.getByLabel('E-mail').fill(SHOP_USER.email);
      await shop.getByLabel('Mot de passe').fill(SHOP_USER.password);
      await submit(shop, 'sign-in');
      assert.equal(new URL(shop.url()).pathname, `/admin/merchants/${merchantId}/`);
      await shop.goto(`${t.baseUrl}/admin/account`);
      await submit(shop, 'totp-start');
      const secret = (await shop.getByTestId('totp-secret').textContent())!.trim();
      assert.equal(await shop.locator('[data-testid="totp-qr"] svg').count(), 1);
      await shoot(shop, 'totp-enrol');
      await shop.getByLabel('Code').fill(totpNow(t, secret));
      await submit(shop, 'totp-confirm');
      const codes = await shop.getByTestId('recovery-code').allTextContents();
      assert.equal(codes.length, 10);
      await shoot(shop, 'recovery-codes');
      await shop.getByTestId('recovery-done').click();
      await submit(shop, 'sign-out');

      t.clock.advance(30_000); // the next code: the enrolment's was used
      await shop.getByLabel('E-mail').fill(SHOP_USER.email);
      await shop.getByLabel('Mot de passe').fill(SHOP_USER.password);
      await submit(shop, 'sign-in');
      assert.equal(new URL(shop.url()).pathname, '/admin/sign-in/code');
      await shoot(shop, 'second-factor');
      await shop.getByLabel('Code').fill(totpNow(t, secret));
      await submit(shop, 'verify-code');
      assert.equal(new URL(shop.url()).pathname, `/admin/merchants/${merchantId}/`);
      await shoot(shop, 'dashboard');

      // A point of sale with another delay than Payconiq's 61 minutes.
      await shop.getByTestId('nav-points-of-sale').click();
      await shop.getByTestId('new-pos').click();
      await shop.getByLabel('Libellé').fill('Boutique en ligne');
      await shop.getByLabel('Délai de paiement (minutes)').fill('30');
      await shop.getByLabel('URL de notification').fill(e.shop.notificationUrl);
      await submit(shop, 'save-pos');
      assert.equal(
        await shop.getByTestId('delay-warning').count(),
        0,
        'no warning while it offers no Payconiq contract',
      );

      // A Payconiq contract of its own at the (embedded) partner, the functional description's screen.
      await t.gateway.simulator!.addProfile({
        ...PROFILE,
        merchantId: 'DUPONT-CONTRACT',
        name: 'Chez Dupont',
        iban: 'BE68539007547034',
      });
      await shop.getByTestId('nav-payment-methods').click();
      await shop.getByTestId('new-method').click();
      await shop.getByLabel('N° contrat').fill('DUPONT PQ');
      await shop.getByLabel('Libellé').fill('Payconiq Dupont');
      await shop.getByLabel('Description').fill('Payconiq de la boutique');
      await shop.getByLabel('ID contrat').fill('DUPONT-CONTRACT');
      await shop.getByLabel('Nom d’enseigne').fill('Dupont en ligne');
      await shop.getByLabel('Clé d’API').fill(PROFILE.apiKey);
      await shop.getByLabel('Identifiant du profil de paiement (ppid)').fill('not a ppid');
      await shop.getByLabel('URL de l’API marchand').fill(`${t.baseUrl}/simulator/payconiq`);
      await shop.getByLabel('URL JWKS (clés de signature des callbacks)').fill(`${t.baseUrl}/simulator/payconiq/jwks/`);
      await submit(shop, 'save-method');
      // What the server refuses comes back next to each field, the rest kept (but the API key).
      assert.ok(await shop.getByTestId('problem-summary').isVisible());
      assert.match(await shop.getByTestId('problem-contractNumber').innerText(), /Lettres, chiffres/);
      assert.match(await shop.getByTestId('problem-partner.ppid').innerText(), /24-hex payment profile id/);
      assert.equal(await shop.getByLabel('ID contrat').inputValue(), 'DUPONT-CONTRACT');
      assert.equal(await shop.getByLabel('Clé d’API').inputValue(), '');
      await shoot(shop, 'payment-method-problems');
      await shop.getByLabel('N° contrat').fill('DUPONTPQ');
      await shop.getByLabel('Clé d’API').fill(PROFILE.apiKey);
      await shop.getByLabel('Identifiant du profil de paiement (ppid)').fill(PROFILE.ppid);
      await submit(shop, 'save-method');
      assert.equal(new URL(shop.url()).pathname, `/admin/merchants/${merchantId}/payment-methods/DUPONTPQ`);
      assert.equal((await shop.getByTestId('method-type').textContent())!.trim(), 'PAYCONIQ_MNXT');
      // The API key is write-only: not in the page, never again.
      assert.doesNotMatch(await shop.content(), new RegExp(PROFILE.apiKey));
      const warning = (await shop.getByTestId('delay-warning').textContent())!;
      assert.match(
        warning,
        /Le délai de paiement doit être configuré avec la valeur de 61 pour Payconiq by Bancontact/,
      );
      await shoot(shop, 'payment-method');

      await submit(shop, 'test-connection');
      const test = shop.getByTestId('connection-test');
      assert.match(await test.innerText(), /Test de connexion : OK/);
      assert.equal(await test.locator('[data-ok="true"]').count(), 2);
      await shoot(shop, 'connection-test');

      // The warning on the point of sale too; fixed, it goes.
      await shop.getByTestId('nav-points-of-sale').click();
      assert.ok(await shop.getByTestId('delay-warning').isVisible());
      await shoot(shop, 'points-of-sale-warning');
      await shop.getByTestId('edit-pos').click();
      assert.ok(await shop.getByTestId('delay-warning').isVisible());
      await shop.getByLabel('Délai de paiement (minutes)').fill('61');
      await submit(shop, 'save-pos');
      assert.ok(await shop.getByTestId('saved').isVisible());
      assert.equal(await shop.getByTestId('delay-warning').count(), 0);
      await shop.getByTestId('nav-points-of-sale').click();
      assert.equal(await shop.getByTestId('delay-warning').count(), 0);
      assert.equal((await shop.getByTestId('pos-delay').textContent())!.trim(), '61');

      // The operator reads what happened in the audit log, the API key masked.
      await ops.goto(`${t.baseUrl}/admin/audit?merchantId=${merchantId}`);
      const audit = await ops.getByTestId('audit-entries').innerText();
      for (const action of [
        'merchant.create',
        'user.create',
        'user.totp-enable',
        'point-of-sale.create',
        'payment-method.create',
        'point-of-sale.update',
      ])
        assert.match(audit, new RegExp(action.replace('.', '\\.')));
      assert.doesNotMatch(await ops.content(), new RegExp(PROFILE.apiKey));
      await shoot(ops, 'audit');

      // A buyer pays the shop's order on the hosted page, with the merchant's own credentials and contract.
      const merchantAuthorization = `Basic ${Buffer.from(`${merchantId}:${accessKey}`).toString('base64')}`;
      const { token, redirectURL } = await e.createPayment(
        {
          contractNumber: 'DUPONTPQ',
          amount: '4990',
          orderAmount: '4990',
          orderRef: 'DUPONT-0042',
          lastName: 'Janssens',
        },
        merchantAuthorization,
      );
      const buyer = await e.newPage();
      await buyer.goto(redirectURL);
      await clickAndLand(buyer, 'make-payment', `${e.shop.returnUrl}?paylinetoken=${token}`);
      await t.gateway.worker.runOnce();
      assert.deepEqual(
        e.shop.notificationsFor(token).map((n) => n.notificationType),
        ['WEBTRS'],
      );

      // The shop owner finds it in the list by its order reference, and opens it.
      await shop.getByTestId('nav-transactions').click();
      assert.equal(await shop.getByTestId('transaction').count(), 1);
      await shop.getByLabel('Référence de commande').fill('DUPONT-0042');
      await Promise.all([
        shop.waitForURL(/orderRef=DUPONT-0042/),
        shop.getByLabel('Référence de commande').press('Enter'),
      ]);
      const row = shop.getByTestId('transaction');
      assert.equal(await row.count(), 1);
      assert.match(await row.innerText(), /49,90/);
      await shoot(shop, 'transactions');
      await Promise.all([shop.waitForURL(/\/transactions\/\d{14}$/), row.getByTestId('transaction-link').click()]);
      const transactionId = new URL(shop.url()).pathname.split('/').pop()!;
      assert.match(await shop.getByTestId('history-entry').last().innerText(), /ACCEPTED/);

      // Part of it refunded from the page: the shop gets the refund's TRS once the partner has paid it back.
      await shop.getByLabel(/^Montant/).fill('12,50');
      await shop.getByLabel(/^Commentaire/).fill('Colis abîmé');
      await Promise.all([shop.waitForURL(/refunded=\d{14}$/), shop.getByTestId('refund-submit').click()]);
      const refundId = new URL(shop.url()).searchParams.get('refunded')!;
      await settleRefunds(t);
      assert.deepEqual(
        e.shop.notifications.filter((n) => n.notificationType === 'TRS').map((n) => n.transactionId),
        [refundId],
      );
      await shop.reload();
      assert.match(await shop.getByTestId('refund').innerText(), /12,50/);
      const trs = shop.getByTestId('payment-notification').filter({ hasText: /(^|\s)TRS #/ });
      assert.equal(await trs.count(), 1);
      assert.match(await trs.getByTestId('attempt-status').first().innerText(), /200/);
      await shoot(shop, 'transaction-refunded');

      await ops.goto(`${t.baseUrl}/admin/audit?merchantId=${merchantId}`);
      assert.match(await ops.getByTestId('audit-entries').innerText(), /transaction\.refund/);

      // A read-only user of the shop sees the payment and no refund form; a refund posted anyway is refused.
      const reader = { email: 'accounts@shop.example', password: 'read only password 1' };
      await shop.goto(`${t.baseUrl}/admin/merchants/${merchantId}/users/new`);
      await shop.getByLabel('E-mail').fill(reader.email);
      await shop.getByLabel('Nom').fill('Comptabilité');
      await shop.getByLabel('Profil').selectOption('read-only');
      await shop.getByLabel('Mot de passe initial').fill(reader.password);
      await submit(shop, 'save-user');
      const readOnly = await e.newPage();
      await readOnly.goto(`${t.baseUrl}/admin/sign-in`);
      await readOnly.getByLabel('E-mail').fill(reader.email);
      await readOnly.getByLabel('Password').fill(reader.password);
      await submit(readOnly, 'sign-in');
      const detail = `${t.baseUrl}/admin/merchants/${merchantId}/transactions/${transactionId}`;
      await readOnly.goto(detail);
      assert.match(await readOnly.getByTestId('history-entry').last().innerText(), /ACCEPTED/);
      assert.equal(await readOnly.getByTestId('refund-section').count(), 0);
      const csrf = await readOnly.locator('input[name="_csrf"]').first().inputValue();
      const refused = await readOnly.request.post(`${detail}/refund`, {
        form: { _csrf: csrf, key: 'read-only-try', amount: '1,00' },
        headers: { origin: t.baseUrl },
      });
      assert.equal(refused.status(), 403);

      // Another merchant's payment (the demo merchant's): not by its URL, not through one's own form.
      const other = await e.createPayment({ orderRef: 'DEMO-1' });
      const demoBuyer = await e.newPage();
      await demoBuyer.goto(other.redirectURL);
      await clickAndLand(demoBuyer, 'make-payment', `${e.shop.returnUrl}?paylinetoken=${other.token}`);
      const [foreign] = await t.gateway.db.query<{ id: string }>('SELECT id FROM transactions WHERE token = $1', [
        other.token,
      ]);
      for (const path of [
        `/admin/merchants/${t.merchantId}/transactions/${foreign!.id}`,
        `/admin/merchants/${merchantId}/transactions/${foreign!.id}`,
      ]) {
        const res = await shop.goto(`${t.baseUrl}${path}`);
        assert.ok([403, 404].includes(res!.status()), `${path}: HTTP ${res!.status()}`);
        assert.doesNotMatch(await shop.content(), /DEMO-1/);
      }
      await shop.goto(detail);
      const ownCsrf = await shop.locator('input[name="_csrf"]').first().inputValue();
      const forged = await shop.request.post(
        `${t.baseUrl}/admin/merchants/${merchantId}/transactions/${foreign!.id}/refund`,
        { form: { _csrf: ownCsrf, key: 'forged-try', amount: '1,00' }, headers: { origin: t.baseUrl } },
      );
      assert.ok([403, 404].includes(forged.status()), `forged refund: HTTP ${forged.status()}`);
      const [refunds] = await t.gateway.db.query<{ n: string | number }>(
        'SELECT count(*) AS n FROM transactions WHERE original_transaction_id = $1',
        [foreign!.id],
      );
      assert.equal(Number(refunds!.n), 0, 'nothing refunded on the other merchant’s payment');
    },
  );
});
