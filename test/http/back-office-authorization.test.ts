import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { can, type Capability } from '../../src/backoffice/policy.js';
import type { BackOfficeUser, Profile } from '../../src/domain/back-office-user.js';
import { addUser, firstPointOfSale, useBackOffice, type BoClient } from '../support/back-office-client.js';

const user = (profile: Profile): BackOfficeUser => ({
  id: 'u',
  email: 'u@x.example',
  displayName: 'U',
  profile,
  merchantId: profile === 'operator' ? undefined : 'M',
  pointOfSaleIds: [],
  createdAt: new Date(),
});

describe('back-office policy: the profiles', () => {
  it('gives each profile its capabilities and nothing more', () => {
    const table: Record<Profile, Capability[]> = {
      operator: [
        'merchants',
        'audit',
        'configuration.read',
        'account.edit',
        'keys',
        'configuration.edit',
        'users',
        'transactions.read',
        'refund',
      ],
      'merchant-admin': [
        'configuration.read',
        'account.edit',
        'keys',
        'configuration.edit',
        'users',
        'transactions.read',
        'refund',
      ],
      'pos-manager': ['configuration.read', 'configuration.edit', 'transactions.read', 'refund'],
      powers: ['configuration.read', 'transactions.read', 'refund'],
      'read-only': ['configuration.read', 'transactions.read'],
    };
    const all = table.operator;
    for (const [profile, allowed] of Object.entries(table) as [Profile, Capability[]][])
      assert.deepEqual(
        all.filter((c) => can(user(profile), c)),
        allowed,
        profile,
      );
  });
});

describe('back-office authorization over HTTP: profiles enforced, escalation by URL and by form refused', () => {
  const f = useBackOffice();
  /** A new user of the demo merchant with this profile, signed in. */
  const as = async (profile: Profile, extra: { pointOfSaleIds?: string[] } = {}) => {
    const email = `${profile}-${Math.random().toString(36).slice(2, 8)}@demo.example`;
    const stored = await addUser(f.t, {
      email,
      password: 'profile password 1',
      profile,
      merchantId: f.merchantId,
      ...extra,
    });
    const b: BoClient & { userId?: string } = f.client();
    await b.signedIn(email, 'profile password 1');
    b.userId = stored.id;
    return b;
  };
  const m = (path: string) => `/admin/merchants/${f.merchantId}/${path}`;
  const other = (path: string) => `/admin/merchants/${f.otherMerchantId}/${path}`;

  it('a merchant user never reaches another merchant: every section by URL is "not found"', async () => {
    for (const profile of ['merchant-admin', 'read-only'] as const) {
      const b = await as(profile);
      for (const path of [
        '',
        'account',
        'access-keys',
        'points-of-sale',
        `points-of-sale/${f.otherPointOfSaleId}`,
        'payment-methods',
        'payment-methods/OTHERPQ',
        'users',
      ]) {
        const res = await b.get(other(path));
        assert.equal(res.status, 404, `${profile} GET ${path}`);
        assert.doesNotMatch(res.html, /Other shop|OtherShop|Other SA/);
      }
      // Nor the other merchant's objects under its own merchant's URL.
      assert.equal(
        (await b.get(m(`points-of-sale/${f.otherPointOfSaleId}`))).status,
        profile === 'read-only' ? 403 : 404,
      );
      assert.equal((await b.get(m('payment-methods/OTHERPQ'))).status, 404);
      // Operators' pages.
      for (const path of ['/admin/merchants', '/admin/merchants/new', '/admin/audit'])
        assert.equal((await b.get(path)).status, 403, `${profile} GET ${path}`);
    }
  });

  it('writes aimed at another merchant by URL change nothing', async () => {
    const b = await as('merchant-admin');
    await b.get(m('account'));
    const attempts: [string, Record<string, string>][] = [
      ['account', { companyName: 'Hijacked', tradeName: 'Hijacked' }],
      ['access-keys', { label: 'stolen' }],
      [`points-of-sale/${f.otherPointOfSaleId}`, { label: 'Hijacked', paymentDelayMinutes: '5' }],
      ['points-of-sale/new', { label: 'Planted', paymentDelayMinutes: '61' }],
      ['payment-methods/OTHERPQ', { partnerContractId: 'X', pointOfSaleId: f.otherPointOfSaleId, currency: '978' }],
      [
        'users/new',
        { email: 'planted@x.example', displayName: 'P', profile: 'merchant-admin', password: 'planted password' },
      ],
    ];
    for (const [path, fields] of attempts) assert.equal((await b.post(other(path), fields)).status, 404, path);
    const bo = f.t.gateway.backOffice;
    const merchant = await bo.merchants.getMerchant(f.otherMerchantId);
    assert.equal(merchant?.tradeName, 'Other shop');
    assert.deepEqual(
      (await bo.merchants.listPointsOfSale(f.otherMerchantId)).map((p) => [p.label, p.paymentDelayMinutes]),
      [['OtherShop', 61]],
    );
    assert.equal((await bo.merchants.listAccessKeys(f.otherMerchantId)).length, 1);
    assert.equal((await bo.users.listOfMerchant(f.otherMerchantId)).length, 0);
    assert.equal((await bo.merchants.listContracts(f.otherMerchantId))[0]?.partnerContractId, 'OTHER');
  });

  it('form fields naming another merchant’s objects are refused', async () => {
    const b = await as('merchant-admin');
    const otherKey = (await f.t.gateway.backOffice.merchants.listAccessKeys(f.otherMerchantId))[0]!;
    await b.get(m('access-keys'));
    assert.equal((await b.post(m('access-keys/revoke'), { keyId: otherKey.id })).status, 404);
    assert.equal((await b.post(m('access-keys/label'), { keyId: otherKey.id, label: 'x' })).status, 404);
    const [stillThere] = await f.t.gateway.backOffice.merchants.listAccessKeys(f.otherMerchantId);
    assert.equal(stillThere?.revokedAt, undefined);
    assert.equal(stillThere?.label, 'initial');

    const contract = await b.post(m('payment-methods/PAYCONIQFP'), {
      active: 'on',
      currency: '978',
      pointOfSaleId: f.otherPointOfSaleId,
      partnerContractId: 'MONEXTTESTCONTRACT',
    });
    assert.equal(contract.status, 422);
    assert.match(contract.html, /data-testid="problem-pointOfSaleId">Pick one of the merchant’s points of sale\./);
    const created = await b.post(m('payment-methods/new'), {
      contractNumber: 'SNEAKY',
      cardCode: 'PAYCONIQ_MNXT',
      currency: '978',
      pointOfSaleId: f.otherPointOfSaleId,
      partnerContractId: 'X',
    });
    assert.equal(created.status, 422);
    const manager = await b.post(m('users/new'), {
      email: 'manager@demo.example',
      displayName: 'Manager',
      profile: 'pos-manager',
      pointOfSaleIds: f.otherPointOfSaleId,
      password: 'manager password 1',
    });
    assert.equal(manager.status, 422);
    assert.match(manager.html, /data-testid="problem-pointOfSaleIds"/);
    // A merchant id in the form is not read at all: the user is created for the session's merchant.
    const planted = await b.post(m('users/new'), {
      email: 'reader2@demo.example',
      displayName: 'Reader',
      profile: 'read-only',
      password: 'reader password 2',
      merchantId: f.otherMerchantId,
    });
    assert.equal(planted.status, 303);
    const found = await f.t.gateway.backOffice.users.findByEmail('reader2@demo.example');
    assert.equal(found?.user.merchantId, f.merchantId);
  });

  it('nobody makes an operator, nor changes their own profile', async () => {
    const b = await as('merchant-admin');
    await b.get(m('users/new'));
    for (const profile of ['operator', 'superuser']) {
      const res = await b.post(m('users/new'), {
        email: `${profile}@demo.example`,
        displayName: 'X',
        profile,
        password: 'escalation password',
      });
      assert.equal(res.status, 422, profile);
      assert.match(res.html, /data-testid="problem-profile">Pick one of the profiles offered\./);
    }
    assert.equal(await f.t.gateway.backOffice.users.findByEmail('operator@demo.example'), undefined);
    const res = await b.post(m(`users/${b.userId}`), { displayName: 'Me', profile: 'read-only', disabled: 'on' });
    assert.equal(res.status, 403);
    assert.equal((await f.t.gateway.backOffice.users.get(b.userId!))?.profile, 'merchant-admin');
  });

  it('read-only and powers users read the configuration and change nothing', async () => {
    for (const profile of ['read-only', 'powers'] as const) {
      const b = await as(profile);
      for (const path of ['', 'account', 'points-of-sale', 'payment-methods', 'payment-methods/PAYCONIQFP'])
        assert.equal((await b.get(m(path))).status, 200, `${profile} GET ${path}`);
      for (const path of ['access-keys', 'users', 'points-of-sale/new', 'payment-methods/new'])
        assert.equal((await b.get(m(path))).status, 403, `${profile} GET ${path}`);
      const account = await b.get(m('account'));
      assert.doesNotMatch(account.html, /data-testid="save-account"/, 'no form offered');
      const pos = await firstPointOfSale(f.t, f.merchantId);
      for (const [path, fields] of [
        ['account', { companyName: 'X', tradeName: 'X' }],
        [`points-of-sale/${pos}`, { label: 'X', paymentDelayMinutes: '5' }],
        ['payment-methods/PAYCONIQFP', { partnerContractId: 'X', pointOfSaleId: pos, currency: '978' }],
        ['access-keys', { label: 'x' }],
        ['users/new', { email: 'x@x.example', displayName: 'X', profile: 'read-only', password: 'xxxxxxxxxxxxx' }],
      ] as const)
        assert.equal((await b.post(m(path), fields)).status, 403, `${profile} POST ${path}`);
      assert.equal(
        (await f.t.gateway.backOffice.merchants.getMerchant(f.merchantId))?.tradeName,
        'Enseigne Mon compte',
      );
    }
  });

  it('a point-of-sale manager reaches only the points of sale assigned to them', async () => {
    const bo = f.t.gateway.backOffice;
    const mine = await firstPointOfSale(f.t, f.merchantId);
    await f.operator.get(m('points-of-sale/new'));
    const created = await f.operator.post(m('points-of-sale/new'), { label: 'Not yours', paymentDelayMinutes: '61' });
    assert.equal(created.status, 303);
    const notMine = (await bo.merchants.listPointsOfSale(f.merchantId)).find((p) => p.label === 'Not yours')!.id;
    await f.operator.get(m('payment-methods/new'));
    assert.equal(
      (
        await f.operator.post(m('payment-methods/new'), {
          contractNumber: 'NOTYOURS',
          cardCode: 'PAYCONIQ_MNXT',
          currency: '978',
          pointOfSaleId: notMine,
          partnerContractId: 'X',
          active: 'on',
        })
      ).status,
      303,
    );

    const b = await as('pos-manager', { pointOfSaleIds: [mine] });
    const list = await b.get(m('points-of-sale'));
    assert.match(list.html, /DemoShop/);
    assert.doesNotMatch(list.html, /Not yours/);
    assert.doesNotMatch(list.html, /data-testid="new-pos"/);
    assert.equal((await b.get(m(`points-of-sale/${mine}`))).status, 200);
    assert.equal((await b.get(m(`points-of-sale/${notMine}`))).status, 404);
    const methods = await b.get(m('payment-methods'));
    assert.match(methods.html, /PAYCONIQFP/);
    assert.doesNotMatch(methods.html, /NOTYOURS/);
    assert.equal((await b.get(m('payment-methods/NOTYOURS'))).status, 404);
    for (const path of ['access-keys', 'users', 'points-of-sale/new'])
      assert.equal((await b.get(m(path))).status, 403, path);

    await b.get(m(`points-of-sale/${mine}`));
    assert.equal(
      (await b.post(m(`points-of-sale/${notMine}`), { label: 'Taken', paymentDelayMinutes: '5' })).status,
      404,
    );
    assert.equal((await b.post(m('points-of-sale/new'), { label: 'New', paymentDelayMinutes: '61' })).status, 403);
    // Moving its contract to a point of sale it does not manage is refused too.
    const moved = await b.post(m('payment-methods/PAYCONIQFP'), {
      active: 'on',
      currency: '978',
      pointOfSaleId: notMine,
      partnerContractId: 'MONEXTTESTCONTRACT',
    });
    assert.equal(moved.status, 422);
    const ok = await b.post(m(`points-of-sale/${mine}`), { label: 'DemoShop', paymentDelayMinutes: '61' });
    assert.equal(ok.status, 303);
    assert.equal((await bo.merchants.listPointsOfSale(f.merchantId)).find((p) => p.id === notMine)?.label, 'Not yours');
  });
});
