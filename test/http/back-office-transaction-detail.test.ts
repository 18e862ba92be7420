import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Profile } from '../../src/domain/back-office-user.js';
import { createPointOfSale } from '../../src/merchants/configure-contract.js';
import {
  firstPointOfSale,
  signedInAs,
  useBackOffice,
  type BoClient,
  type BoResponse,
} from '../support/back-office-client.js';
import { startRecordingEndpoint } from '../support/recording-endpoint.js';
import { otherMerchant, paidPayment, refundRows, settleRefunds, soapRefund } from '../support/refund-client.js';
import { acceptedPayment } from '../support/notified-payment.js';

type Endpoint = Awaited<ReturnType<typeof startRecordingEndpoint>>;

/** The refund form's key on a page (drawn each time the form is shown). */
const formKeyOf = (page: BoResponse) => /name="key" value="([^"]+)"/.exec(page.html)?.[1];

describe('back-office transaction detail and refunds', () => {
  const f = useBackOffice();
  let shop: Endpoint;
  before(async () => {
    shop = await startRecordingEndpoint();
  });
  after(() => shop.close());

  const m = (path: string, merchantId = f.merchantId) => `/admin/merchants/${merchantId}/${path}`;
  const detailPath = (id: string, merchantId = f.merchantId) => m(`transactions/${id}`, merchantId);
  const as = (profile: Profile, pointOfSaleIds: string[] = []) => signedInAs(f, profile, pointOfSaleIds);
  /** Opens the page (its token and form key), then posts the refund form. */
  const refund = async (b: BoClient, transactionId: string, fields: Record<string, string>) => {
    const page = await b.get(detailPath(transactionId));
    return b.post(`${detailPath(transactionId)}/refund`, { key: formKeyOf(page) ?? '', ...fields });
  };
  const trsTargets = () => shop.received.map((r) => r.target).filter((target) => target.includes('TRS'));

  it('shows the payment: summary, status history, partner exchanges, the notification and its answer', async () => {
    const { token, transactionId } = await acceptedPayment(f.t, { notificationURL: shop.url, amount: '1250' });
    await f.t.gateway.worker.runOnce();
    const page = await f.operator.get(detailPath(transactionId));
    assert.equal(page.status, 200, page.html);
    assert.match(page.html, new RegExp(`<h1>Transaction ${transactionId}</h1>`));
    assert.match(page.html, /data-testid="result-code">00000 ACCEPTED/);
    assert.match(page.html, /data-testid="amount">€12\.50</);
    assert.match(page.html, /data-testid="refundable">€12\.50</);
    assert.match(page.html, /data-testid="order-ref">ORDER-1</);
    assert.match(page.html, /data-testid="buyer">John Doe</);
    assert.ok(page.html.includes(token));
    assert.match(page.html, /data-testid="history-entry">.*ACCEPTED/s);
    assert.match(page.html, /data-testid="exchange" data-source="partner-create"/);
    assert.match(page.html, /data-testid="exchange" data-source="callback"/);
    assert.match(page.html, /data-testid="payment-notification"/);
    assert.match(page.html, /<strong>WEBTRS #\d+<\/strong>/);
    assert.match(page.html, /data-testid="attempt-status">200</);
    assert.ok(page.html.includes(`href="${m('transactions')}" data-testid="back-to-list"`));
    assert.match(page.html, /data-testid="refund-form"/);
    assert.match(page.html, /data-testid="send-again"/);
    assert.ok(page.html.includes(`name="back" value="${detailPath(transactionId)}"`));
    const notificationId = /name="notificationId" value="(\d+)"/.exec(page.html)![1]!;
    const sent = await f.operator.post(m('notifications/send-again'), {
      notificationId,
      back: detailPath(transactionId),
    });
    assert.equal(sent.location, `${detailPath(transactionId)}?sent=queued`, 'send again comes back here');
    assert.match((await f.operator.get(sent.location!)).html, /data-testid="sent-again"/);
    await f.t.gateway.worker.runOnce();

    const fr = f.client();
    fr.cookies.set('passerelle_admin', f.operator.sessionCookie!);
    fr.cookies.set('passerelle_lang', 'fr');
    const french = await fr.get(detailPath(transactionId));
    assert.match(french.html, /Historique des statuts/);
    assert.match(french.html, /12,50\s€/);
  });

  it('a partial refund through the form: same use case as doRefund, audited, the shop gets the same TRS', async () => {
    const { transactionId } = await acceptedPayment(f.t, { notificationURL: shop.url, amount: '1000' });
    const res = await refund(f.operator, transactionId, { amount: '3,00', comment: 'Damaged item' });
    assert.equal(res.status, 303, res.html);
    const [row] = await refundRows(f.t, transactionId);
    assert.ok(row, 'a refund transaction');
    assert.equal(row.amount, 300);
    assert.equal(row.type, 'REFUND');
    assert.equal(res.location, `${detailPath(transactionId)}?refunded=${row.id}`);
    const done = await f.operator.get(res.location!);
    assert.match(done.html, /data-testid="refund-done"/);
    assert.match(done.html, new RegExp(`Refund ${row.id} of €3\\.00 requested`));
    assert.match(done.html, /data-testid="refundable">€7\.00</);
    assert.match(done.html, new RegExp(`data-testid="refund" data-id="${row.id}"`));
    assert.match(done.html, /Damaged item/);
    const stored = await f.t.gateway.deps.refunds.getRefund(row.id);
    assert.equal(stored?.comment, 'Damaged item');

    const audit = await f.t.gateway.backOffice.audit.list({ merchantId: f.merchantId, limit: 50 });
    const entry = audit.find((e) => e.action === 'transaction.refund' && e.target === transactionId);
    assert.ok(entry, 'audited');
    assert.deepEqual(entry.before, { amount: 1000, refundable: 1000 });
    assert.equal(entry.after?.['refundId'], row.id);
    assert.equal(entry.after?.['refunded'], 300);
    assert.equal(entry.after?.['refundable'], 700);

    // The same payment refunded by doRefund: the shop's two TRS notifications are alike.
    const soap = await soapRefund(f.t, { transactionID: transactionId, amount: '200' });
    assert.equal(soap.field('code'), '00000', soap.body);
    const soapId = soap.field('id')!;
    await settleRefunds(f.t);
    const ours = trsTargets().filter((target) => target.endsWith(row.id));
    const theirs = trsTargets().filter((target) => target.endsWith(soapId));
    assert.deepEqual(ours, [`/notify?notificationType=TRS&transactionId=${row.id}`]);
    assert.deepEqual(
      theirs.map((target) => target.replace(soapId, row.id)),
      ours,
    );
    const after = await f.operator.get(detailPath(transactionId));
    assert.match(after.html, new RegExp(`data-id="${row.id}" data-status="REFUNDED"`));
    assert.match(after.html, /<strong>TRS #\d+<\/strong>/, 'the refunds’ notifications are on the page');

    // The refund's own page leads to its payment.
    const own = await f.operator.get(detailPath(row.id));
    assert.equal(own.status, 200);
    assert.ok(own.html.includes(`href="${detailPath(transactionId)}" data-testid="to-payment"`));
    assert.doesNotMatch(own.html, /data-testid="refund-form"/);
  });

  it('an amount that is not one, zero, or more than is left: refused next to the field, nothing refunded', async () => {
    const { transactionId } = await acceptedPayment(f.t, { amount: '1000' });
    assert.equal((await refund(f.operator, transactionId, { amount: '7.00' })).status, 303);

    const over = await refund(f.operator, transactionId, { amount: '3,01', comment: 'kept' });
    assert.equal(over.status, 422);
    assert.match(over.html, /data-testid="problem-amount">The refund was refused \(02613 The maximal sum/);
    assert.match(over.html, /aria-invalid="true"/);
    assert.match(over.html, /value="3,01"/, 'what was typed comes back');
    assert.match(over.html, /value="kept"/);
    assert.match(over.html, /data-testid="problem-summary"/);
    assert.ok(over.html.includes(`next=${encodeURIComponent(detailPath(transactionId))}"`), 'language links: the page');
    for (const [amount, problem] of [
      ['abc', 'An amount such as 12,50 or 12.50.'],
      ['1,234', 'An amount such as 12,50 or 12.50.'],
      ['-1', 'An amount such as 12,50 or 12.50.'],
      ['0,00', 'More than zero.'],
      ['', 'Required.'],
    ]) {
      const res = await refund(f.operator, transactionId, { amount: amount! });
      assert.equal(res.status, 422, amount);
      assert.ok(res.html.includes(`data-testid="problem-amount">${problem}`), `${amount}: ${res.html}`);
    }
    assert.deepEqual(
      (await refundRows(f.t, transactionId)).map((r) => r.amount),
      [700],
    );
    assert.equal((await refund(f.operator, transactionId, { amount: '3' })).status, 303, 'the rest is refundable');
    const none = await f.operator.get(detailPath(transactionId));
    assert.doesNotMatch(none.html, /data-testid="refund-form"/);
    assert.match(none.html, /data-testid="nothing-to-refund"/);
  });

  it('a double submit of the form refunds once', async () => {
    const { transactionId } = await acceptedPayment(f.t, { amount: '1000' });
    const page = await f.operator.get(detailPath(transactionId));
    const fields = { key: formKeyOf(page)!, amount: '2.50' };
    const [a, b] = await Promise.all([
      f.operator.post(`${detailPath(transactionId)}/refund`, fields),
      f.operator.post(`${detailPath(transactionId)}/refund`, fields),
    ]);
    assert.equal(a.status, 303, a.html);
    assert.equal(b.status, 303, b.html);
    assert.equal(a.location, b.location);
    const again = await f.operator.post(`${detailPath(transactionId)}/refund`, fields);
    assert.equal(again.location, a.location);
    assert.deepEqual(
      (await refundRows(f.t, transactionId)).map((r) => r.amount),
      [250],
    );
    const audit = await f.t.gateway.backOffice.audit.list({ merchantId: f.merchantId, limit: 50 });
    assert.equal(audit.filter((e) => e.action === 'transaction.refund' && e.target === transactionId).length, 1);
    // A form without its key, or with one it was not given, is no refund.
    const noKey = await f.operator.post(`${detailPath(transactionId)}/refund`, { amount: '1' });
    assert.equal(noKey.status, 422);
    assert.equal((await refundRows(f.t, transactionId)).length, 1);
  });

  it('a user without powers reads the page but is offered no form, and a post is refused (403)', async () => {
    const { transactionId } = await acceptedPayment(f.t, { notificationURL: shop.url });
    await f.t.gateway.worker.runOnce();
    const reader = await as('read-only');
    const page = await reader.get(detailPath(transactionId));
    assert.equal(page.status, 200);
    assert.match(page.html, /data-testid="status-history"/);
    assert.doesNotMatch(page.html, /data-testid="refund-form"/);
    assert.doesNotMatch(page.html, /send-again/);
    const key = formKeyOf(await f.operator.get(detailPath(transactionId)))!;
    const res = await reader.post(`${detailPath(transactionId)}/refund`, { key, amount: '1' });
    assert.equal(res.status, 403);
    assert.deepEqual(await refundRows(f.t, transactionId), []);

    const powers = await as('powers');
    assert.match((await powers.get(detailPath(transactionId))).html, /data-testid="refund-form"/);
    assert.equal((await refund(powers, transactionId, { amount: '1' })).status, 303);
  });

  it('another merchant’s transaction is not found, by URL or by the form', async () => {
    const mine = await acceptedPayment(f.t);
    const other = await otherMerchant(f.t);
    const theirs = await paidPayment(f.t, { contractNumber: other.contractNumber, authorization: other.authorization });
    const admin = await as('merchant-admin');
    assert.equal((await admin.get(detailPath(mine.transactionId))).status, 200);
    assert.equal((await admin.get(detailPath(theirs.transactionId))).status, 404);
    assert.equal((await admin.get(detailPath(mine.transactionId, other.merchantId))).status, 404);
    assert.equal((await admin.get(detailPath('..%2F..%2Fx'))).status, 404);
    const key = formKeyOf(await admin.get(detailPath(mine.transactionId)))!;
    for (const path of [
      `${detailPath(theirs.transactionId)}/refund`,
      `${detailPath(theirs.transactionId, other.merchantId)}/refund`,
      `${detailPath(mine.transactionId, other.merchantId)}/refund`,
    ]) {
      const res = await admin.post(path, { key, amount: '1', transactionId: theirs.transactionId });
      assert.equal(res.status, 404, path);
    }
    // The operator, on the other merchant's URL, naming this merchant's transaction.
    assert.equal((await f.operator.get(detailPath(mine.transactionId, other.merchantId))).status, 404);
    assert.deepEqual(await refundRows(f.t, theirs.transactionId), []);
    assert.deepEqual(await refundRows(f.t, mine.transactionId), []);
  });

  it('a manager of points of sale reaches only the transactions of theirs', async () => {
    const { transactionId } = await acceptedPayment(f.t);
    const elsewhere = await createPointOfSale(f.t.gateway.backOffice, { merchantId: f.merchantId, label: 'Far' });
    const outsider = await as('pos-manager', [elsewhere.id]);
    assert.equal((await outsider.get(detailPath(transactionId))).status, 404);
    await outsider.get(m('points-of-sale'));
    const key = formKeyOf(await f.operator.get(detailPath(transactionId)))!;
    assert.equal((await outsider.post(`${detailPath(transactionId)}/refund`, { key, amount: '1' })).status, 404);
    const manager = await as('pos-manager', [await firstPointOfSale(f.t, f.merchantId)]);
    assert.equal((await refund(manager, transactionId, { amount: '1' })).status, 303);
    assert.equal((await refundRows(f.t, transactionId)).length, 1);
  });

  it('a form without its anti-forgery token is refused and refunds nothing', async () => {
    const { transactionId } = await acceptedPayment(f.t);
    const key = formKeyOf(await f.operator.get(detailPath(transactionId)))!;
    const path = `${detailPath(transactionId)}/refund`;
    assert.equal((await f.operator.post(path, { key, amount: '1' }, { csrf: null })).status, 403);
    assert.equal((await f.operator.post(path, { key, amount: '1' }, { csrf: 'forged' })).status, 403);
    assert.equal((await f.operator.post(path, { key, amount: '1' }, { origin: 'https://evil.example' })).status, 403);
    assert.deepEqual(await refundRows(f.t, transactionId), []);
  });

  it('the order reference and the buyer’s name are escaped', async () => {
    const orderRef = '<script>alert(1)</script>';
    const lastName = '"><img src=x onerror=alert(2)>';
    const { transactionId } = await acceptedPayment(f.t, { orderRef, lastName });
    const page = await f.operator.get(detailPath(transactionId));
    assert.equal(page.status, 200);
    assert.ok(!page.html.includes(orderRef));
    assert.ok(!page.html.includes('<img src=x'));
    assert.match(page.html, /data-testid="order-ref">&lt;script>alert\(1\)&lt;\/script></);
    assert.match(page.html, /data-testid="buyer">John &quot;>&lt;img src=x onerror=alert\(2\)></);
    const refused = await refund(f.operator, transactionId, { amount: '<b>1</b>', comment: '<i>x</i>' });
    assert.equal(refused.status, 422);
    assert.ok(!refused.html.includes('<b>1</b>') && !refused.html.includes('<i>x</i>'));
  });
});
