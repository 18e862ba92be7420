import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Profile } from '../../src/domain/back-office-user.js';
import { createPointOfSale } from '../../src/merchants/configure-contract.js';
import { deliverDueNotifications } from '../../src/payments/deliver-notifications.js';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { notificationsOfPayment } from '../../src/backoffice/notifications.js';
import { NotificationAttempts } from '../../src/http/backoffice/views/notification-attempts.js';
import { firstPointOfSale, OPERATOR, signedInAs, useBackOffice, type BoClient } from '../support/back-office-client.js';
import { notifiedPayment } from '../support/notified-payment.js';
import { startRecordingEndpoint } from '../support/recording-endpoint.js';

type Endpoint = Awaited<ReturnType<typeof startRecordingEndpoint>>;

describe('back-office notifications: the delivery log, the page, send again', () => {
  const f = useBackOffice();
  let merchant: Endpoint;
  before(async () => {
    merchant = await startRecordingEndpoint();
  });
  after(() => merchant.close());

  const m = (path: string) => `/admin/merchants/${f.merchantId}/${path}`;
  const attemptsOf = (reference: string) =>
    f.t.gateway.backOffice.notificationLog.listAttempts({ merchantId: f.merchantId, reference, limit: 100 });
  const notificationOf = async (token: string) => (await f.t.gateway.deps.outbox.list({ token }))[0]!;
  const as = (profile: Profile, pointOfSaleIds: string[] = []) => signedInAs(f, profile, pointOfSaleIds);
  const sendAgain = async (b: BoClient, notificationId: string, path = m('notifications')) => {
    await b.get(path);
    return b.post(path.replace(/notifications.*$/, 'notifications/send-again'), { notificationId, back: path });
  };

  it('logs every attempt: HTTP 500 with its answer, refused, timeout, then delivered', async () => {
    const hanging = await startRecordingEndpoint();
    try {
      merchant.answers.push({ status: 500, body: `Internal error ${'x'.repeat(2000)}` });
      const token = await notifiedPayment(f.t, merchant.url);
      await f.t.gateway.worker.runOnce();
      f.t.clock.advanceMinutes(1);
      await f.t.gateway.worker.runOnce();
      const [delivered, failed] = await attemptsOf(token);
      assert.equal(failed?.httpStatus, 500);
      assert.equal(failed?.delivered, false);
      assert.match(failed!.bodyExcerpt!, /^Internal error x+$/);
      assert.equal(failed!.bodyExcerpt!.length, 500, 'the excerpt is bounded');
      assert.ok(failed!.durationMs >= 0);
      assert.equal(failed?.signed, false);
      assert.equal(delivered?.httpStatus, 200);
      assert.equal(delivered?.delivered, true);
      assert.equal(delivered?.bodyExcerpt, 'OK');
      assert.equal(delivered?.notificationStatus, 'delivered');
      assert.match(delivered!.url, new RegExp(`^${merchant.url}\\?notificationType=WEBTRS&token=${token}$`));
      assert.equal(delivered?.pointOfSaleId, await firstPointOfSale(f.t, f.merchantId));

      const refused = await notifiedPayment(f.t, 'http://127.0.0.1:9/unreachable');
      await f.t.gateway.worker.runOnce();
      const [noConnection] = await attemptsOf(refused);
      assert.equal(noConnection?.httpStatus, undefined);
      assert.match(noConnection!.failure!, /fetch failed|ECONNREFUSED/);
      assert.equal(noConnection?.notificationStatus, 'pending');

      hanging.answers.push({ status: 0, hang: true });
      const slow = await notifiedPayment(f.t, hanging.url);
      await deliverDueNotifications(f.t.gateway.deps, { timeoutMs: 200 });
      const [timedOut] = await attemptsOf(slow);
      assert.equal(timedOut?.failure, 'no answer within 200 ms');
      assert.equal(timedOut?.httpStatus, undefined);
    } finally {
      await hanging.close();
    }
  });

  it('the page lists attempts newest first, filters them, and pages by keyset', async () => {
    const token = await notifiedPayment(f.t, 'http://127.0.0.1:9/page-test');
    for (let i = 0; i < 52; i++) {
      await f.t.gateway.worker.runOnce();
      f.t.clock.advanceMinutes(1);
    }
    const first = await f.operator.get(m(`notifications?reference=${token}`));
    assert.equal(first.status, 200);
    const rows = [...first.html.matchAll(/data-testid="attempt" data-notification="(\d+)"/g)];
    assert.equal(rows.length, 50);
    const older = /href="([^"]+)" data-testid="attempts-older"/.exec(first.html)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(older, 'a link to older attempts');
    assert.doesNotMatch(older, /offset/i);
    const second = await f.operator.get(older);
    assert.equal([...second.html.matchAll(/data-testid="attempt"/g)].length, 2);
    assert.doesNotMatch(second.html, /data-testid="attempts-older"/);

    // Filters: outcome, HTTP status, type, point of sale, period.
    const none = await f.operator.get(m(`notifications?reference=${token}&outcome=delivered`));
    assert.match(none.html, /data-testid="no-attempts"/);
    assert.match(
      (await f.operator.get(m(`notifications?reference=${token}&outcome=pending`))).html,
      /data-testid="attempt"/,
    );
    assert.match(
      (await f.operator.get(m(`notifications?reference=${token}&type=TRS`))).html,
      /data-testid="no-attempts"/,
    );
    assert.match((await f.operator.get(m('notifications?httpStatus=500'))).html, /data-testid="attempt"/);
    assert.match((await f.operator.get(m('notifications?httpStatus=418'))).html, /data-testid="no-attempts"/);
    assert.match((await f.operator.get(m('notifications?from=2999-01-01'))).html, /data-testid="no-attempts"/);
    assert.match((await f.operator.get(m('notifications?to=2000-01-01'))).html, /data-testid="no-attempts"/);
    const pos = await firstPointOfSale(f.t, f.merchantId);
    assert.match((await f.operator.get(m(`notifications?pointOfSaleId=${pos}`))).html, /data-testid="attempt"/);
    assert.match((await f.operator.get(m('notifications?pointOfSaleId=nope'))).html, /data-testid="no-attempts"/);
    // Nonsense is no filter, never an error.
    const odd = await f.operator.get(m('notifications?after=zzz&httpStatus=abc&from=yesterday&type=%3Cx%3E'));
    assert.equal(odd.status, 200);
  });

  it('send again re-delivers a delivered notification, once per click while pending, audited', async () => {
    const token = await notifiedPayment(f.t, merchant.url);
    await f.t.gateway.worker.runOnce();
    const n = await notificationOf(token);
    assert.equal(n.status, 'delivered');
    const before = merchant.received.length;

    const first = await sendAgain(f.operator, n.id);
    assert.equal(first.status, 303);
    assert.match(first.location!, /\/notifications\?sent=queued$/);
    assert.match((await f.operator.get(first.location!)).html, /data-testid="sent-again"/);
    const second = await sendAgain(f.operator, n.id);
    assert.match(second.location!, /sent=already-pending/);
    assert.equal((await notificationOf(token)).status, 'pending');

    await f.t.gateway.worker.runOnce();
    await f.t.gateway.worker.runOnce();
    assert.equal(merchant.received.length, before + 1, 'sent again exactly once');
    assert.equal((await notificationOf(token)).status, 'delivered');
    assert.equal((await attemptsOf(token)).length, 2);
    const audit = await f.t.gateway.backOffice.audit.list({ merchantId: f.merchantId, limit: 50 });
    const entries = audit.filter((e) => e.action === 'notification.send-again' && e.target === n.id);
    assert.equal(entries.length, 1, 'audited once');
    assert.equal(entries[0]!.before?.['status'], 'delivered');
  });

  it('send again also sends one skipped because the merchant had fetched the result', async () => {
    const token = await notifiedPayment(f.t, merchant.url);
    await f.t.gateway.deps.sessions.update(token, (s) => ({ session: { ...s, resultFetchedAt: f.t.clock.now() } }));
    await f.t.gateway.worker.runOnce();
    const n = await notificationOf(token);
    assert.equal(n.status, 'skipped');
    await sendAgain(f.operator, n.id);
    await f.t.gateway.worker.runOnce();
    assert.equal((await notificationOf(token)).status, 'delivered');
  });

  it('read-only users see the log but cannot send again (403)', async () => {
    const token = await notifiedPayment(f.t, merchant.url);
    await f.t.gateway.worker.runOnce();
    const n = await notificationOf(token);
    const b = await as('read-only');
    const page = await b.get(m(`notifications?reference=${token}`));
    assert.equal(page.status, 200);
    assert.match(page.html, /data-testid="attempt"/);
    assert.doesNotMatch(page.html, /send-again/);
    assert.equal((await b.post(m('notifications/send-again'), { notificationId: n.id })).status, 403);
    assert.equal((await notificationOf(token)).status, 'delivered');
  });

  it('another merchant’s URL or notification is not found', async () => {
    const token = await notifiedPayment(f.t, merchant.url);
    await f.t.gateway.worker.runOnce();
    const n = await notificationOf(token);
    const admin = await as('merchant-admin');
    const other = `/admin/merchants/${f.otherMerchantId}/notifications`;
    assert.equal((await admin.get(other)).status, 404);
    await admin.get(m('notifications'));
    assert.equal((await admin.post(`${other}/send-again`, { notificationId: n.id })).status, 404);
    // The operator, on the other merchant's URL, naming this merchant's notification.
    await f.operator.get(other);
    assert.equal((await f.operator.post(`${other}/send-again`, { notificationId: n.id })).status, 404);
    assert.equal((await f.operator.post(m('notifications/send-again'), { notificationId: '99999999' })).status, 404);
    assert.equal((await f.operator.post(m('notifications/send-again'), { notificationId: 'x; DROP' })).status, 404);
    assert.equal((await notificationOf(token)).status, 'delivered');
    // "back" never leads away from the merchant's pages.
    const res = await f.operator.post(m('notifications/send-again'), {
      notificationId: n.id,
      back: 'https://evil.example/',
    });
    assert.match(res.location!, new RegExp(`^/admin/merchants/${f.merchantId}/notifications\\?sent=`));
  });

  it('a manager of points of sale sees and sends again only theirs', async () => {
    const token = await notifiedPayment(f.t, merchant.url);
    await f.t.gateway.worker.runOnce();
    const n = await notificationOf(token);
    const elsewhere = await createPointOfSale(f.t.gateway.backOffice, {
      merchantId: f.merchantId,
      label: 'Elsewhere',
    });
    const outsider = await as('pos-manager', [elsewhere.id]);
    assert.doesNotMatch((await outsider.get(m(`notifications?reference=${token}`))).html, /data-testid="attempt"/);
    assert.equal((await outsider.post(m('notifications/send-again'), { notificationId: n.id })).status, 404);
    const manager = await as('pos-manager', [await firstPointOfSale(f.t, f.merchantId)]);
    assert.match((await manager.get(m(`notifications?reference=${token}`))).html, /data-testid="attempt"/);
    assert.equal((await sendAgain(manager, n.id)).status, 303);
    assert.equal((await notificationOf(token)).status, 'pending');
    await f.t.gateway.worker.runOnce();
  });

  it('the component for a payment’s page lists its notifications and sends one again back to that page', async () => {
    merchant.answers.push({ status: 404, body: 'no such order' });
    const token = await notifiedPayment(f.t, merchant.url);
    await f.t.gateway.worker.runOnce();
    f.t.clock.advanceMinutes(1);
    await f.t.gateway.worker.runOnce();
    const operator = { user: (await f.t.gateway.backOffice.users.findByEmail(OPERATOR.email))!.user };
    const notifications = await notificationsOfPayment(f.t.gateway.backOffice, operator, f.merchantId, token);
    assert.equal(notifications.length, 1);
    assert.deepEqual(
      notifications[0]!.attempts.map((a) => a.httpStatus),
      [200, 404],
    );
    const back = m(`transactions/${token}`);
    const html = renderToString(
      h(NotificationAttempts, {
        lang: 'fr',
        csrf: 'the-token',
        merchantId: f.merchantId,
        notifications,
        canSendAgain: true,
        back,
      }),
    );
    assert.match(html, /Notifications de ce paiement/);
    assert.equal([...html.matchAll(/data-testid="attempt"/g)].length, 2);
    assert.match(html, /no such order/);
    assert.match(html, /name="_csrf" value="the-token"/);
    assert.ok(html.includes(`name="back" value="${back}"`));
    await f.operator.get(m('notifications'));
    const res = await f.operator.post(m('notifications/send-again'), {
      notificationId: notifications[0]!.notification.id,
      back,
    });
    assert.equal(res.location, `${back}?sent=queued`);
    await f.t.gateway.worker.runOnce();
    // Nothing under another merchant's name.
    assert.deepEqual(await notificationsOfPayment(f.t.gateway.backOffice, operator, f.otherMerchantId, token), []);
  });

  it('URLs and answers are shown escaped', async () => {
    const evil = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`;
    merchant.answers.push({ status: 503, body: evil });
    const token = await notifiedPayment(f.t, `${merchant.url}?shop='a&b'`);
    await f.t.gateway.worker.runOnce();
    const page = await f.operator.get(m(`notifications?reference=${token}`));
    assert.doesNotMatch(page.html, /<script>alert|<img src=x/);
    assert.ok(page.html.includes('&lt;script>alert(1)&lt;/script>&quot;>&lt;img src=x'), 'the answer, escaped');
    assert.match(page.html, /shop=&#39;a&amp;b&#39;|shop='a&amp;b'|shop=%27a&amp;b%27/);
    f.t.clock.advanceMinutes(1);
    await f.t.gateway.worker.runOnce();
  });
});
