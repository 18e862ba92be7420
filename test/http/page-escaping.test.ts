import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderSimulatorNotice } from '../../src/http/checkout/error-pages.js';
import { texts } from '../../src/http/checkout/i18n.js';
import type { CallbackDelivery } from '../../src/simulator/payconiq/callback-delivery.js';
import { renderPayerPage } from '../../src/simulator/payconiq/payer-page.js';
import type { SimPayment } from '../../src/simulator/payconiq/payment.js';
import { restCall, validSessionBody } from '../support/rest-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** Markup a merchant (or a partner) could put in a field it controls. */
const ATTACK = `<img src=x onerror=alert(1)>"'&`;
const PAGE_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'link',
  'script',
  'body',
  'main',
  'header',
  'p',
  'span',
  'section',
  'h1',
  'h2',
  'div',
  'svg',
  'path',
  'a',
  'form',
  'input',
  'button',
  'ul',
  'li',
]);

const decode = (html: string) =>
  html.replace(/&(?:#(\d+)|lt|gt|quot|amp);/g, (entity, code: string | undefined) =>
    code ? String.fromCharCode(Number(code)) : { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&' }[entity]!,
  );

/** Start tags with their attribute names; values are always double-quoted, so a quoted `>` is no end. */
function startTags(html: string): { tag: string; attributes: string[] }[] {
  return [...html.matchAll(/<([a-z][a-z0-9]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*\/?>/gi)].map((m) => ({
    tag: m[1]!.toLowerCase(),
    attributes: [...m[2]!.matchAll(/\s([^\s"'>/=]+)(?:="[^"]*")?/g)].map((a) => a[1]!.toLowerCase()),
  }));
}

/** Only the page's own elements and no event-handler attribute: the attack stayed text. */
function assertNoInjectedMarkup(html: string): void {
  const tags = startTags(html);
  assert.equal(tags.length, (html.match(/<[a-z]/gi) ?? []).length, 'every tag is well formed');
  assert.deepEqual(
    tags.map((t) => t.tag).filter((tag) => !PAGE_TAGS.has(tag)),
    [],
    'no element from a field',
  );
  assert.deepEqual(
    tags.flatMap((t) => t.attributes).filter((name) => name.startsWith('on')),
    [],
    'no event handler attribute',
  );
  assert.equal(html.includes(ATTACK), false, 'the raw field is nowhere');
}

/** The decoded text of the first element carrying `data-testid="{id}"`. */
function textOf(html: string, testId: string): string | undefined {
  const m = new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html);
  return m ? decode(m[1]!) : undefined;
}

describe('pages render what merchants and partners send as text, never as markup', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  async function session(overrides: Record<string, unknown>): Promise<string> {
    const created = await restCall(t, 'POST', '/v1/checkout/sessions', validSessionBody(overrides));
    assert.equal(created.status, 201, created.body);
    return created.json.sessionId as string;
  }

  it('the hosted page: order reference, soft descriptor and buyer name are escaped; the lang attribute is one of ours', async () => {
    const token = await session({
      order: { reference: ATTACK, amount: 1000, currency: 'EUR', country: 'BE', date: '26/11/2026 10:00' },
      payment: { paymentType: 'ONE_OFF', capture: 'AUTOMATIC', amount: 1000, softDescriptor: `Shop ${ATTACK}` },
      buyer: { firstName: ATTACK, lastName: ATTACK },
    });
    const page = await t.gateway.app.inject({
      url: `/v2/?token=${token}`,
      headers: { 'accept-language': `"><script>alert(1)</script>` },
    });
    assert.equal(page.statusCode, 200);
    assertNoInjectedMarkup(page.body);
    assert.equal(textOf(page.body, 'order-ref'), ATTACK);
    assert.equal(textOf(page.body, 'merchant'), `Shop ${ATTACK}`);
    assert.match(page.body, /^<!doctype html>\n<html lang="en">/);
    assert.deepEqual(page.body.match(/<script[^>]*>/g)?.length, 1, 'the page script only');
  });

  it('the merchant languageCode picks one of the four languages or none; it never reaches the page as given', async () => {
    const token = await session({ languageCode: 'nl_BE' });
    const page = await t.gateway.app.inject({ url: `/v2/?token=${token}` });
    assert.match(page.body, /<html lang="nl">/);
    const refused = await restCall(t, 'POST', '/v1/checkout/sessions', validSessionBody({ languageCode: `"><b>` }));
    assert.notEqual(refused.status, 201, 'a languageCode with markup is refused at the edge');
  });

  it('the outcome page: the returnURL in the way back is an attribute value, quotes and ampersands escaped', async () => {
    const returnURL = `https://shop.example/return?next="><script>alert(1)</script>&a='b'`;
    const token = await session({ returnURL });
    await t.gateway.app.inject({ url: `/v2/?token=${token}` });
    await t.gateway.app.inject({ method: 'POST', url: '/v2/simulator/pay', payload: { token } });
    const page = await t.gateway.app.inject({ url: `/v2/?token=${token}` });
    assertNoInjectedMarkup(page.body);
    const href = /<a class="button" href="([^"]*)"/.exec(page.body)?.[1];
    const expected = new URL(returnURL);
    expected.searchParams.set('paylinetoken', token);
    assert.equal(decode(href!), expected.toString());
    assert.ok(href!.includes('&amp;paylinetoken='), 'the ampersand is escaped in the attribute');
  });

  it("the simulator notice: the partner's reason is text", () => {
    const html = renderSimulatorNotice(
      { stylesheet: '/s.css', script: '/s.js' },
      'en',
      texts('en'),
      `unreachable ${ATTACK}`,
      'TOKEN',
    );
    assertNoInjectedMarkup(html);
    assert.match(decode(html), /<p>unreachable <img src=x onerror=alert\(1\)>"'&<\/p>/);
  });

  it("the simulator's payer page: creditor, description, reference, debtor, notice and callback URLs are escaped", () => {
    const payment: SimPayment = {
      paymentId: '0123456789abcdef01234567',
      ppid: 'p',
      seq: 1,
      version: 1,
      amount: 1234,
      currency: 'EUR',
      status: 'IDENTIFIED',
      creditor: { merchantId: 'M', name: `Creditor ${ATTACK}`, iban: 'BE68539007547034' },
      description: `Desc ${ATTACK}`,
      reference: `Ref ${ATTACK}`,
      debtor: { name: `Debtor ${ATTACK}`, iban: 'BE12068245920992' },
      createdAt: new Date('2026-03-02T09:00:00Z'),
      expireAt: new Date('2026-03-02T09:20:00Z'),
    };
    const delivery: CallbackDelivery = {
      id: 1,
      paymentId: payment.paymentId,
      status: 'IDENTIFIED',
      url: `http://127.0.0.1:9/cb?${ATTACK}`,
      body: '{}',
      headers: {},
      createdAt: payment.createdAt,
      nextAttemptAt: payment.createdAt,
      attempts: 1,
      state: 'waiting',
      lastResult: `HTTP 500 ${ATTACK}`,
    };
    const html = renderPayerPage(`../assets/phone.css?${ATTACK}`, payment, [delivery], `Notice ${ATTACK}`);
    assertNoInjectedMarkup(html);
    const text = decode(html);
    for (const shown of [
      `Creditor ${ATTACK}`,
      `Desc ${ATTACK}`,
      `reference Ref ${ATTACK}`,
      `Paying as Debtor ${ATTACK}`,
      `Notice ${ATTACK}`,
      `http://127.0.0.1:9/cb?${ATTACK}: waiting (HTTP 500 ${ATTACK}, 1 attempt)`,
    ]) {
      assert.ok(text.includes(shown), shown);
    }
    assert.ok(
      html.includes(`href="../assets/phone.css?&lt;img src=x onerror=alert(1)>&quot;'&amp;"`),
      'attribute values escaped too',
    );
  });
});

describe('no raw markup in the view layer', () => {
  it('no source file inserts unescaped HTML (dangerouslySetInnerHTML): an exception needs an audit here', async () => {
    const src = new URL('../../src/', import.meta.url).pathname;
    const files = (await readdir(src, { recursive: true })).filter((f) => /\.tsx?$/.test(f));
    assert.ok(
      files.some((f) => f.endsWith('payment-page.tsx')),
      'the pages were searched',
    );
    const offenders: string[] = [];
    for (const file of files)
      if ((await readFile(join(src, file), 'utf8')).includes('dangerouslySetInnerHTML')) offenders.push(file);
    assert.deepEqual(offenders, []);
  });
});
