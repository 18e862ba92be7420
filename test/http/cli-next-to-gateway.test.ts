import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CONFIG_CHANGE_NOTICED_MS } from '../../src/store/cached-merchant-configuration.js';
import { validSessionBody } from '../support/rest-client.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/test-database.js';
import { freePort } from '../support/test-gateway.js';
import { waitUntil } from '../support/wait-until.js';

const run = promisify(execFile);
const PARTNER_API_KEY = 'live-secret-api-key-123';

interface Served {
  child: ChildProcessByStdio<null, Readable, Readable>;
  output(): string;
  exited: Promise<number | null>;
}

/** `passerelle serve` in a process of its own; resolves once it answers. */
async function serve(env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes('Alive')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  return { child, output: () => out, exited };
}

async function stop(s: Served, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  s.child.kill(signal);
  return s.exited;
}

function createSession(base: string, merchantId: string, accessKey: string, pos = 'DemoShop', contract = 'PAYCONIQFP') {
  return fetch(`${base}/v1/checkout/sessions`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${merchantId}:${accessKey}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(
      validSessionBody({ pointOfSaleReference: pos, paymentMethod: { paymentMethodIDs: [contract] } }),
    ),
  });
}

/**
 * The README's administration commands while `passerelle serve` runs on the same data: what they
 * create is used by the running gateway at once and is still there after a restart.
 */
function suite(
  name: string,
  setup: () => Promise<{ env: Record<string, string>; dataDir: string; cleanup(): Promise<void> }>,
) {
  describe(name, () => {
    let env: Record<string, string>;
    let dataDir: string;
    let cleanup: () => Promise<void>;
    let port: number;
    let base: string;
    const cli = (args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, ...env } });

    before(async () => {
      ({ env, dataDir, cleanup } = await setup());
      port = await freePort();
      base = `http://127.0.0.1:${port}`;
      env = { ...env, PORT: String(port), HOST: '127.0.0.1', PASSERELLE_PUBLIC_URL: base };
    });
    after(() => cleanup());

    it('merchant, point of sale, contract and keys made by the CLI work at once and survive a restart', async () => {
      let gateway = await serve(env);
      try {
        const created = (await cli(['merchant', 'create', '--company', 'ACME SA', '--trade-name', 'Acme'])).stdout;
        const merchantId = /merchant id\s+(\d{14})/.exec(created)![1]!;
        const accessKey = /access key\s+(\S+)/.exec(created)![1]!;
        // Authenticated at once: the contract is unknown yet, which is an answer, not a 401.
        const early = await createSession(base, merchantId, accessKey, 'Web', 'PQ1');
        assert.notEqual(early.status, 401, await early.text());

        await cli(['pos', 'create', '--merchant', merchantId, '--label', 'Web', '--delay', '61']);
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
        const paid = await createSession(base, merchantId, accessKey, 'Web', 'PQ1');
        assert.equal(paid.status, 201, await paid.clone().text());
        assert.match(((await paid.json()) as { redirectURL: string }).redirectURL, /token=/);

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
          PARTNER_API_KEY,
          '--ppid',
          '5bb37284e35e2b29e363df22',
          '--api-base-url',
          'https://merchant.api.preprod.bancontact.net',
        ]);
        assert.match(connected.stdout, /merchant\.api\.preprod\.bancontact\.net \(ppid 5bb37284e35e2b29e363df22\)/);

        const second = (await cli(['key', 'create', '--merchant', merchantId, '--label', 'shop'])).stdout;
        const secondKeyId = /key id\s+(\S+)/.exec(second)![1]!;
        const secondKey = /access key\s+(\S+)/.exec(second)![1]!;
        assert.equal(
          (await createSession(base, merchantId, secondKey, 'Web', 'PQ1')).status,
          201,
          'the new key works (and its check is now cached)',
        );
        assert.match((await cli(['key', 'revoke', '--merchant', merchantId, '--id', secondKeyId])).stdout, /revoked/);
        await revokedWithin(env.DATABASE_URL ? CONFIG_CHANGE_NOTICED_MS : 0, () =>
          createSession(base, merchantId, secondKey, 'Web', 'PQ1'),
        );

        assert.match((await cli(['merchant', 'list'])).stdout, new RegExp(merchantId));
        assert.match((await cli(['pos', 'list', '--merchant', merchantId])).stdout, /Web.*61/s);
        assert.match((await cli(['contract', 'list', '--merchant', merchantId])).stdout, /PQ1.*PQLIVE/s);
        assert.match((await cli(['key', 'list', '--merchant', merchantId])).stdout, /shop.*\d{4}-\d\d-\d\dT/s);
        assert.match(
          (await cli(['migrate'])).stdout,
          env.DATABASE_URL
            ? /up to date/
            : /up to date \(the running gateway, pid \d+, applied the migrations when it started\)/,
        );

        // Refusals are one clear line and a non-zero exit code, through the gateway as well.
        const refused = (args: string[], message: RegExp) =>
          assert.rejects(
            cli(args),
            (e: { stderr: string; code: number }) =>
              e.code === 2 && message.test(e.stderr) && e.stderr.trim().split('\n').length === 1,
          );
        await refused(
          ['pos', 'create', '--merchant', '99999999999999', '--label', 'X'],
          /^passerelle: merchant 99999999999999 not found$/m,
        );
        await refused(
          ['contract', 'create', '--merchant', merchantId, '--number', 'PQ1', '--pos', 'Web', '--partner-id', 'X'],
          /contract PQ1 already exists/,
        );
        await refused(
          ['pos', 'create', '--merchant', merchantId, '--label', 'Other', '--delay', 'soon'],
          /--delay must be a positive number of minutes/,
        );
        await refused(
          [
            'contract',
            'create',
            '--merchant',
            merchantId,
            '--number',
            'B',
            '--pos',
            'Web',
            '--partner-id',
            'X',
            '--api-key',
            'k',
            '--ppid',
            'nothex',
          ],
          /--ppid must be the 24-hex/,
        );
        await refused(['key', 'revoke', '--merchant', merchantId, '--id', secondKeyId], /no such active key/);

        const logs = gateway.output();
        assert.ok(!logs.includes(PARTNER_API_KEY), 'the partner API key never reaches a log');
        if (!env.DATABASE_URL) {
          const endpointFile = join(dataDir, 'operator.json');
          assert.equal(statSync(endpointFile).mode & 0o777, 0o600);
          assert.ok(
            !logs.includes((JSON.parse(readFileSync(endpointFile, 'utf8')) as { token: string }).token),
            'the operator token never reaches a log',
          );
        }

        assert.equal(await stop(gateway), 0, gateway.output());
        if (!env.DATABASE_URL) {
          assert.ok(!existsSync(join(dataDir, 'operator.json')), 'the operator endpoint is removed at stop');
          assert.ok(!existsSync(join(dataDir, 'pglite.lock')), 'the lock is released at stop');
        }
        gateway = await serve(env);
        assert.equal(
          (await createSession(base, merchantId, accessKey, 'Web', 'PQ1')).status,
          201,
          'still there after a restart',
        );
        assert.equal(
          (await createSession(base, merchantId, secondKey, 'Web', 'PQ1')).status,
          401,
          'still revoked after a restart',
        );
        assert.match((await cli(['contract', 'list', '--merchant', merchantId])).stdout, /PQLIVE/);
      } finally {
        if (gateway.child.exitCode === null) await stop(gateway);
      }
    });
  });
}

/** Polls until the revoked key is refused; fails if that takes longer than the stated cache bound. */
async function revokedWithin(boundMs: number, attempt: () => Promise<Response>): Promise<void> {
  let status = 0;
  await waitUntil(
    async () => (status = (await attempt()).status) === 401,
    () => `a revoked key to be refused (it still answered ${status})`,
    boundMs,
    100,
  );
}

suite('CLI next to a running gateway on the embedded database', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-cli-gw-'));
  return {
    env: { DATA_DIR: dataDir },
    dataDir,
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});

if (TEST_DATABASE_URL) {
  suite('CLI next to a running gateway on PostgreSQL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-cli-gw-pg-'));
    const database: TestDatabase = await createTestDatabase();
    return {
      env: { DATA_DIR: dataDir, DATABASE_URL: database.databaseUrl! },
      dataDir,
      cleanup: async () => {
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  });
}

describe('one embedded database, one process', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-lock-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('a second serve on the same DATA_DIR stops with a clear message; the first keeps running with nothing lost', async () => {
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PASSERELLE_DEMO_MERCHANT_ID: '11112222333344',
      PASSERELLE_DEMO_ACCESS_KEY: 'scripted-demo-key',
    };
    const first = await serve(env);
    try {
      const created = (
        await run(
          process.execPath,
          ['--import', 'tsx', 'src/cli/main.ts', 'merchant', 'create', '--company', 'A', '--trade-name', 'A'],
          { env: { ...process.env, ...env } },
        )
      ).stdout;
      const [, merchantId, accessKey] = /merchant id\s+(\d{14})\s+access key\s+(\S+)/.exec(created)!;
      const other = await freePort();
      await assert.rejects(
        // Bounded: without the lock, the second gateway would start and run.
        run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
          env: { ...process.env, ...env, PORT: String(other) },
          timeout: 60_000,
        }),
        (e: { stderr: string; code: number }) =>
          e.code === 1 &&
          e.stderr.includes(`${join(dataDir, 'pglite')} is open in another process (pid ${first.child.pid}`) &&
          /stop that process first/.test(e.stderr) &&
          !/\n\s+at /.test(e.stderr),
      );
      const base = `http://127.0.0.1:${port}`;
      assert.notEqual(
        (await createSession(base, merchantId!, accessKey!)).status,
        401,
        'the merchant made through the first gateway is known',
      );
      assert.equal(
        (await createSession(base, '11112222333344', 'scripted-demo-key')).status,
        201,
        'the first gateway still serves',
      );
      assert.equal(await stop(first), 0, first.output());
      const again = await serve(env);
      try {
        assert.notEqual(
          (await createSession(`http://127.0.0.1:${port}`, merchantId!, accessKey!)).status,
          401,
          'the merchant made before is still there',
        );
      } finally {
        await stop(again);
      }
    } finally {
      if (first.child.exitCode === null) await stop(first);
    }
  });

  it('a lock left by a killed gateway (kill -9) does not prevent the next start', async () => {
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PASSERELLE_DEMO_MERCHANT_ID: '11112222333344',
      PASSERELLE_DEMO_ACCESS_KEY: 'scripted-demo-key',
    };
    const killed = await serve(env);
    assert.equal(await stop(killed, 'SIGKILL'), null);
    assert.ok(existsSync(join(dataDir, 'pglite.lock')), 'the killed gateway left its lock');
    // The CLI takes over the stale lock too, then lets go of it.
    assert.match(
      (
        await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'merchant', 'list'], {
          env: { ...process.env, ...env },
        })
      ).stdout,
      /11112222333344/,
    );
    const next = await serve(env);
    try {
      assert.equal(
        (await createSession(`http://127.0.0.1:${port}`, '11112222333344', 'scripted-demo-key')).status,
        201,
      );
    } finally {
      assert.equal(await stop(next), 0, next.output());
    }
  });
});
