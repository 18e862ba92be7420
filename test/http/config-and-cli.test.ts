import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ConfigError, loadConfig } from '../../src/config.js';
import { freePort } from '../support/test-gateway.js';

const run = promisify(execFile);

describe('configuration', () => {
  it('defaults: port 8080, ./data, homologation, public URL from the port', () => {
    const c = loadConfig({});
    assert.equal(c.port, 8080);
    assert.equal(c.dataDir, './data');
    assert.equal(c.mode, 'homologation');
    assert.equal(c.publicUrl, 'http://localhost:8080');
    assert.equal(loadConfig({ PORT: '9000' }).publicUrl, 'http://localhost:9000');
    assert.equal(
      loadConfig({ PASSERELLE_PUBLIC_URL: 'https://pay.example.com/' }).publicUrl,
      'https://pay.example.com',
    );
  });

  it('a bad value names the variable', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty' }),
      (e: Error) => e instanceof ConfigError && /PORT/.test(e.message),
    );
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
    assert.throws(() => loadConfig({ PASSERELLE_MODE: 'prod' }), /PASSERELLE_MODE/);
    assert.throws(() => loadConfig({ PASSERELLE_PUBLIC_URL: 'not a url' }), /PASSERELLE_PUBLIC_URL/);
  });

  it('an unknown PASSERELLE_ variable is refused (typo protection)', () => {
    assert.throws(
      () => loadConfig({ PASSERELLE_DEMO_MERCHANTID: '1' }),
      /Unknown configuration variable PASSERELLE_DEMO_MERCHANTID/,
    );
  });
});

describe('passerelle CLI', () => {
  let dataDir: string;
  const cli = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, ...env },
    });

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-cli-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrate, then merchant / pos / contract / key management', async () => {
    assert.match((await cli(['migrate'])).stdout, /up to date/);
    const created = (await cli(['merchant', 'create', '--company', 'ACME SA', '--trade-name', 'Acme'])).stdout;
    const merchantId = /merchant id\s+(\d{14})/.exec(created)![1]!;
    assert.match(created, /access key\s+[A-Za-z0-9]{20}/);
    assert.match((await cli(['merchant', 'list'])).stdout, new RegExp(merchantId));

    await cli([
      'pos',
      'create',
      '--merchant',
      merchantId,
      '--label',
      'Web',
      '--notification-url',
      'https://acme.example/n',
    ]);
    assert.match((await cli(['pos', 'list', '--merchant', merchantId])).stdout, /Web.*61/s);
    await cli([
      'contract',
      'create',
      '--merchant',
      merchantId,
      '--number',
      'PQ1',
      '--pos',
      'Web',
      '--partner-id',
      'ACMECONTRACT',
      '--trade-name',
      'Acme Shop',
    ]);
    const contracts = (await cli(['contract', 'list', '--merchant', merchantId])).stdout;
    assert.match(contracts, /PQ1/);
    assert.match(contracts, /PAYCONIQ_MNXT/);
    assert.match(contracts, /ACMECONTRACT/);

    const connected = await cli([
      'contract',
      'create',
      '--merchant',
      merchantId,
      '--number',
      'PQLIVE',
      '--pos',
      'Web',
      '--partner-id',
      'ACME',
      '--api-key',
      'live-secret-api-key-123',
      '--ppid',
      '5bb37284e35e2b29e363df22',
      '--api-base-url',
      'https://merchant.api.preprod.bancontact.net',
    ]);
    assert.match(connected.stdout, /merchant\.api\.preprod\.bancontact\.net \(ppid 5bb37284e35e2b29e363df22\)/);
    assert.doesNotMatch(connected.stdout, /live-secret-api-key-123/, 'the API key is never printed');
    await assert.rejects(
      cli([
        'contract',
        'create',
        '--merchant',
        merchantId,
        '--number',
        'BAD',
        '--pos',
        'Web',
        '--partner-id',
        'X',
        '--api-key',
        'k',
        '--ppid',
        'nothex',
      ]),
      /--ppid/,
    );

    const key = (await cli(['key', 'create', '--merchant', merchantId, '--label', 'shop'])).stdout;
    const keyId = /key id\s+(\S+)/.exec(key)![1]!;
    assert.match((await cli(['key', 'revoke', '--merchant', merchantId, '--id', keyId])).stdout, /revoked/);
    await assert.rejects(
      cli(['key', 'revoke', '--merchant', merchantId, '--id', keyId]),
      (e: { stderr: string; code: number }) => e.code === 2 && /no such active key/.test(e.stderr),
    );
  });

  it('usage and configuration errors exit 2 with a message, no stack trace', async () => {
    await assert.rejects(
      cli(['merchant', 'create']),
      (e: { stderr: string; code: number }) =>
        e.code === 2 && /--company is required/.test(e.stderr) && !/at /.test(e.stderr),
    );
    await assert.rejects(
      cli(['frobnicate']),
      (e: { stderr: string; code: number }) => e.code === 2 && /unknown command/.test(e.stderr),
    );
    await assert.rejects(
      cli(['migrate'], { PORT: 'abc' }),
      (e: { stderr: string; code: number }) => e.code === 2 && /PORT/.test(e.stderr),
    );
    await assert.rejects(
      cli(['simulator', '--merchant-jwks-url', 'ftp://x']),
      (e: { stderr: string; code: number }) =>
        e.code === 2 && /--merchant-jwks-url must be an http\(s\) URL/.test(e.stderr),
    );
  });

  it('simulator on its own with --merchant-jwks-url: payments over HTTP, an unsigned refund is refused', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'simulator',
        '--port',
        String(port),
        '--merchant-jwks-url',
        'http://127.0.0.1:9/jwks',
      ],
      {
        env: { ...process.env, LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (/refunds\s+signed/.test(out)) resolve(out);
        });
        child.once('exit', (code) => reject(new Error(`simulator exited ${code}: ${out}`)));
      });
      const apiKey = /api key\s+(\S+)/.exec(banner)![1]!;
      assert.match(banner, /refunds\s+signed, checked with http:\/\/127\.0\.0\.1:9\/jwks/);
      const base = `http://127.0.0.1:${port}`;
      const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
      const created = (await (
        await fetch(`${base}/v3/payments`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ amount: 500, currency: 'EUR' }),
        })
      ).json()) as { paymentId: string };
      assert.equal(
        (await fetch(`${base}/_simulator/payments/${created.paymentId}/pay`, { method: 'POST' })).status < 400,
        true,
      );
      const refund = await fetch(`${base}/v3/payments/${created.paymentId}/refunds`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': 'k1' },
        body: JSON.stringify({ amount: 100, currency: 'EUR' }),
      });
      assert.equal(refund.status, 401);
      assert.deepEqual(await refund.json(), {
        code: 'UNAUTHORIZED',
        message: 'Invalid JWS signature: missing Signature header',
      });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
