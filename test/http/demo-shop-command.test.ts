import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { spawnServe } from '../support/serve-process.js';
import { freePort } from '../support/test-gateway.js';
import { waitUntil } from '../support/wait-until.js';

describe('passerelle demo-shop as a process', () => {
  it('starts the gateway and the shop, prints both, pays by redirection through it, stops cleanly on SIGTERM', async () => {
    const shopPort = await freePort();
    const p = await spawnServe({ DATA_DIR: ':memory:' }, ['demo-shop', '--port', String(shopPort)]);
    try {
      await waitUntil(
        () => p.output().includes('Demo shop'),
        () => `the shop's banner in:\n${p.output()}`,
        30_000,
      );
      const shop = `http://127.0.0.1:${shopPort}`;
      const out = p.output();
      assert.match(out, /Demo merchant \(created now\)\n {4}merchant id {6}\d{14}\n {4}access key {7}\S{20}\n/);
      assert.ok(out.includes(`  Demo shop   ${shop}/          the basket`), out);
      assert.ok(out.includes(`              ${shop}/orders    orders`), out);
      assert.ok(out.includes(`  paying through http://localhost:${p.port} as merchant`), out);

      const basket = await fetch(`${shop}/`);
      const cookie = basket.headers.get('set-cookie')!.split(';')[0]!;
      const csrf = /name="csrf" value="([^"]+)"/.exec(await basket.text())![1]!;
      const pay = await fetch(`${shop}/checkout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({
          csrf,
          coffee: '1',
          mug: '0',
          firstName: 'Ada',
          lastName: 'Peeters',
          choice: 'redirect',
        }),
      });
      assert.equal(pay.status, 303);
      const hosted = await fetch(pay.headers.get('location')!);
      assert.equal(hosted.status, 200, 'the gateway beside the shop serves the payment page');
      assert.match(await hosted.text(), /€8\.90/);
    } finally {
      const sent = Date.now();
      p.child.kill('SIGTERM');
      const { code, at } = await p.exited;
      assert.equal(code, 0, p.output());
      assert.ok(at - sent < 10_000, `stopped in ${at - sent} ms`);
    }
  });

  it('--gateway without credentials is a usage error', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'demo-shop', '--gateway', 'http://localhost:8080'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(run.status, 2);
    assert.equal(
      run.stderr.trim(),
      'passerelle: --gateway needs --merchant-id and --access-key (or DEMO_SHOP_MERCHANT_ID, DEMO_SHOP_ACCESS_KEY)',
    );
  });
});
