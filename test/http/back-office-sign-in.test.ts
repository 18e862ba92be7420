import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ensureFirstOperator } from '../../src/backoffice/first-users.js';
import { hashSessionId } from '../../src/backoffice/sessions.js';
import { addUser, BoClient, OPERATOR, startBackOffice, useBackOffice } from '../support/back-office-client.js';
import { startTestGateway } from '../support/test-gateway.js';

const MINUTE = 60_000;

describe('back-office sign-in', () => {
  const f = useBackOffice();

  it('signs in with the right password only; an unknown e-mail is answered as a wrong password', async () => {
    const user = await addUser(f.t, {
      email: 'reader@demo.example',
      password: 'reader password 1',
      profile: 'read-only',
      merchantId: f.merchantId,
    });
    const b = f.client();
    const wrong = await b.signIn(user.email, 'not the password');
    assert.equal(wrong.status, 401);
    assert.match(wrong.html, /E-mail or password incorrect\./);
    const unknown = await b.signIn('nobody@demo.example', 'reader password 1');
    assert.equal(unknown.status, 401);
    assert.equal(unknown.html.replace(/value="[^"]*"/g, ''), wrong.html.replace(/value="[^"]*"/g, ''), 'the same page');
    assert.equal(b.sessionCookie, undefined);

    const right = await b.signIn('  Reader@Demo.Example ', 'reader password 1');
    assert.equal(right.status, 303);
    assert.equal(right.location, '/admin/');
    const home = await b.get('/admin/');
    assert.equal(home.location, `/admin/merchants/${f.merchantId}/`);
    assert.equal((await b.get(home.location!)).status, 200);
  });

  it('the session cookie: HttpOnly, SameSite=Lax, path /admin, not Secure on http; only its hash is stored', async () => {
    const b = f.client();
    await b.get('/admin/sign-in');
    const res = await b.post('/admin/sign-in', OPERATOR);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('passerelle_admin='))!;
    assert.match(cookie, /; Path=\/admin; HttpOnly; SameSite=Lax$/);
    const id = b.sessionCookie!;
    assert.match(id, /^[\w-]{43}$/);
    const rows = await f.t.gateway.db.query<{ id_hash: string }>('SELECT id_hash FROM back_office_sessions');
    assert.ok(rows.some((r) => r.id_hash === hashSessionId(id)));
    assert.ok(rows.every((r) => r.id_hash !== id));
  });

  it('no session fixation: the id a browser brings is never the one it leaves with, and the old one is dead', async () => {
    const b = f.client();
    await b.signedIn(OPERATOR.email, OPERATOR.password);
    const before = b.sessionCookie!;
    // Signing in again (or someone planting their own session id first) gets a new id.
    const res = await b.signIn(OPERATOR.email, OPERATOR.password);
    assert.equal(res.status, 303);
    assert.notEqual(b.sessionCookie, before);
    const stale = f.client();
    stale.cookies.set('passerelle_admin', before);
    assert.equal((await stale.get('/admin/merchants')).status, 302, 'the previous id no longer signs in');

    const planted = f.client();
    planted.cookies.set('passerelle_admin', 'attacker-chosen-session-id-0123456789abcdefgh');
    await planted.signIn(OPERATOR.email, OPERATOR.password);
    assert.notEqual(planted.sessionCookie, 'attacker-chosen-session-id-0123456789abcdefgh');
    assert.equal((await planted.get('/admin/merchants')).status, 200);
  });

  it('a session ends after an hour without a request, not while it is used; at most 12 hours', async () => {
    const b = f.client();
    await b.signedIn(OPERATOR.email, OPERATOR.password);
    for (let i = 0; i < 3; i++) {
      f.t.clock.advance(59 * MINUTE);
      assert.equal((await b.get('/admin/merchants')).status, 200, `still on after ${(i + 1) * 59} minutes of use`);
    }
    f.t.clock.advance(61 * MINUTE);
    const ended = await b.get('/admin/merchants');
    assert.equal(ended.status, 302);
    assert.equal(ended.location, '/admin/sign-in?m=ended&next=%2Fadmin%2Fmerchants');
    assert.match((await b.get(ended.location!)).html, /Your session has ended/);

    await b.signedIn(OPERATOR.email, OPERATOR.password);
    for (let i = 0; i < 14; i++) {
      f.t.clock.advance(55 * MINUTE);
      await b.get('/admin/merchants');
    }
    assert.equal((await b.get('/admin/merchants')).status, 302, 'past 12 hours, even in use');
  });

  it('the worker removes the sessions that ended without a request', async () => {
    const b = f.client();
    await b.signedIn(OPERATOR.email, OPERATOR.password);
    const idHash = hashSessionId(b.sessionCookie!);
    const count = async () =>
      (await f.t.gateway.db.query('SELECT 1 FROM back_office_sessions WHERE id_hash = $1', [idHash])).length;
    await f.t.gateway.worker.runOnce();
    assert.equal(await count(), 1);
    f.t.clock.advance(61 * MINUTE);
    await f.t.gateway.worker.runOnce();
    assert.equal(await count(), 0);
  });

  it('signing out ends the session; "sign out everywhere" ends every session of the user, and only theirs', async () => {
    const user = await addUser(f.t, {
      email: 'admin-everywhere@demo.example',
      password: 'everywhere password',
      profile: 'merchant-admin',
      merchantId: f.merchantId,
    });
    const [phone, laptop, someoneElse] = [f.client(), f.client(), f.client()];
    await phone.signedIn(user.email, 'everywhere password');
    await laptop.signedIn(user.email, 'everywhere password');
    await someoneElse.signedIn(OPERATOR.email, OPERATOR.password);

    const out = await phone.post('/admin/account/sign-out-everywhere');
    assert.equal(out.status, 303);
    assert.equal(out.location, '/admin/sign-in?m=signed-out');
    assert.equal((await phone.get('/admin/account')).status, 302);
    assert.equal((await laptop.get('/admin/account')).status, 302);
    assert.equal((await someoneElse.get('/admin/account')).status, 200);

    await laptop.signedIn(user.email, 'everywhere password');
    await laptop.post('/admin/sign-out');
    assert.equal(laptop.sessionCookie, undefined);
    assert.equal((await laptop.get('/admin/account')).status, 302);
  });

  it('changing the password asks the current one, and ends the other sessions', async () => {
    const user = await addUser(f.t, {
      email: 'changer@demo.example',
      password: 'first password 1',
      profile: 'powers',
      merchantId: f.merchantId,
    });
    const [here, there] = [f.client(), f.client()];
    await here.signedIn(user.email, 'first password 1');
    await there.signedIn(user.email, 'first password 1');
    const wrong = await here.post('/admin/account/password', {
      current: 'nope',
      password: 'second password 2',
      confirm: 'second password 2',
    });
    assert.equal(wrong.status, 422);
    assert.match(wrong.html, /data-testid="problem-current">Wrong password\./);
    const short = await here.post('/admin/account/password', {
      current: 'first password 1',
      password: 'short',
      confirm: 'short',
    });
    assert.match(short.html, /data-testid="problem-password">At least 12 characters\./);
    const mismatch = await here.post('/admin/account/password', {
      current: 'first password 1',
      password: 'second password 2',
      confirm: 'second password 3',
    });
    assert.match(mismatch.html, /data-testid="problem-confirm">The two passwords differ\./);
    const done = await here.post('/admin/account/password', {
      current: 'first password 1',
      password: 'second password 2',
      confirm: 'second password 2',
    });
    assert.equal(done.status, 303);
    assert.equal((await here.get('/admin/account')).status, 200, 'this session stays');
    assert.equal((await there.get('/admin/account')).status, 302, 'the other one ended');
    assert.equal((await f.client().signIn(user.email, 'first password 1')).status, 401);
    assert.equal((await f.client().signIn(user.email, 'second password 2')).status, 303);
  });

  it('a disabled user cannot sign in, and their sessions end', async () => {
    const user = await addUser(f.t, {
      email: 'leaver@demo.example',
      password: 'leaver password 1',
      profile: 'read-only',
      merchantId: f.merchantId,
    });
    const b = f.client();
    await b.signedIn(user.email, 'leaver password 1');
    const operator = f.client();
    await operator.signedIn(OPERATOR.email, OPERATOR.password);
    await operator.get(`/admin/merchants/${f.merchantId}/users/${user.id}`);
    const disabled = await operator.post(`/admin/merchants/${f.merchantId}/users/${user.id}`, {
      displayName: 'Leaver',
      profile: 'read-only',
      disabled: 'on',
    });
    assert.equal(disabled.status, 303);
    assert.equal((await b.get('/admin/account')).status, 302);
    assert.equal((await f.client().signIn(user.email, 'leaver password 1')).status, 401);
  });
});

describe('back-office languages', () => {
  const f = useBackOffice();

  it('French or English by the browser, switched by a link that stays on the site', async () => {
    const fr = await fetch(`${f.t.baseUrl}/admin/sign-in`, { headers: { 'accept-language': 'nl-BE, fr;q=0.8' } });
    assert.match(await fr.text(), /<html lang="fr">[\s\S]*<h1>Connexion<\/h1>/);
    const b = f.client();
    assert.match((await b.get('/admin/sign-in')).html, /<h1>Sign in<\/h1>/);
    const to = await b.get(`/admin/language/fr?next=${encodeURIComponent('/admin/sign-in?m=signed-out')}`);
    assert.equal(to.location, '/admin/sign-in?m=signed-out');
    assert.match((await b.get(to.location!)).html, /Vous êtes déconnecté\./);
    for (const next of ['//evil.example/', 'https://evil.example/admin/', '/admin\\@evil.example'])
      assert.equal((await b.get(`/admin/language/en?next=${encodeURIComponent(next)}`)).location, '/admin/', next);
    assert.match((await b.get('/admin/sign-in')).html, /<h1>Sign in<\/h1>/);
  });
});

describe('back-office lock-out', () => {
  const f = useBackOffice();

  it('5 failures within 15 minutes lock the account for 15 minutes, even to the right password; then it opens', async () => {
    const user = await addUser(f.t, {
      email: 'guessed@demo.example',
      password: 'guessed password 1',
      profile: 'read-only',
      merchantId: f.merchantId,
    });
    const attacker = f.client();
    for (let i = 1; i <= 4; i++) assert.equal((await attacker.signIn(user.email, `guess ${i}`)).status, 401);
    const fifth = await attacker.signIn(user.email, 'guess 5');
    assert.equal(fifth.status, 429);
    assert.match(fifth.html, /Too many failed attempts: this account is locked until/);
    const owner = await f.client().signIn(user.email, 'guessed password 1');
    assert.equal(owner.status, 429, 'locked to the right password too');

    f.t.clock.advance(14 * MINUTE);
    assert.equal((await f.client().signIn(user.email, 'guessed password 1')).status, 429);
    f.t.clock.advance(2 * MINUTE);
    assert.equal((await f.client().signIn(user.email, 'guessed password 1')).status, 303);

    const [entry] = await f.t.gateway.backOffice.audit.list({ action: 'user.locked', limit: 1 });
    assert.equal(entry?.target, user.email);
  });

  it('failures further apart than the window do not add up; a success clears them', async () => {
    const user = await addUser(f.t, {
      email: 'typo@demo.example',
      password: 'typo password 1',
      profile: 'read-only',
      merchantId: f.merchantId,
    });
    const b = f.client();
    for (let i = 0; i < 4; i++) await b.signIn(user.email, 'typo');
    f.t.clock.advance(16 * MINUTE);
    for (let i = 0; i < 4; i++) assert.equal((await b.signIn(user.email, 'typo')).status, 401);
    assert.equal((await b.signIn(user.email, 'typo password 1')).status, 303);
    for (let i = 0; i < 4; i++) assert.equal((await b.signIn(user.email, 'typo')).status, 401);
    assert.equal((await b.signIn(user.email, 'typo password 1')).status, 303, 'the count started again');
  });
});

describe('the first operator', () => {
  it('comes from the configuration, or is drawn once and printed; never twice', async () => {
    const f = await startBackOffice();
    try {
      const bo = f.t.gateway.backOffice;
      assert.equal(await ensureFirstOperator(bo, { email: 'x@y.example', password: 'another password' }), undefined);
      assert.equal((await f.client().signIn('x@y.example', 'another password')).status, 401);
    } finally {
      await f.close();
    }
    const t = await startTestGateway();
    try {
      const drawn = await ensureFirstOperator(t.gateway.backOffice, {});
      assert.equal(drawn?.email, 'admin@localhost');
      assert.match(drawn!.password!, /^[\w-]{20}$/);
      const b = new BoClient(t.baseUrl);
      await b.signedIn('admin@localhost', drawn!.password!);
      assert.equal((await b.get('/admin/merchants')).status, 200);
      assert.equal(await ensureFirstOperator(t.gateway.backOffice, {}), undefined);
    } finally {
      await t.close();
    }
  });
});
