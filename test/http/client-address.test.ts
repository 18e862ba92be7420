import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoClient, OPERATOR, startBackOffice } from '../support/back-office-client.js';
import { ConfigError, loadConfig } from '../../src/config.js';

/** Signs the operator in with a forged X-Forwarded-For; returns the address the audit log recorded. */
async function recordedAddress(env: Record<string, string>): Promise<string | undefined> {
  const f = await startBackOffice({ env });
  try {
    const b = new BoClient(f.t.baseUrl);
    await b.get('/admin/sign-in');
    const body = new URLSearchParams({ _csrf: b.csrf ?? '', ...OPERATOR }).toString();
    const res = await b.request('POST', '/admin/sign-in', {
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: new URL(f.t.baseUrl).origin,
        'x-forwarded-for': '203.0.113.9',
      },
    });
    assert.equal(res.status, 303, res.html);
    const [entry] = await f.t.gateway.backOffice.audit.list({ action: 'user.sign-in', limit: 1 });
    return entry?.address;
  } finally {
    await f.close();
  }
}

describe('the client address: whose X-Forwarded-For is believed', () => {
  it('PASSERELLE_TRUST_PROXY: loopback by default, off, or addresses and CIDR ranges; anything else is refused', () => {
    assert.deepEqual(loadConfig({}).trustProxy, ['loopback']);
    assert.equal(loadConfig({ PASSERELLE_TRUST_PROXY: 'off' }).trustProxy, false);
    assert.deepEqual(loadConfig({ PASSERELLE_TRUST_PROXY: '10.0.0.0/8, ::1, uniquelocal' }).trustProxy, [
      '10.0.0.0/8',
      '::1',
      'uniquelocal',
    ]);
    for (const bad of ['yes', '10.0.0.0/33', '10.0.0.1/8/2', 'proxy.example'])
      assert.throws(
        () => loadConfig({ PASSERELLE_TRUST_PROXY: bad }),
        (e: Error) => e instanceof ConfigError && /PASSERELLE_TRUST_PROXY/.test(e.message),
        bad,
      );
  });

  it('a proxy on the same host is believed by default', async () => {
    assert.equal(await recordedAddress({}), '203.0.113.9');
  });

  it('a client not in the trusted list cannot choose the address it is recorded under', async () => {
    assert.equal(await recordedAddress({ PASSERELLE_TRUST_PROXY: 'off' }), '127.0.0.1');
    assert.equal(await recordedAddress({ PASSERELLE_TRUST_PROXY: '10.0.0.0/8' }), '127.0.0.1');
  });
});
