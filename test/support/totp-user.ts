import assert from 'node:assert/strict';
import { addUser, totpNow, type BackOfficeFixture, type BoClient } from './back-office-client.js';

/** A merchant administrator of the demo merchant with the second factor on: its TOTP secret and recovery codes. */
export async function withTotp(f: BackOfficeFixture, email: string, password: string) {
  const user = await addUser(f.t, { email, password, profile: 'merchant-admin', merchantId: f.merchantId });
  const b = f.client();
  await b.signedIn(email, password);
  await b.post('/admin/account/totp/start');
  const page = await b.get('/admin/account/totp');
  const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(page.html)![1]!.replace(/ /g, '');
  const done = await b.post('/admin/account/totp/confirm', { code: totpNow(f.t, secret) });
  assert.equal(done.status, 200);
  const codes = [...done.html.matchAll(/data-testid="recovery-code">([a-z0-9-]+)</g)].map((m) => m[1]!);
  f.t.clock.advance(30_000); // the step used to confirm is spent
  return { user, secret, codes };
}

/** Browsers that typed the password and wait on the code step. */
export async function onCodeStep(
  f: BackOfficeFixture,
  email: string,
  password: string,
  count: number,
): Promise<BoClient[]> {
  const browsers = Array.from({ length: count }, () => f.client());
  for (const b of browsers) {
    assert.equal((await b.signIn(email, password)).location, '/admin/sign-in/code');
    await b.get('/admin/sign-in/code');
  }
  return browsers;
}
