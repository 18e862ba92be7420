import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addUser, firstPointOfSale, OPERATOR, useBackOffice } from '../support/back-office-client.js';
import { notifiedPayment } from '../support/notified-payment.js';
import { startRecordingEndpoint, type RecordedRequest } from '../support/recording-endpoint.js';

/**
 * A merchant's verification, written from the Standard Webhooks 1.0 text rather than the
 * gateway's code: HMAC-SHA256 keyed with the base64 part of `whsec_…` over
 * `{webhook-id}.{webhook-timestamp}.{payload}`, the payload of a GET being its request target.
 */
function verifies(secret: string, req: RecordedRequest): boolean {
  const id = String(req.headers['webhook-id']);
  const timestamp = String(req.headers['webhook-timestamp']);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${req.target}`).digest();
  return String(req.headers['webhook-signature'])
    .split(' ')
    .some((s) => {
      const [version, signature] = s.split(',');
      const given = Buffer.from(signature ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

describe('Standard Webhooks signatures of merchant notifications, per point of sale', () => {
  const f = useBackOffice();
  let merchant: Awaited<ReturnType<typeof startRecordingEndpoint>>;
  let pos: string;
  before(async () => {
    merchant = await startRecordingEndpoint();
    pos = await firstPointOfSale(f.t, f.merchantId);
  });
  after(() => merchant.close());

  const posPath = () => `/admin/merchants/${f.merchantId}/points-of-sale/${pos}`;
  const notify = async () => {
    const token = await notifiedPayment(f.t, merchant.url);
    await f.t.gateway.worker.runOnce();
    const req = merchant.received.at(-1)!;
    assert.match(req.target, new RegExp(`token=${token}`));
    return { token, req };
  };
  const issue = async () => {
    await f.operator.get(posPath());
    const res = await f.operator.post(`${posPath()}/signing-secret`);
    assert.equal(res.status, 201, res.html);
    const secret = /data-testid="signing-secret">([^<]+)</.exec(res.html)?.[1];
    assert.ok(secret, 'shown once');
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    return secret;
  };

  it('an unsigned point of sale (the default) sends no webhook-* header', async () => {
    const { req } = await notify();
    assert.deepEqual(
      Object.keys(req.headers).filter((h) => h.startsWith('webhook-')),
      [],
    );
    assert.match((await f.operator.get(posPath())).html, /data-testid="signing-status">Off/);
  });

  it('once a secret is made, every attempt is signed; the id stays, the timestamp is the attempt’s', async () => {
    const secret = await issue();
    // Never again in clear: not on the page, not in the database, not in the audit log.
    const page = await f.operator.get(posPath());
    assert.ok(!page.html.includes(secret));
    assert.match(page.html, /data-testid="signing-status">On since/);
    const stored = await f.t.gateway.backOffice.webhookSecrets.get(pos);
    assert.ok(stored && !stored.sealed.includes(secret.slice(6)));
    assert.equal(f.t.gateway.backOffice.secrets.open(stored.sealed), secret);
    const audit = await f.t.gateway.backOffice.audit.list({ merchantId: f.merchantId, limit: 20 });
    const created = audit.find((e) => e.action === 'point-of-sale.signing-secret.create');
    assert.ok(created);
    assert.ok(!JSON.stringify(audit).includes(secret.slice(6)));

    merchant.answers.push({ status: 500 });
    const { token, req: first } = await notify();
    assert.ok(verifies(secret, first), 'verified independently');
    assert.equal(first.headers['webhook-signature']!.toString().split(' ').length, 1);
    assert.equal(first.headers['webhook-timestamp'], String(Math.floor(f.t.clock.now().getTime() / 1000)));
    assert.ok(!verifies(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, first), 'another secret does not verify');
    // A changed query (another token) does not verify.
    assert.ok(!verifies(secret, { ...first, target: first.target.replace(token, `${token}x`) }));

    f.t.clock.advanceMinutes(1);
    await f.t.gateway.worker.runOnce();
    const retry = merchant.received.at(-1)!;
    assert.equal(retry.headers['webhook-id'], first.headers['webhook-id']);
    assert.match(String(retry.headers['webhook-id']), /^msg_\d+$/);
    assert.equal(Number(retry.headers['webhook-timestamp']) - Number(first.headers['webhook-timestamp']), 60);
    assert.ok(verifies(secret, retry));
    const attempts = await f.t.gateway.backOffice.notificationLog.listAttempts({
      merchantId: f.merchantId,
      reference: token,
      limit: 10,
    });
    assert.deepEqual(
      attempts.map((a) => a.signed),
      [true, true],
    );
  });

  it('a rotation signs with both secrets for 24 hours, then with the new one only', async () => {
    const old = (await f.t.gateway.backOffice.webhookSecrets.get(pos))!;
    const oldSecret = f.t.gateway.backOffice.secrets.open(old.sealed);
    const fresh = await issue();
    assert.notEqual(fresh, oldSecret);
    assert.match((await f.operator.get(posPath())).html, /The previous secret also signs until/);
    const { req: during } = await notify();
    assert.equal(String(during.headers['webhook-signature']).split(' ').length, 2);
    assert.ok(verifies(fresh, during));
    assert.ok(verifies(oldSecret, during));

    f.t.clock.advance(24 * 60 * 60_000 + 1000);
    const { req: later } = await notify();
    assert.equal(String(later.headers['webhook-signature']).split(' ').length, 1);
    assert.ok(verifies(fresh, later));
    assert.ok(!verifies(oldSecret, later));
    assert.doesNotMatch((await f.operator.get(posPath())).html, /The previous secret also signs until/);
  });

  it('read-only users cannot make a secret; another merchant’s point of sale is not found', async () => {
    // The day the test before let pass ended the sessions.
    await f.operator.signedIn(OPERATOR.email, OPERATOR.password);
    await addUser(f.t, {
      email: 'reader@demo.example',
      password: 'profile password 1',
      profile: 'read-only',
      merchantId: f.merchantId,
    });
    const reader = f.client();
    await reader.signedIn('reader@demo.example', 'profile password 1');
    await reader.get(`/admin/merchants/${f.merchantId}/points-of-sale`);
    assert.equal((await reader.post(`${posPath()}/signing-secret`)).status, 403);
    assert.equal((await reader.post(`${posPath()}/signing-secret/remove`)).status, 403);
    assert.ok(await f.t.gateway.backOffice.webhookSecrets.get(pos), 'still signing');
    await f.operator.get(posPath());
    const other = `/admin/merchants/${f.merchantId}/points-of-sale/${f.otherPointOfSaleId}/signing-secret`;
    assert.equal((await f.operator.post(other)).status, 404);
    assert.equal(await f.t.gateway.backOffice.webhookSecrets.get(f.otherPointOfSaleId), undefined);
  });

  it('stopping the signature makes notifications unsigned again', async () => {
    await f.operator.get(posPath());
    const res = await f.operator.post(`${posPath()}/signing-secret/remove`);
    assert.equal(res.location, posPath());
    const { req } = await notify();
    assert.equal(req.headers['webhook-signature'], undefined);
    const audit = await f.t.gateway.backOffice.audit.list({ merchantId: f.merchantId, limit: 20 });
    assert.ok(audit.some((e) => e.action === 'point-of-sale.signing-secret.remove'));
  });
});
