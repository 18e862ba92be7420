import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Profile } from '../../src/domain/back-office-user.js';
import { adminWriteRoutes, everyFormField, fillRoute, type RegisteredRoute } from '../support/admin-routes.js';
import {
  addUser,
  firstPointOfSale,
  OPERATOR,
  useBackOffice,
  type BackOfficeFixture,
  type BoClient,
} from '../support/back-office-client.js';
import { dbFingerprint } from '../support/db-fingerprint.js';

/** Every field any form reads, aimed as high as it goes. */
const GREEDY = { ...everyFormField('Escalated'), profile: 'operator' };

/** Routes about one merchant, and the operators' own (creating a merchant). */
const merchantRoutes = (f: BackOfficeFixture) =>
  adminWriteRoutes(f.t.gateway.app).filter((r) => r.url.startsWith('/admin/merchants'));

const signedInAs = async (f: BackOfficeFixture, profile: Profile, pointOfSaleIds: string[] = []) => {
  const email = `${profile}-${Math.random().toString(36).slice(2, 8)}@demo.example`;
  const user = await addUser(f.t, {
    email,
    password: 'escalation password 1',
    profile,
    merchantId: f.merchantId,
    pointOfSaleIds,
  });
  const b = f.client();
  await b.signedIn(email, 'escalation password 1');
  return { b, user };
};

/** Posts every route with these parameters; returns what each answered. */
async function postEach(
  b: BoClient,
  routes: RegisteredRoute[],
  params: Record<string, string>,
  fields: Record<string, string | string[]> = GREEDY,
) {
  const answers: [string, number][] = [];
  for (const route of routes) {
    await b.get('/admin/account'); // a fresh token, as a page would give
    const res = await b.post(fillRoute(route.url, params), fields);
    answers.push([route.url, res.status]);
  }
  return answers;
}

describe('back-office security: profile escalation', () => {
  const f = useBackOffice();
  const m = (path: string) => `/admin/merchants/${f.merchantId}/${path}`;
  const own = async (target: string) => ({
    merchantId: f.merchantId,
    posId: await firstPointOfSale(f.t, f.merchantId),
    contractNumber: 'PAYCONIQFP',
    userId: target,
  });

  it('a user without powers changes nothing: every write route of the merchant is refused (403)', async () => {
    const { user } = await signedInAs(f, 'read-only');
    const { b } = await signedInAs(f, 'read-only');
    const before = await dbFingerprint(f.t.gateway.db);
    const params = await own(user.id);
    for (const [url, status] of await postEach(b, merchantRoutes(f), params)) {
      // A parameter the test cannot name (a route added later) may be answered "not found" first.
      const unknown = /:(?!merchantId|posId|contractNumber|userId)\w+/.test(url);
      assert.ok(status === 403 || (unknown && status === 404), `${url}: ${status}`);
    }
    assert.deepEqual(await dbFingerprint(f.t.gateway.db), before);
  });

  it('a user with powers changes no configuration: only refunds and sending again are theirs', async () => {
    const { user } = await signedInAs(f, 'read-only');
    const { b } = await signedInAs(f, 'powers');
    const before = await dbFingerprint(f.t.gateway.db);
    const theirs = /\/(refund|send-again)$/;
    const routes = merchantRoutes(f).filter((r) => !theirs.test(r.url));
    for (const [url, status] of await postEach(b, routes, await own(user.id))) {
      const unknown = /:(?!merchantId|posId|contractNumber|userId)\w+/.test(url);
      assert.ok(status === 403 || (unknown && status === 404), `${url}: ${status}`);
    }
    assert.deepEqual(await dbFingerprint(f.t.gateway.db), before);
  });

  it('a merchant administrator reaches nothing of another merchant, by URL or by naming its objects in its own', async () => {
    const otherUser = await addUser(f.t, {
      email: 'other-admin@other.example',
      password: 'other admin password',
      profile: 'merchant-admin',
      merchantId: f.otherMerchantId,
    });
    const operator = (await f.t.gateway.backOffice.users.findByEmail(OPERATOR.email))!.user;
    const [notification] = await f.t.gateway.db.query<{ id: string }>(
      `INSERT INTO notifications (merchant_id, type, url, status, created_at, next_attempt_at, delivered_at)
       VALUES ($1, 'WEBTRS', 'https://other.example/n', 'delivered', now(), now(), now()) RETURNING id`,
      [f.otherMerchantId],
    );
    const { b } = await signedInAs(f, 'merchant-admin');
    const before = await dbFingerprint(f.t.gateway.db);
    const theirs = {
      posId: f.otherPointOfSaleId,
      contractNumber: 'OTHERPQ',
      userId: otherUser.id,
    };
    const fields = { ...GREEDY, notificationId: String(notification!.id), keyId: 'any', profile: 'read-only' };
    // Its URLs.
    for (const [url, status] of await postEach(
      b,
      merchantRoutes(f),
      { merchantId: f.otherMerchantId, ...theirs },
      fields,
    ))
      assert.ok(status === 404 || (url === '/admin/merchants/new' && status === 403), `${url}: ${status}`);
    // Its objects under the administrator's own merchant, and the operator as a user to change.
    const ownMerchant = merchantRoutes(f).filter((r) => /:(posId|contractNumber|userId)/.test(r.url));
    assert.ok(ownMerchant.length >= 7);
    for (const target of [theirs, { ...theirs, userId: operator.id }])
      for (const [url, status] of await postEach(b, ownMerchant, { merchantId: f.merchantId, ...target }, fields))
        assert.equal(status, 404, url);
    // A notification or a key of the other merchant named in a form of its own.
    await b.get(m('notifications'));
    assert.equal(
      (await b.post(m('notifications/send-again'), { notificationId: String(notification!.id) })).status,
      404,
    );
    const otherKey = (await f.t.gateway.backOffice.merchants.listAccessKeys(f.otherMerchantId))[0]!;
    assert.equal((await b.post(m('access-keys/revoke'), { keyId: otherKey.id })).status, 404);
    assert.deepEqual(await dbFingerprint(f.t.gateway.db), before, 'nothing of anyone changed');
  });

  it('a merchant administrator grants no operator rights, to a new user or an existing one', async () => {
    const { b } = await signedInAs(f, 'merchant-admin');
    const { user: reader } = await signedInAs(f, 'read-only');
    await b.get(m('users/new'));
    for (const profile of ['operator', 'OPERATOR', 'operator ', 'merchant-admin\u0000operator']) {
      const created = await b.post(m('users/new'), { ...GREEDY, email: 'op@demo.example', profile });
      assert.equal(created.status, 422, JSON.stringify(profile));
      const edited = await b.post(m(`users/${reader.id}`), { displayName: 'X', profile });
      assert.equal(edited.status, 422, JSON.stringify(profile));
    }
    // A repeated field does not slip a second profile past the check either.
    const twice = await b.post(m(`users/${reader.id}`), { displayName: 'X', profile: ['read-only', 'operator'] });
    assert.ok(twice.status >= 400 && twice.status < 500, String(twice.status));
    assert.equal((await f.t.gateway.backOffice.users.get(reader.id))?.profile, 'read-only');
    assert.equal(await f.t.gateway.backOffice.users.findByEmail('op@demo.example'), undefined);
    assert.equal(await f.t.gateway.backOffice.users.countOperators(), 1);
  });

  it('a point-of-sale manager widens nothing: not their own points of sale, not a user, not a point of sale', async () => {
    const bo = f.t.gateway.backOffice;
    const mine = await firstPointOfSale(f.t, f.merchantId);
    await f.operator.get(m('points-of-sale/new'));
    await f.operator.post(m('points-of-sale/new'), { label: 'Managed by nobody', paymentDelayMinutes: '61' });
    const all = (await bo.merchants.listPointsOfSale(f.merchantId)).map((p) => p.id);
    const notMine = all.find((id) => id !== mine)!;
    await f.operator.get(m('payment-methods/new'));
    const contract = { cardCode: 'PAYCONIQ_MNXT', currency: '978', partnerContractId: 'X', active: 'on' };
    await f.operator.post(m('payment-methods/new'), { ...contract, contractNumber: 'NOTMINE', pointOfSaleId: notMine });
    const { b, user } = await signedInAs(f, 'pos-manager', [mine]);
    const before = await dbFingerprint(f.t.gateway.db);
    // Every route about a point of sale or a payment method, aimed at the ones not assigned to them.
    const aimed = merchantRoutes(f).filter((r) => /:(posId|contractNumber)/.test(r.url));
    const params = { merchantId: f.merchantId, posId: notMine, contractNumber: 'NOTMINE', userId: user.id };
    for (const [url, status] of await postEach(b, aimed, params, { ...GREEDY, pointOfSaleId: notMine }))
      assert.equal(status, 404, url);
    await b.get(m(`points-of-sale/${mine}`));
    const widen = await b.post(m(`users/${user.id}`), {
      displayName: user.displayName,
      profile: 'pos-manager',
      pointOfSaleIds: all,
    });
    assert.equal(widen.status, 403);
    const promote = await b.post(m(`users/${user.id}`), { displayName: user.displayName, profile: 'merchant-admin' });
    assert.equal(promote.status, 403);
    assert.equal(
      (await b.post(m('users/new'), { ...GREEDY, profile: 'pos-manager', pointOfSaleIds: all })).status,
      403,
    );
    assert.equal((await b.post(m('points-of-sale/new'), GREEDY)).status, 403);
    assert.equal((await b.post(m('access-keys'), { label: 'mine now' })).status, 403);
    assert.equal((await b.post(m('account'), GREEDY)).status, 403);
    assert.deepEqual(await dbFingerprint(f.t.gateway.db), before);
    assert.deepEqual((await bo.users.get(user.id))?.pointOfSaleIds, [mine]);
  });
});
