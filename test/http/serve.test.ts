import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listenLocally } from '../support/local-server.js';
import { doWebPaymentEnvelope } from '../support/soap-client.js';
import { freePort } from '../support/test-gateway.js';
import { waitUntil } from '../support/wait-until.js';

/** `passerelle serve` as `npm start` runs it: embedded database on disk, demo merchant, banner. */
describe('passerelle serve', () => {
  it('starts, prints the demo credentials, serves a payment, stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-serve-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        PASSERELLE_DEMO_MERCHANT_ID: '11112222333344',
        PASSERELLE_DEMO_ACCESS_KEY: 'scripted-demo-key',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const base = `http://127.0.0.1:${port}`;
      // PGlite on disk may take long to start on a busy machine.
      await waitUntil(() => out.includes('Alive') || child.exitCode !== null, 'the banner', 60_000);
      assert.match(out, /merchant id\s+11112222333344/);
      assert.match(out, /access key\s+scripted-demo-key/);
      assert.match(out, /contract number\s+PAYCONIQFP/);
      assert.equal((await fetch(`${base}/v1/checkout/alive`)).status, 200);
      const res = await fetch(`${base}/V4/services/WebPaymentAPI`, {
        method: 'POST',
        headers: {
          'content-type': 'text/xml',
          authorization: `Basic ${Buffer.from('11112222333344:scripted-demo-key').toString('base64')}`,
        },
        body: doWebPaymentEnvelope(),
      });
      const body = await res.text();
      assert.match(body, /<obj:code>00000<\/obj:code>/);
      assert.match(body, new RegExp(`<impl:redirectURL>http://localhost:${port}/v2/\\?token=`));
      assert.ok(!out.includes('scripted-demo-key"'), 'the access key never appears in a JSON log line');
    } finally {
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
      assert.equal(code, 0, out);
    }
  });

  it('a port in use: one line naming PORT, a non-zero exit, no stack trace', async () => {
    const taken = await listenLocally();
    const { port } = taken;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: ':memory:', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.resume();
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      assert.notEqual(code, 0);
      assert.equal(stderr, `passerelle: port ${port} is in use (PORT=${port}): stop the other process or set PORT\n`);
    } finally {
      await taken.close();
    }
  });
});
