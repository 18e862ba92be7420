import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ensureFirstOperator } from '../../src/backoffice/first-users.js';
import { hashSessionId } from '../../src/backoffice/sessions.js';
import {
  addUser,
  BoClient,
  OPERATOR,
  totpNow,
  useBackOffice,
  type BackOfficeFixture,
} from '../support/back-office-client.js';
import { dbFingerprint } from '../support/db-fingerprint.js';
import { onCodeStep, withTotp } from '../support/totp-user.js';
import { createTestDatabase } from '../support/test-database.js';
import { startTestGateway } from '../support/test-gateway.js';

const MINUTE = 60_000;

const sessionRows = async (f: BackOfficeFixture, userId: string) =>
  (
    await f.t.gateway.db.query<{ id_hash: string }>('SELECT id_hash FROM back_office_sessions WHERE user_id = $1', [
      userId,
    ])
  ).map((r) => r.id_hash);

describe('back-office security: sessions', () => {
  const f = useBackOffice();

  it('fixation: a session planted before sign-in (even a real one) is ended, never promoted; so is the code step’s', async () => {
    const user = await addUser(f.t, {
      email: 'fixated@demo.example',
      password: 'fixated password',
      profile: 'merchant-admin',
      merchantId: f.merchantId,
    });
    const attacker = f.client();
    await attacker.signedIn(OPERATOR.email, OPERATOR.password);
    const planted = attacker.sessionCookie!;
    const victim = f.client();
    victim.cookies.set('passerelle_admin', planted);
    await victim.signedIn(user.email, 'fixated password');
    assert.notEqual(victim.sessionCookie, planted);
    assert.deepEqual(await sessionRows(f, user.id), [hashSessionId(victim.sessionCookie!)]);
    assert.equal((await attacker.get('/admin/account')).status, 302, 'the planted id signs nobody in');

    const { secret } = await withTotp(f, 'fixated-totp@demo.example', 'fixated totp password');
    const [b] = await onCodeStep(f, 'fixated-totp@demo.example', 'fixated totp password', 1);
    const step = b!.sessionCookie!;
    assert.equal((await b!.post('/admin/sign-in/code', { code: totpNow(f.t, secret) })).status, 303);
    assert.notEqual(b!.sessionCookie, step);
    const stale = f.client();
    stale.cookies.set('passerelle_admin', step);
    assert.equal((await stale.get('/admin/account')).status, 302, 'the code step’s id is over');
  });

  it('signing out ends the session on the server: the old cookie, replayed, opens nothing', async () => {
    const b = f.client();
    await b.signedIn(OPERATOR.email, OPERATOR.password);
    const id = b.sessionCookie!;
    assert.equal((await b.post('/admin/sign-out')).status, 303);
    const rows = await f.t.gateway.db.query('SELECT 1 FROM back_office_sessions WHERE id_hash = $1', [
      hashSessionId(id),
    ]);
    assert.equal(rows.length, 0);
    const replay = f.client();
    replay.cookies.set('passerelle_admin', id);
    assert.equal((await replay.get('/admin/merchants')).status, 302);
  });

  it('"sign out everywhere" deletes every session of the user on the server, the code step’s too', async () => {
    const { user, codes } = await withTotp(f, 'everywhere@demo.example', 'everywhere password');
    const [waiting, phone, laptop] = await onCodeStep(f, user.email, 'everywhere password', 3);
    assert.equal((await phone!.post('/admin/sign-in/code', { code: codes[0]! })).status, 303);
    assert.equal((await laptop!.post('/admin/sign-in/code', { code: codes[1]! })).status, 303);
    const operator = f.client();
    await operator.signedIn(OPERATOR.email, OPERATOR.password);
    assert.equal((await sessionRows(f, user.id)).length, 4, 'the enrolment’s, the code step’s and two signed in');
    await phone!.get('/admin/account');
    assert.equal((await phone!.post('/admin/account/sign-out-everywhere')).status, 303);
    assert.deepEqual(await sessionRows(f, user.id), []);
    assert.equal((await laptop!.get('/admin/account')).status, 302);
    assert.equal((await waiting!.post('/admin/sign-in/code', { code: codes[2]! })).location, '/admin/sign-in?m=again');
    assert.equal((await operator.get('/admin/account')).status, 200, 'other users keep theirs');
  });

  it('an idle hour ends the session, on the fake clock; a form posted then changes nothing', async () => {
    const b = f.client();
    await b.signedIn(OPERATOR.email, OPERATOR.password);
    await b.get(`/admin/merchants/${f.merchantId}/account`);
    f.t.clock.advance(59 * MINUTE);
    assert.equal((await b.get(`/admin/merchants/${f.merchantId}/account`)).status, 200);
    f.t.clock.advance(60 * MINUTE + 1000);
    const before = await dbFingerprint(f.t.gateway.db);
    const late = await b.post(`/admin/merchants/${f.merchantId}/account`, { companyName: 'Late', tradeName: 'Late' });
    assert.equal(late.status, 303);
    assert.equal(late.location, '/admin/sign-in?m=ended');
    const after = await dbFingerprint(f.t.gateway.db);
    assert.deepEqual({ ...after, back_office_sessions: '' }, { ...before, back_office_sessions: '' });
    assert.equal(
      (
        await f.t.gateway.db.query('SELECT 1 FROM back_office_sessions WHERE id_hash = $1', [
          hashSessionId(b.sessionCookie ?? ''),
        ])
      ).length,
      0,
      'the ended session is deleted',
    );
  });
});

describe('back-office security: lock-out and brute force', () => {
  const f = useBackOffice();

  it('failures from many browsers add up: the count is the account’s, not the session’s', async () => {
    const user = await addUser(f.t, {
      email: 'many@demo.example',
      password: 'many browsers password',
      profile: 'read-only',
      merchantId: f.merchantId,
    });
    for (let i = 0; i < 4; i++) assert.equal((await f.client().signIn(user.email, `wrong ${i}`)).status, 401);
    assert.equal((await f.client().signIn(user.email, 'wrong 5')).status, 429);
    assert.equal((await f.client().signIn(user.email, 'many browsers password')).status, 429);
    const [row] = await f.t.gateway.db.query<{ locked_until: Date }>(
      'SELECT locked_until FROM back_office_users WHERE id = $1',
      [user.id],
    );
    assert.ok(row?.locked_until, 'the lock is in the database');
  });

  it('a session does not let its holder try passwords: the password asked again counts for the lock-out', async () => {
    const user = await addUser(f.t, {
      email: 'holder@demo.example',
      password: 'holder password 1',
      profile: 'read-only',
      merchantId: f.merchantId,
    });
    const [stolen, other] = [f.client(), f.client()];
    await stolen.signedIn(user.email, 'holder password 1');
    await other.signedIn(user.email, 'holder password 1');
    const guess = (current: string) =>
      stolen.post('/admin/account/password', { current, password: 'taken over 1234', confirm: 'taken over 1234' });
    for (let i = 0; i < 4; i++) assert.match((await guess(`guess ${i}`)).html, /data-testid="problem-current">Wrong/);
    const fifth = await guess('guess 5');
    assert.equal(fifth.status, 422);
    assert.match(fifth.html, /data-testid="problem-current">Too many wrong passwords/);
    assert.equal((await stolen.get('/admin/account')).status, 302, 'the lock ends the sessions');
    assert.equal((await other.get('/admin/account')).status, 302);
    assert.equal((await f.client().signIn(user.email, 'holder password 1')).status, 429);
  });

  it('guesses sent all at once are not all tried: once locked, the guesses still in flight are refused unread', async () => {
    const user = await addUser(f.t, {
      email: 'parallel@demo.example',
      password: 'parallel password 1',
      profile: 'read-only',
      merchantId: f.merchantId,
    });
    const browsers = Array.from({ length: 16 }, () => f.client());
    for (const b of browsers) await b.get('/admin/sign-in');
    const answers = await Promise.all(
      browsers.map((b, i) =>
        b.post('/admin/sign-in', { email: user.email, password: i === 15 ? 'parallel password 1' : `guess ${i}` }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses[15], 429, `the right password, sent among the guesses, is refused: ${statuses.join(' ')}`);
    assert.ok(statuses.filter((s) => s === 401).length <= 10, `guesses tried: ${statuses.join(' ')}`);
    assert.equal(answers.filter((a) => a.status === 303).length, 0);
  });

  it('TOTP: wrong codes lock the account; a code or a recovery code raced from two steps is taken once', async () => {
    const { user, secret, codes } = await withTotp(f, 'race@demo.example', 'race totp password');
    const [a, b] = await onCodeStep(f, user.email, 'race totp password', 2);
    const code = totpNow(f.t, secret);
    const both = await Promise.all([
      a!.post('/admin/sign-in/code', { code }),
      b!.post('/admin/sign-in/code', { code }),
    ]);
    assert.deepEqual(both.map((r) => r.status).sort(), [303, 401], 'one code, one sign-in');

    const [c, d] = await onCodeStep(f, user.email, 'race totp password', 2);
    const recovery = codes[0]!;
    const twice = await Promise.all([
      c!.post('/admin/sign-in/code', { code: recovery }),
      d!.post('/admin/sign-in/code', { code: recovery }),
    ]);
    assert.deepEqual(twice.map((r) => r.status).sort(), [303, 401], 'one recovery code, one sign-in');

    // A sign-in clears the failures the races counted.
    const [clean] = await onCodeStep(f, user.email, 'race totp password', 1);
    assert.equal((await clean!.post('/admin/sign-in/code', { code: codes[1]! })).status, 303);
    // Guessing codes: 3 a step, 5 in all before the account locks, whatever the number of steps opened.
    const steps = await onCodeStep(f, user.email, 'race totp password', 2);
    const guesses = [];
    for (let i = 0; i < 5; i++)
      guesses.push((await steps[i % 2]!.post('/admin/sign-in/code', { code: `00000${i}` })).status);
    assert.deepEqual(guesses, [401, 401, 401, 401, 429]);
    assert.equal((await f.client().signIn(user.email, 'race totp password')).status, 429);
    f.t.clock.advance(16 * MINUTE);
    const [after] = await onCodeStep(f, user.email, 'race totp password', 1);
    assert.equal((await after!.post('/admin/sign-in/code', { code: totpNow(f.t, secret) })).status, 303);
  });
});

describe('back-office security: the lock is kept in the database', () => {
  it('an account locked on one process is locked on the next one started on the same data', async () => {
    const database = await createTestDatabase();
    const dataDir = await mkdtemp(join(tmpdir(), 'passerelle-lock-'));
    try {
      const first = await startTestGateway({ database, dataDir });
      await ensureFirstOperator(first.gateway.backOffice, OPERATOR);
      for (let i = 0; i < 5; i++) await new BoClient(first.baseUrl).signIn(OPERATOR.email, `wrong ${i}`);
      assert.equal((await new BoClient(first.baseUrl).signIn(OPERATOR.email, OPERATOR.password)).status, 429);
      await first.close();
      const second = await startTestGateway({ database, dataDir });
      try {
        assert.equal((await new BoClient(second.baseUrl).signIn(OPERATOR.email, OPERATOR.password)).status, 429);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
