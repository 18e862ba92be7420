import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addUser, firstPointOfSale, useBackOffice } from '../support/back-office-client.js';

/** Markup a merchant's user could type in any field they control. */
const ATTACK = `<img src=x onerror=alert(1)>"'&<script>alert(2)</script>`;

/** Start tags with their attribute names; values are always double-quoted, so a quoted `>` ends nothing. */
function startTags(html: string): { tag: string; attributes: string[] }[] {
  return [...html.matchAll(/<([a-z][a-z0-9]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*\/?>/gi)].map((m) => ({
    tag: m[1]!.toLowerCase(),
    attributes: [...m[2]!.matchAll(/\s([^\s"'>/=]+)(?:="[^"]*")?/g)].map((a) => a[1]!.toLowerCase()),
  }));
}

/** The attack stayed text: no element, no attribute or handler came out of it. */
function assertEscaped(html: string, where: string) {
  const tags = startTags(html);
  assert.equal(tags.length, (html.match(/<[a-z]/gi) ?? []).length, `${where}: every tag is well formed`);
  assert.deepEqual(
    tags.filter((t) => t.tag === 'img' || t.attributes.some((a) => a.startsWith('on'))),
    [],
    `${where}: no element or handler from the attack`,
  );
  assert.deepEqual(
    tags.filter((t) => t.tag === 'script').map((t) => t.attributes),
    [['src', 'defer']],
    `${where}: only the page's own script`,
  );
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)'), `${where}: shown as text`);
}

describe('back-office pages escape what merchants type', () => {
  const f = useBackOffice();
  const m = (path: string) => `/admin/merchants/${f.merchantId}/${path}`;

  it('company and trade names, labels, descriptions, ids, URLs, user names: every page shows them as text', async () => {
    const b = f.operator;
    const pos = await firstPointOfSale(f.t, f.merchantId);
    await b.get(m('account'));
    assert.equal((await b.post(m('account'), { companyName: ATTACK, tradeName: ATTACK })).status, 303);
    assert.equal(
      (
        await b.post(m(`points-of-sale/${pos}`), {
          label: ATTACK,
          paymentDelayMinutes: '30',
          notificationUrl: `https://shop.example/n?x="><img/src=x/onerror=alert(1)>`,
        })
      ).status,
      303,
    );
    assert.equal(
      (
        await b.post(m('payment-methods/PAYCONIQFP'), {
          active: 'on',
          label: ATTACK,
          currency: '978',
          pointOfSaleId: pos,
          description: ATTACK,
          partnerContractId: ATTACK,
          tradeName: ATTACK,
        })
      ).status,
      303,
    );
    assert.equal((await b.post(m('access-keys'), { label: ATTACK })).status, 201);
    await addUser(f.t, {
      email: 'xss@demo.example',
      password: 'xss password 12',
      profile: 'read-only',
      merchantId: f.merchantId,
    });
    const user = (await f.t.gateway.backOffice.users.findByEmail('xss@demo.example'))!.user;
    assert.equal((await b.post(m(`users/${user.id}`), { displayName: ATTACK, profile: 'read-only' })).status, 303);

    for (const path of [
      '/admin/merchants',
      m(''),
      m('account'),
      m('points-of-sale'),
      m(`points-of-sale/${pos}`),
      m('payment-methods'),
      m('payment-methods/PAYCONIQFP'),
      m('access-keys'),
      m('users'),
      m(`users/${user.id}`),
      `/admin/audit?merchantId=${f.merchantId}`,
    ])
      assertEscaped((await b.get(path)).html, path);

    // A rejected form sends back what was typed, escaped too.
    const rejected = await b.post(m('points-of-sale/new'), { label: ATTACK, paymentDelayMinutes: ATTACK });
    assert.equal(rejected.status, 422);
    assertEscaped(rejected.html, 'a rejected form');
    // The merchant's own users see the same pages.
    const reader = f.client();
    await reader.signedIn('xss@demo.example', 'xss password 12');
    for (const path of [m(''), m('account'), m('points-of-sale'), m('payment-methods/PAYCONIQFP')])
      assertEscaped((await reader.get(path)).html, `read-only ${path}`);
    // The language link carries the page's own address, encoded.
    const odd = await b.get(`/admin/audit?action=${encodeURIComponent(ATTACK)}`);
    assertEscaped(odd.html, 'the audit filter');
  });
});
