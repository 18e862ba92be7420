import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { operatorPath } from '../../src/http/operator/operator-plugin.js';
import { firstPointOfSale, useBackOffice } from '../support/back-office-client.js';

const OPERATOR_TOKEN = 'operator-token-for-the-audit-test';

/** What the merchant's servers see of a key: the REST API's status (401: not a key of the merchant). */
async function restStatus(baseUrl: string, merchantId: string, key: string) {
  const res = await fetch(`${baseUrl}/v1/checkout/sessions/unknown-session`, {
    headers: { authorization: `Basic ${Buffer.from(`${merchantId}:${key}`).toString('base64')}` },
  });
  await res.body?.cancel();
  return res.status;
}

describe('back-office configuration screens', () => {
  const f = useBackOffice({ operatorToken: OPERATOR_TOKEN });
  const m = (path: string) => `/admin/merchants/${f.merchantId}/${path}`;

  it('an operator creates a merchant: its first access key is shown once and works; validation next to the fields', async () => {
    const b = f.operator;
    await b.get('/admin/merchants/new');
    const bad = await b.post('/admin/merchants/new', { id: 'has spaces', companyName: '', tradeName: 'T' });
    assert.equal(bad.status, 422);
    assert.match(bad.html, /data-testid="problem-id">Letters, digits, _ or -, at most 64\./);
    assert.match(bad.html, /data-testid="problem-companyName">Required\./);
    assert.match(bad.html, /value="T"/, 'what was typed is kept');
    const taken = await b.post('/admin/merchants/new', { id: f.merchantId, companyName: 'C', tradeName: 'T' });
    assert.match(taken.html, /data-testid="problem-id">Already taken\./);

    const created = await b.post('/admin/merchants/new', { id: 'NEWSHOP', companyName: 'New SPRL', tradeName: 'New' });
    assert.equal(created.status, 201);
    const key = /data-testid="created-access-key">(\w+)</.exec(created.html)![1]!;
    assert.notEqual(await restStatus(f.t.baseUrl, 'NEWSHOP', key), 401, 'authenticated');
    assert.doesNotMatch((await b.get('/admin/merchants/NEWSHOP/access-keys')).html, new RegExp(key), 'never again');
    assert.match((await b.get('/admin/merchants')).html, /NEWSHOP/);
  });

  it('merchant account: company name and trade name, both required; the trade name says where it applies', async () => {
    const b = f.operator;
    const page = await b.get(m('account'));
    assert.match(page.html, /payment\.softDescriptor/);
    const bad = await b.post(m('account'), { companyName: 'DEMO', tradeName: '   ' });
    assert.equal(bad.status, 422);
    assert.match(bad.html, /data-testid="problem-tradeName">Required\./);
    const ok = await b.post(m('account'), { companyName: 'DEMO SA', tradeName: 'Enseigne Mon compte' });
    assert.equal(ok.location, `${m('account')}?saved`);
    assert.equal((await f.t.gateway.backOffice.merchants.getMerchant(f.merchantId))?.companyName, 'DEMO SA');
  });

  it('access keys: created (shown once), labelled, revoked (refused at once by the API)', async () => {
    const b = f.operator;
    await b.get(m('access-keys'));
    const created = await b.post(m('access-keys'), { label: 'webshop' });
    assert.equal(created.status, 201);
    const key = /data-testid="created-access-key">(\w+)</.exec(created.html)![1]!;
    assert.notEqual(await restStatus(f.t.baseUrl, f.merchantId, key), 401);
    const keyId = (await f.t.gateway.backOffice.merchants.listAccessKeys(f.merchantId)).find(
      (k) => k.label === 'webshop',
    )!.id;
    assert.equal((await b.post(m('access-keys/label'), { keyId, label: 'web shop 2' })).status, 303);
    assert.match((await b.get(m('access-keys'))).html, /value="web shop 2"/);
    assert.equal((await b.post(m('access-keys/revoke'), { keyId })).status, 303);
    assert.equal(await restStatus(f.t.baseUrl, f.merchantId, key), 401);
    assert.equal((await b.post(m('access-keys/revoke'), { keyId })).status, 404, 'revoked once');
    const rows = await f.t.gateway.db.query<{ before: unknown; after: unknown }>(
      "SELECT before, after FROM audit_log WHERE action LIKE 'access-key.%'",
    );
    assert.ok(rows.length >= 3);
    assert.ok(!JSON.stringify(rows).includes(key), 'the key is in no audit entry');
  });

  it('points of sale: label, payment delay and notification URL checked, with their messages', async () => {
    const b = f.operator;
    const pos = await firstPointOfSale(f.t, f.merchantId);
    await b.get(m(`points-of-sale/${pos}`));
    for (const [delay, url] of [
      ['0', ''],
      ['abc', ''],
      ['61', 'ftp://shop.example/notify'],
      ['61', 'javascript:alert(1)'],
    ]) {
      const res = await b.post(m(`points-of-sale/${pos}`), {
        label: 'DemoShop',
        paymentDelayMinutes: delay!,
        notificationUrl: url!,
      });
      assert.equal(res.status, 422, `${delay} ${url}`);
      assert.match(
        res.html,
        url
          ? /data-testid="problem-notificationUrl">An http\(s\) URL\./
          : /data-testid="problem-paymentDelayMinutes">A whole number/,
      );
    }
    const dup = await b.post(m('points-of-sale/new'), { label: 'DemoShop', paymentDelayMinutes: '61' });
    assert.match(dup.html, /data-testid="problem-label">Already taken\./);
    const ok = await b.post(m(`points-of-sale/${pos}`), {
      label: 'DemoShop',
      paymentDelayMinutes: '45',
      notificationUrl: 'https://shop.example/notify',
    });
    assert.equal(ok.status, 303);
    const page = await b.get(m(`points-of-sale/${pos}`));
    // PAYCONIQFP pays at this point of sale: the warning says what and why.
    assert.match(page.html, /The payment delay must be set to 61 for Payconiq by Bancontact\./);
    assert.match((await b.get(m('payment-methods/PAYCONIQFP'))).html, /data-testid="delay-warning"/);
    assert.match((await b.get(m('payment-methods'))).html, /data-testid="delay-warning-badge"/);
    await b.post(m(`points-of-sale/${pos}`), { label: 'DemoShop', paymentDelayMinutes: '61' });
    assert.doesNotMatch((await b.get(m(`points-of-sale/${pos}`))).html, /data-testid="delay-warning"/);
  });

  it('payment methods: the API key is sealed, write-only, kept when left empty; the connection test reaches the partner', async () => {
    const b = f.operator;
    const pos = await firstPointOfSale(f.t, f.merchantId);
    const apiKey = 'config-test-api-key-0123456789';
    const ppid = 'c0ffee00c0ffee00c0ffee00';
    await f.t.gateway.simulator!.addProfile({ apiKey, ppid, merchantId: 'CFG', name: 'Cfg', iban: 'BE68539007547034' });
    const settings = {
      'partner.apiKey': apiKey,
      'partner.ppid': ppid.toUpperCase(),
      'partner.apiBaseUrl': `${f.t.baseUrl}/simulator/payconiq/`,
      'partner.jwksUrl': `${f.t.baseUrl}/simulator/payconiq/jwks`,
    };
    await b.get(m('payment-methods/new'));
    const created = await b.post(m('payment-methods/new'), {
      contractNumber: 'CFGPQ',
      cardCode: 'PAYCONIQ_MNXT',
      active: 'on',
      label: 'Config',
      currency: '978',
      pointOfSaleId: pos,
      description: 'the description',
      partnerContractId: 'CFG',
      tradeName: 'Cfg trade',
      ...settings,
    });
    assert.equal(created.status, 303, created.html);
    const [row] = await f.t.gateway.db.query<{ partner_settings: Record<string, string>; description: string }>(
      "SELECT partner_settings, description FROM contracts WHERE contract_number = 'CFGPQ'",
    );
    assert.equal(row!.description, 'the description');
    assert.match(row!.partner_settings.apiKey!, /^v1:/, 'sealed');
    assert.equal(row!.partner_settings.ppid, ppid, 'canonical, through the connector’s schema');
    assert.equal(row!.partner_settings.apiBaseUrl, `${f.t.baseUrl}/simulator/payconiq`);
    const page = await b.get(m('payment-methods/CFGPQ'));
    assert.ok(!page.html.includes(apiKey));
    assert.match(page.html, /Set\. Leave empty to keep it; it is never shown again\./);

    // A change with the key left empty keeps it: the contract still reaches the partner.
    const changed = await b.post(m('payment-methods/CFGPQ'), {
      active: 'on',
      label: 'Config 2',
      currency: '978',
      pointOfSaleId: pos,
      partnerContractId: 'CFG',
      'partner.ppid': ppid,
      'partner.apiBaseUrl': settings['partner.apiBaseUrl'],
      'partner.jwksUrl': settings['partner.jwksUrl'],
    });
    assert.equal(changed.status, 303);
    const test = await b.post(m('payment-methods/CFGPQ/test'));
    assert.equal(test.status, 200);
    assert.match(test.html, /Connection test: OK/);
    assert.match(test.html, /API key accepted \(HTTP 404 PAYMENT_NOT_FOUND/);

    // A wrong key: the test says the partner refused it.
    await b.post(m('payment-methods/CFGPQ'), {
      active: 'on',
      currency: '978',
      pointOfSaleId: pos,
      partnerContractId: 'CFG',
      ...settings,
      'partner.apiKey': 'not-the-key',
    });
    const refused = await b.post(m('payment-methods/CFGPQ/test'));
    assert.match(refused.html, /Connection test: failed/);
    assert.match(refused.html, /API key refused: HTTP 401 UNAUTHORIZED/);

    // The embedded simulator (homologation): no settings of its own.
    await b.post(m('payment-methods/CFGPQ'), {
      active: 'on',
      currency: '978',
      pointOfSaleId: pos,
      partnerContractId: 'CFG',
      useSimulator: 'on',
    });
    const [sim] = await f.t.gateway.db.query<{ partner_settings: unknown }>(
      "SELECT partner_settings FROM contracts WHERE contract_number = 'CFGPQ'",
    );
    assert.equal(sim!.partner_settings, null);
    assert.match((await b.post(m('payment-methods/CFGPQ/test'))).html, /Connection test: OK/);

    // The audit log has every change, the API key masked, never in clear.
    const audit = await f.t.gateway.db.query<{ before: unknown; after: unknown }>(
      "SELECT before, after FROM audit_log WHERE target = 'CFGPQ'",
    );
    assert.equal(audit.length, 4);
    const text = JSON.stringify(audit);
    assert.ok(!text.includes(apiKey) && !text.includes('not-the-key') && !text.includes('v1:'));
    assert.match(text, /"apiKey":"•••"/);

    // An unchecked status box: the contract is inactive.
    const off = await b.post(m('payment-methods/CFGPQ'), {
      currency: '978',
      pointOfSaleId: pos,
      partnerContractId: 'CFG',
      useSimulator: 'on',
    });
    assert.equal(off.status, 303);
    const [inactive] = await f.t.gateway.db.query<{ active: boolean }>(
      "SELECT active FROM contracts WHERE contract_number = 'CFGPQ'",
    );
    assert.equal(inactive!.active, false);
  });

  it('the operator API’s changes are in the audit log too, its secrets masked; the page filters', async () => {
    const res = await fetch(`${f.t.baseUrl}${operatorPath('key create')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ merchantId: f.merchantId, label: 'from the cli' }),
    });
    const { accessKey } = (await res.json()) as { accessKey: string };
    const page = await f.operator.get(`/admin/audit?actor=operator-api&merchantId=${f.merchantId}`);
    assert.match(page.html, /data-action="access-key\.create"/);
    assert.match(page.html, /from the cli/);
    assert.ok(!page.html.includes(accessKey));
    const [row] = await f.t.gateway.backOffice.audit.list({ actor: 'operator-api', action: 'access-key.', limit: 1 });
    assert.equal(row?.address, '127.0.0.1');
    assert.ok(!JSON.stringify(row).includes(accessKey));

    const filtered = await f.operator.get('/admin/audit?action=merchant.create&merchantId=NEWSHOP');
    const actions = [...filtered.html.matchAll(/data-action="([^"]+)"/g)].map((x) => x[1]);
    assert.deepEqual(actions, ['merchant.create']);
    const none = await f.operator.get('/admin/audit?from=2999-01-01');
    assert.match(none.html, /No entry\./);
  });
});
