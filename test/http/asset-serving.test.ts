import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ASSETS_DIR, AssetBundle } from '../../src/http/views/assets.js';
import { restCall, validSessionBody } from '../support/rest-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const sha8 = (body: Buffer) => createHash('sha256').update(body).digest('hex').slice(0, 8);

describe('assets: content-hashed URLs, immutable caching, ETag', () => {
  let t: TestGateway;
  let page: string;
  before(async () => {
    t = await startTestGateway();
    const created = await restCall(t, 'POST', '/v1/checkout/sessions', validSessionBody());
    page = (await t.gateway.app.inject({ url: `/v2/?token=${created.json.sessionId}` })).body;
  });
  after(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.gateway.app.inject({ url, headers });

  for (const [file, tag, type] of [
    ['page.css', /<link rel="stylesheet" href="([^"]+)"/, /^text\/css; charset=utf-8$/],
    ['page.js', /<script src="([^"]+)" defer>/, /^text\/javascript; charset=utf-8$/],
  ] as const) {
    it(`the hosted page links assets/checkout/${file} by its content hash; it is served immutable`, async () => {
      const onDisk = await readFile(join(ASSETS_DIR, 'checkout', file));
      const url = tag.exec(page)?.[1];
      const [stem, ext] = file.split('.');
      assert.equal(url, `/assets/checkout/${stem}.${sha8(onDisk)}.${ext}`);
      const res = await get(url!);
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, type);
      assert.equal(res.headers['cache-control'], IMMUTABLE);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers.etag, `"${sha8(onDisk)}"`);
      assert.deepEqual(res.rawPayload, onDisk);
    });
  }

  it('If-None-Match with the ETag (strong, weak, in a list, or *) answers 304 without a body; another tag gets the file', async () => {
    const url = /<link rel="stylesheet" href="([^"]+)"/.exec(page)![1]!;
    const etag = (await get(url)).headers.etag as string;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await get(url, { 'if-none-match': ifNoneMatch });
      assert.equal(res.statusCode, 304, ifNoneMatch);
      assert.equal(res.body, '');
      assert.equal(res.headers.etag, etag);
      assert.equal(res.headers['cache-control'], IMMUTABLE);
    }
    assert.equal((await get(url, { 'if-none-match': '"00000000"' })).statusCode, 200);
  });

  it('an unknown asset, an old hash or the unhashed name is a 404 that is not cached as immutable', async () => {
    for (const url of [
      '/assets/checkout/page.00000000.css',
      '/assets/checkout/page.css',
      '/assets/checkout/nothing.js',
      '/assets/checkout/..%2f..%2fpackage.json',
      '/assets/simulator/phone.css',
      '/v2/assets/checkout.css',
    ]) {
      const res = await get(url);
      assert.equal(res.statusCode, 404, url);
      assert.notEqual(res.headers['cache-control'], IMMUTABLE, url);
    }
  });

  it("the simulator's payer page links its stylesheet by hash, relative to the page, under the simulator's prefix", async () => {
    const created = await restCall(t, 'POST', '/v1/checkout/sessions', validSessionBody());
    await get(`/v2/?token=${created.json.sessionId}`);
    const link = (await t.gateway.deps.sessions.get(created.json.sessionId))!.partnerPaymentLink!;
    const phonePage = new URL(link);
    const payer = (await get(phonePage.pathname)).body;
    const onDisk = await readFile(join(ASSETS_DIR, 'simulator', 'phone.css'));
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(payer)?.[1];
    assert.equal(href, `../assets/phone.${sha8(onDisk)}.css`);
    const css = await get(new URL(href!, phonePage).pathname);
    assert.equal(new URL(href!, phonePage).pathname, `/simulator/payconiq/pay/assets/phone.${sha8(onDisk)}.css`);
    assert.equal(css.statusCode, 200);
    assert.match(css.headers['content-type'] as string, /^text\/css/);
    assert.equal(css.headers['cache-control'], IMMUTABLE);
    assert.equal(
      (await get(new URL(href!, phonePage).pathname, { 'if-none-match': css.headers.etag as string })).statusCode,
      304,
    );
    assert.equal((await get('/simulator/payconiq/pay/assets/phone.css')).statusCode, 404);
  });
});

describe('AssetBundle', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'passerelle-assets-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('a new content is a new URL; an unknown name is a programming error; an unknown file type fails the start', async () => {
    await mkdir(join(root, 'page'));
    await writeFile(join(root, 'page', 'a.css'), 'body{color:red}');
    const first = await AssetBundle.load('page', '/assets/page/', root);
    assert.match(first.url('a.css'), /^\/assets\/page\/a\.[0-9a-f]{8}\.css$/);
    await writeFile(join(root, 'page', 'a.css'), 'body{color:blue}');
    const second = await AssetBundle.load('page', '/assets/page', root);
    assert.notEqual(second.url('a.css'), first.url('a.css'));
    assert.equal(second.get(first.fileName('a.css')), undefined, 'the old hash is not served');
    assert.throws(() => second.url('b.css'), /no asset b\.css under \/assets\/page/);
    await writeFile(join(root, 'page', 'notes.txt'), 'x');
    await assert.rejects(
      AssetBundle.load('page', '/assets/page', root),
      /assets\/page\/notes\.txt: no content type for \.txt/,
    );
    await assert.rejects(AssetBundle.load('missing', '/assets/missing', root), /ENOENT/);
  });
});
