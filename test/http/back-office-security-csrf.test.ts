import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adminWriteRoutes, everyFormField, fillRoute, registeredRoutes } from '../support/admin-routes.js';
import {
  addUser,
  firstPointOfSale,
  OPERATOR,
  useBackOffice,
  type BackOfficeFixture,
  type BoClient,
} from '../support/back-office-client.js';
import { dbFingerprint } from '../support/db-fingerprint.js';
import { onCodeStep, withTotp } from '../support/totp-user.js';

/** Fields that would make any of the forms go through, were it not refused first. */
const FORGED = { ...everyFormField('Forged'), current: OPERATOR.password };

/** A browser on the code step of a user with the second factor on. */
async function onCodeOf(f: BackOfficeFixture, email: string): Promise<BoClient> {
  await withTotp(f, email, 'code step password');
  return (await onCodeStep(f, email, 'code step password', 1))[0]!;
}

describe('back-office security: every state-changing route refuses forged forms', () => {
  const f = useBackOffice();

  it('the routes come from the running gateway: every write under /admin, whoever added it', () => {
    const writes = adminWriteRoutes(f.t.gateway.app).map((r) => `${r.method} ${r.url}`);
    for (const known of [
      'POST /admin/sign-in',
      'POST /admin/sign-in/code',
      'POST /admin/sign-out',
      'POST /admin/account/sign-out-everywhere',
      'POST /admin/merchants/:merchantId/account',
      'POST /admin/merchants/:merchantId/users/:userId',
    ])
      assert.ok(writes.includes(known), known);
    assert.ok(writes.length >= 20, `${writes.length} routes`);
    // The reading of Fastify's tree is right: every listed route is one Fastify knows.
    for (const r of registeredRoutes(f.t.gateway.app).filter((r) => r.url.startsWith('/admin')))
      assert.ok(f.t.gateway.app.hasRoute({ method: r.method as 'GET', url: r.url }), `${r.method} ${r.url}`);
  });

  it('no token, a made-up one, another session’s, the right one from another origin or none: 403, nothing changes', async () => {
    const user = await addUser(f.t, {
      email: 'csrf-target@demo.example',
      password: 'csrf target password',
      profile: 'read-only',
      merchantId: f.merchantId,
    });
    const params = {
      merchantId: f.merchantId,
      posId: await firstPointOfSale(f.t, f.merchantId),
      contractNumber: 'PAYCONIQFP',
      userId: user.id,
    };
    // The victims: a signed-in operator (may do everything), a browser on the sign-in form, one on the code step.
    const victim = f.client();
    await victim.signedIn(OPERATOR.email, OPERATOR.password);
    const attacker = f.client();
    await attacker.signedIn(OPERATOR.email, OPERATOR.password);
    const [signingIn, attackerSigningIn] = [f.client(), f.client()];
    await signingIn.get('/admin/sign-in');
    await attackerSigningIn.get('/admin/sign-in');
    const [onCode, attackerOnCode] = [
      await onCodeOf(f, 'csrf-code@demo.example'),
      await onCodeOf(f, 'csrf-code2@demo.example'),
    ];
    const who = (url: string): [BoClient, string] => {
      if (url === '/admin/sign-in') return [signingIn, attackerSigningIn.cookies.get('passerelle_sign_in')!];
      if (url === '/admin/sign-in/code') return [onCode, attackerOnCode.csrf!];
      return [victim, attacker.csrf!];
    };
    const before = await dbFingerprint(f.t.gateway.db);
    const routes = adminWriteRoutes(f.t.gateway.app);
    for (const route of routes) {
      const path = fillRoute(route.url, params);
      const [b, othersToken] = who(route.url);
      const right = route.url === '/admin/sign-in' ? b.cookies.get('passerelle_sign_in')! : b.csrf!;
      const attempts: [string, { csrf?: string | null; origin?: string | null }][] = [
        ['no token', { csrf: null }],
        ['an empty token', { csrf: '' }],
        ['a made-up token', { csrf: 'A'.repeat(43) }],
        ['another session’s token', { csrf: othersToken }],
        ['the right token from another site', { csrf: right, origin: 'https://evil.example' }],
        ['the right token, no Origin nor Referer', { csrf: right, origin: null }],
      ];
      for (const [what, opts] of attempts) {
        const res = await b.request(
          route.method as 'POST',
          path,
          formRequest(f, { _csrf: opts.csrf, ...FORGED }, opts),
        );
        assert.equal(res.status, 403, `${route.method} ${route.url}, ${what}`);
        assert.match(res.html, /data-testid="error-csrf"/, `${route.method} ${route.url}, ${what}`);
      }
    }
    // A password without its second factor opens nothing: the code step's own token works on no other form.
    for (const route of routes.filter((r) => !r.url.startsWith('/admin/sign-in'))) {
      const res = await onCode.request(
        route.method as 'POST',
        fillRoute(route.url, params),
        formRequest(f, { _csrf: onCode.csrf, ...FORGED }, {}),
      );
      assert.equal(res.status, 403, `code step → ${route.method} ${route.url}`);
    }
    assert.deepEqual(await dbFingerprint(f.t.gateway.db), before, 'nothing changed, no session ended');
    // Forged sign-outs ended nothing either.
    assert.equal((await victim.get('/admin/account')).status, 200);
    assert.equal((await onCode.get('/admin/sign-in/code')).status, 200);
  });

  it('a method other than GET, HEAD or POST meets the same check, even where no route answers it', async () => {
    const before = await dbFingerprint(f.t.gateway.db);
    const b = f.operator;
    await b.get('/admin/account');
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      for (const path of [`/admin/merchants/${f.merchantId}/account`, '/admin/sign-out', '/admin/nowhere']) {
        const forged = await b.request(method as 'POST', path, formRequest(f, { _csrf: null, ...FORGED }, {}));
        assert.equal(forged.status, 403, `${method} ${path} without a token`);
        const tokened = await b.request(method as 'POST', path, formRequest(f, { _csrf: b.csrf, ...FORGED }, {}));
        assert.equal(tokened.status, 404, `${method} ${path}: no such route`);
      }
    }
    assert.deepEqual(await dbFingerprint(f.t.gateway.db), before);
    assert.equal((await b.get('/admin/account')).status, 200);
  });
});

/** A urlencoded body and its headers, as a browser's form would send them (or an attacker's). */
function formRequest(
  f: BackOfficeFixture,
  fields: Record<string, string | null | undefined>,
  opts: { origin?: string | null },
): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== null && v !== undefined) body.append(k, v);
  const origin = opts.origin === undefined ? new URL(f.t.baseUrl).origin : opts.origin;
  return {
    body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin !== null && { origin }) },
  };
}
