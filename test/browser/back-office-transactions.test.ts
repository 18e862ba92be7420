import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ensureFirstOperator } from '../../src/backoffice/first-users.js';
import { firstPointOfSale, OPERATOR } from '../support/back-office-client.js';
import { TEST_TIMEOUT_MS } from '../support/browser/chromium.js';
import { useE2E } from '../support/browser/e2e-harness.js';
import { screenshotter, signInAsOperator } from '../support/browser/back-office-pages.js';
import { seedPayments } from '../support/seed-transactions.js';

const shoot = screenshotter('transactions');

describe('back-office transactions in a browser', { timeout: 3 * TEST_TIMEOUT_MS }, () => {
  const e = useE2E();

  it('the list on a desktop and a phone, filtered from its form, reached by keyboard', async () => {
    const { t } = e;
    await ensureFirstOperator(t.gateway.backOffice, OPERATOR);
    const pointOfSaleId = await firstPointOfSale(t, t.merchantId);
    const [contract] = await t.gateway.backOffice.merchants.listContracts(t.merchantId);
    const names = ['Dupont', 'Martin', 'Peeters', 'Janssens', 'De Smet', 'Nguyễn'];
    await seedPayments(
      t.gateway.db,
      names.map((lastName, i) => ({
        id: `2000${i}`,
        merchantId: t.merchantId,
        pointOfSaleId,
        contractNumber: contract!.contractNumber,
        createdAt: new Date(Date.UTC(2026, 2, 10 - i, 9, 30)),
        amount: 1250 + i * 98_765,
        resultCode: ['00000', '02020', '02008', '02306', '00000', '02324'][i],
        orderRef: `CMD-2026-${1000 + i}`,
        firstName: 'Alex',
        lastName,
        ...(i === 0 && { refund: { id: '29999', amount: 500, createdAt: new Date(Date.UTC(2026, 2, 11)) } }),
      })),
    );
    const page = await e.newPage();
    await signInAsOperator(page, t.baseUrl);
    await page.goto(`${t.baseUrl}/admin/merchants/${t.merchantId}/transactions`);
    assert.equal(await page.getByTestId('transaction').count(), 7);
    await shoot(page, 'list');

    // On a phone: each row a card, nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The filters from the form; the scrollable table is reachable with the keyboard.
    await page.getByLabel('Buyer name').fill('dup');
    await Promise.all([page.waitForURL(/buyer=dup/), page.getByRole('button', { name: 'Filter' }).click()]);
    assert.equal(await page.getByTestId('transaction').count(), 2, 'the payment and its refund');
    await page.goto(`${t.baseUrl}/admin/merchants/${t.merchantId}/transactions?minAmount=douze`);
    assert.match(await page.getByTestId('filter-problems').innerText(), /Amount from/);
    await shoot(page, 'invalid-filter');
    await page.goto(`${t.baseUrl}/admin/merchants/${t.merchantId}/transactions`);
    await page.getByRole('region', { name: /Transactions, newest first/ }).focus();
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'table-wrap');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'transaction-link');
  });
});
