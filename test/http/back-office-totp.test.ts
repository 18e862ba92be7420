import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addUser,
  totpNow,
  useBackOffice,
  type BackOfficeFixture,
  type BoClient,
} from '../support/back-office-client.js';

const MINUTE = 60_000;

/** A merchant user with the second factor on: returns its secret and recovery codes. */
async function enrolled(f: BackOfficeFixture, email: string, password: string) {
  await addUser(f.t, { email, password, profile: 'merchant-admin', merchantId: f.merchantId });
  const b = f.client();
  await b.signedIn(email, password);
  const start = await b.post('/admin/account/totp/start');
  assert.equal(start.location, '/admin/account/totp');
  const page = await b.get('/admin/account/totp');
  const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(page.html)![1]!.replace(/ /g, '');
  assert.match(page.html, /<figure class="qr" data-testid="totp-qr"><svg/);
  const wrong = await b.post('/admin/account/totp/confirm', { code: totpNow(f.t, secret, 5) });
  assert.equal(wrong.status, 422);
  assert.match(wrong.html, /data-testid="problem-code">This code is not the one the app shows\./);
  const done = await b.post('/admin/account/totp/confirm', { code: totpNow(f.t, secret) });
  assert.equal(done.status, 200);
  const codes = [...done.html.matchAll(/data-testid="recovery-code">([a-z0-9-]+)</g)].map((m) => m[1]!);
  assert.equal(codes.length, 10);
  for (const code of codes) assert.match(code, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  assert.match((await b.get('/admin/account')).html, /Recovery codes left: 10\./);
  // Only hashes are kept.
  const rows = await f.t.gateway.db.query<{ code_hash: string }>('SELECT code_hash FROM back_office_recovery_codes');
  for (const code of codes) assert.ok(rows.every((r) => r.code_hash !== code));
  f.t.clock.advance(30_000); // the step used to confirm is spent
  return { secret, codes, b };
}

/** Password right: the browser is on the second-factor step. */
async function passwordStep(f: BackOfficeFixture, email: string, password: string): Promise<BoClient> {
  const b = f.client();
  const res = await b.signIn(email, password);
  assert.equal(res.status, 303);
  assert.equal(res.location, '/admin/sign-in/code');
  await b.get('/admin/sign-in/code');
  return b;
}

describe('back-office second factor (TOTP) and recovery codes', () => {
  const f = useBackOffice();

  it('after the password, the code: only then is the user signed in (on a new session id)', async () => {
    const { secret } = await enrolled(f, 'totp1@demo.example', 'totp one password');
    const b = await passwordStep(f, 'totp1@demo.example', 'totp one password');
    const pending = b.sessionCookie;
    assert.equal((await b.get('/admin/account')).status, 302, 'the password alone opens nothing');
    const res = await b.post('/admin/sign-in/code', { code: totpNow(f.t, secret) });
    assert.equal(res.status, 303);
    assert.notEqual(b.sessionCookie, pending);
    assert.equal((await b.get('/admin/account')).status, 200);
  });

  it('a code is taken once, and codes of other times are refused', async () => {
    const { secret } = await enrolled(f, 'totp2@demo.example', 'totp two password');
    const first = await passwordStep(f, 'totp2@demo.example', 'totp two password');
    const code = totpNow(f.t, secret);
    assert.equal((await first.post('/admin/sign-in/code', { code })).status, 303);
    const replay = await passwordStep(f, 'totp2@demo.example', 'totp two password');
    const again = await replay.post('/admin/sign-in/code', { code });
    assert.equal(again.status, 401);
    assert.match(again.html, /This code is not valid/);
    assert.equal((await replay.post('/admin/sign-in/code', { code: totpNow(f.t, secret, -3) })).status, 401);
    f.t.clock.advance(30_000);
    assert.equal((await replay.post('/admin/sign-in/code', { code: totpNow(f.t, secret) })).status, 303);
  });

  it('a recovery code signs in once; the count goes down', async () => {
    const { codes } = await enrolled(f, 'totp3@demo.example', 'totp three password');
    const b = await passwordStep(f, 'totp3@demo.example', 'totp three password');
    assert.equal((await b.post('/admin/sign-in/code', { code: ` ${codes[3]!.toUpperCase()} ` })).status, 303);
    assert.match((await b.get('/admin/account')).html, /Recovery codes left: 9\./);
    const reuse = await passwordStep(f, 'totp3@demo.example', 'totp three password');
    assert.equal((await reuse.post('/admin/sign-in/code', { code: codes[3]! })).status, 401);
    assert.equal((await reuse.post('/admin/sign-in/code', { code: codes[4]! })).status, 303);
  });

  it('brute force: wrong codes count for the account’s lock-out, across steps', async () => {
    const { secret } = await enrolled(f, 'totp4@demo.example', 'totp four password');
    const first = await passwordStep(f, 'totp4@demo.example', 'totp four password');
    for (let i = 0; i < 2; i++) assert.equal((await first.post('/admin/sign-in/code', { code: '000000' })).status, 401);
    const b = await passwordStep(f, 'totp4@demo.example', 'totp four password');
    for (let i = 0; i < 2; i++) assert.equal((await b.post('/admin/sign-in/code', { code: '000000' })).status, 401);
    const fifth = await b.post('/admin/sign-in/code', { code: '000000' });
    assert.equal(fifth.status, 429, 'the fifth failure of the account locks it');
    assert.match(fifth.html, /this account is locked until/);
    assert.equal(b.sessionCookie, undefined);
    // Even the right password and code wait for the lock to end.
    assert.equal((await f.client().signIn('totp4@demo.example', 'totp four password')).status, 429);
    f.t.clock.advance(16 * MINUTE);
    const after = await passwordStep(f, 'totp4@demo.example', 'totp four password');
    assert.equal((await after.post('/admin/sign-in/code', { code: totpNow(f.t, secret) })).status, 303);
  });

  it('three wrong codes end the step (the password is asked again); a step left waiting 5 minutes ends', async () => {
    const { secret } = await enrolled(f, 'totp5@demo.example', 'totp five password');
    const pending = await passwordStep(f, 'totp5@demo.example', 'totp five password');
    await pending.post('/admin/sign-in/code', { code: 'aaaa-bbbb-cccc-dddd' });
    await pending.post('/admin/sign-in/code', { code: '111111' });
    const ended = await pending.post('/admin/sign-in/code', { code: '111111' });
    assert.equal(ended.status, 303);
    assert.equal(ended.location, '/admin/sign-in?m=again');
    const gone = await pending.post('/admin/sign-in/code', { code: totpNow(f.t, secret) });
    assert.equal(gone.location, '/admin/sign-in?m=again', 'that step is over');

    f.t.clock.advance(16 * MINUTE);
    const slow = await passwordStep(f, 'totp5@demo.example', 'totp five password');
    f.t.clock.advance(5 * MINUTE + 1000);
    const late = await slow.post('/admin/sign-in/code', { code: totpNow(f.t, secret) });
    assert.equal(late.location, '/admin/sign-in?m=again');
    assert.equal((await slow.get('/admin/account')).status, 302);
  });

  it('turning it off asks for the password', async () => {
    const { b } = await enrolled(f, 'totp6@demo.example', 'totp six password');
    await b.get('/admin/account');
    const wrong = await b.post('/admin/account/totp/disable', { password: 'nope' });
    assert.equal(wrong.status, 422);
    assert.equal((await b.post('/admin/account/totp/disable', { password: 'totp six password' })).status, 303);
    assert.match((await b.get('/admin/account')).html, /Off: only your password protects this account/);
    assert.equal((await f.client().signIn('totp6@demo.example', 'totp six password')).location, '/admin/');
  });

  it('the TOTP secret is stored sealed', async () => {
    const { secret } = await enrolled(f, 'totp7@demo.example', 'totp seven password');
    const [row] = await f.t.gateway.db.query<{ totp_secret_sealed: string }>(
      "SELECT totp_secret_sealed FROM back_office_users WHERE email = 'totp7@demo.example'",
    );
    assert.match(row!.totp_secret_sealed, /^v1:/);
    assert.ok(!row!.totp_secret_sealed.includes(secret));
  });
});
