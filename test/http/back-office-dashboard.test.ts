import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { fillDays } from '../../src/backoffice/dashboard.js';
import type { Profile } from '../../src/domain/back-office-user.js';
import { isFinal } from '../../src/domain/payment-session.js';
import { RESULT_CODES, type ResultCode } from '../../src/domain/result-codes.js';
import { createPointOfSale } from '../../src/merchants/configure-contract.js';
import { ABANDONED_RESULTS, ACCEPTED_RESULTS, OPEN_RESULTS } from '../../src/ports/dashboard-figures.js';
import { niceMax } from '../../src/http/backoffice/views/dashboard-charts.js';
import { addUser, firstPointOfSale, useBackOffice, type BoClient } from '../support/back-office-client.js';

const DAY = 86_400_000;
const ATTACK = `<img src=x onerror=alert(1)>"'&<script>alert(2)</script>`;

describe('dashboard figures: classification and days', () => {
  it('open results are exactly the ones that are not final; accepted and abandoned ones are final', () => {
    const codes = Object.keys(RESULT_CODES) as ResultCode[];
    assert.deepEqual(
      codes.filter((c) => !isFinal(c)),
      [...OPEN_RESULTS].sort(),
    );
    for (const c of [...ACCEPTED_RESULTS, ...ABANDONED_RESULTS]) assert.ok(isFinal(c), c);
  });

  it('every day of the period is there, zero when the store has nothing; rates only where something finished', () => {
    const from = new Date('2026-03-01T00:00:00Z');
    const row = { currency: 978, finished: 4, accepted: 3, acceptedAmount: 500, abandoned: 1, partnerErrors: 0 };
    const { days, currencies } = fillDays(
      [
        { ...row, day: '2026-03-01', payments: 5 },
        { ...row, day: '2026-03-03', payments: 4, currency: 840, acceptedAmount: 70 },
        { ...row, day: '2026-02-28', payments: 9 }, // outside the period: ignored
      ],
      from,
      3,
    );
    assert.deepEqual(
      days.map((d) => [d.day, d.payments, d.acceptanceRate]),
      [
        ['2026-03-01', 5, 0.75],
        ['2026-03-02', 0, undefined],
        ['2026-03-03', 4, 0.75],
      ],
    );
    assert.deepEqual(currencies, [
      { currency: 840, perDay: [0, 0, 70], total: 70 },
      { currency: 978, perDay: [500, 0, 0], total: 500 },
    ]);
  });

  it('gridlines get round values', () => {
    assert.deepEqual([0, 1, 3, 7, 12, 250, 251, 99_999].map(niceMax), [1, 1, 5, 10, 20, 250, 500, 100_000]);
  });
});

/** The cells of the figures table's row for a UTC day. */
function dayRow(html: string, day: string): string[] {
  const row = new RegExp(`<tr data-day="${day}">([\\s\\S]*?)</tr>`).exec(html);
  assert.ok(row, `a row for ${day}`);
  return [...row[1]!.matchAll(/<t[dh][^>]*>([^<]*)<\/t[dh]>/g)].map((m) => m[1]!);
}

const tile = (html: string, testId: string) =>
  new RegExp(`data-testid="${testId}"><dt>[^<]*</dt><dd><span class="tile-value">([^<]*)</span>`).exec(html)?.[1];
const fact = (html: string, testId: string) => new RegExp(`data-testid="${testId}">([^<]*)<`).exec(html)?.[1];

describe('the dashboard page: payments per UTC day, rates, amounts per currency, at a glance, scope', () => {
  const f = useBackOffice();
  const iso = (at: Date) => at.toISOString().slice(0, 10);
  let today: Date;
  let posA: string;
  let posB: string;
  let seq = 0;

  const q = (sql: string, params: unknown[]) => f.t.gateway.db.query(sql, params);

  /** A payment session stored as the payment use cases leave it. */
  async function session(
    o: { merchantId?: string; pos: string; code: ResultCode; amount?: number; currency?: number; at: Date },
    orderRef = `order-${++seq}`,
  ): Promise<string> {
    const token = `tok-dash-${++seq}`;
    await q(
      `INSERT INTO web_sessions (token, merchant_id, point_of_sale_id, contract_number, card_code, result_code, amount,
         currency, order_ref, soft_descriptor, return_url, cancel_url, request, created_at, expires_at, final_at)
       VALUES ($1, $2, $3, 'PAYCONIQFP', 'PAYCONIQ_MNXT', $4, $5, $6, $7, 'Shop', 'https://shop.example/ok',
         'https://shop.example/ko', '{}', $8, $9, $10)`,
      [
        token,
        o.merchantId ?? f.merchantId,
        o.pos,
        o.code,
        o.amount ?? 1000,
        o.currency ?? 978,
        orderRef,
        o.at,
        new Date(o.at.getTime() + 3_660_000),
        isFinal(o.code) ? new Date(o.at.getTime() + 60_000) : null,
      ],
    );
    return token;
  }

  const notification = (
    token: string,
    status: string,
    at: Date,
    opts: { lastError?: string; url?: string; merchantId?: string } = {},
  ) =>
    q(
      `INSERT INTO notifications (merchant_id, type, url, token, status, attempts, created_at, next_attempt_at, last_error)
       VALUES ($1, 'WEBTRS', $2, $3, $4, $5, $6, $6, $7)`,
      [
        opts.merchantId ?? f.merchantId,
        opts.url ?? 'https://shop.example/notify',
        token,
        status,
        opts.lastError ? 3 : 0,
        at,
        opts.lastError ?? null,
      ],
    );

  const partnerEvent = (token: string, at: Date, detail: Record<string, unknown>) =>
    q(`INSERT INTO session_events (token, at, source, detail) VALUES ($1, $2, 'poll', $3)`, [
      token,
      at,
      JSON.stringify(detail),
    ]);

  before(async () => {
    const bo = f.t.gateway.backOffice;
    const now = f.t.clock.now();
    today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 10));
    const daysAgo = (n: number) => new Date(today.getTime() - n * DAY);
    posA = await firstPointOfSale(f.t, f.merchantId);
    posB = (await createPointOfSale(bo, { merchantId: f.merchantId, label: 'Second shop', paymentDelayMinutes: 61 }))
      .id;

    // Today, point of sale A: 3 accepted (10.00, 25.50, 0.50 EUR), cancelled, expired unopened, refused, open.
    const a1 = await session({ pos: posA, code: '00000', amount: 1000, at: today });
    await session({ pos: posA, code: '00000', amount: 2550, at: today });
    await session({ pos: posA, code: '00000', amount: 50, at: today });
    const a2 = await session({ pos: posA, code: '02008', at: today });
    await session({ pos: posA, code: '02534', at: today });
    await session({ pos: posA, code: '02020', at: today });
    await session({ pos: posA, code: '02306', at: today });
    // Today, point of sale B: accepted 7.00 EUR and 12.34 USD, expired after the page opened.
    const b1 = await session({ pos: posB, code: '00000', amount: 700, at: today });
    await session({ pos: posB, code: '00000', amount: 1234, currency: 840, at: today });
    const b2 = await session({ pos: posB, code: '02324', at: today }, ATTACK);
    // Two days ago: accepted 9.99 EUR, a partner error. Forty days ago: accepted 50.00 EUR.
    await session({ pos: posA, code: '00000', amount: 999, at: daysAgo(2) });
    const a3 = await session({ pos: posA, code: '02106', at: daysAgo(2) });
    await session({ pos: posA, code: '00000', amount: 5000, at: daysAgo(40) });
    // Another merchant's payments never show.
    for (let i = 0; i < 4; i++)
      await session({ merchantId: f.otherMerchantId, pos: f.otherPointOfSaleId, code: '00000', at: today });

    await notification(a1, 'pending', today);
    await notification(b1, 'pending', today, {
      lastError: `HTTP 500 ${ATTACK}`,
      url: `https://shop.example/n?${ATTACK}`,
    });
    await notification(a2, 'abandoned', today, { lastError: 'connection refused' });
    await notification(a2, 'abandoned', daysAgo(50), { lastError: 'too old' });
    await notification(a1, 'delivered', today);
    await notification(a1, 'skipped', today);
    await notification(f.otherMerchantId, 'pending', today, { merchantId: f.otherMerchantId, lastError: 'x' });

    await partnerEvent(a3, daysAgo(2), { error: 'network' });
    await partnerEvent(a3, daysAgo(2), { error: 'http', httpStatus: 503, partnerCode: 'HTTP_503' });
    await partnerEvent(b2, today, { error: 'timeout' });
    await partnerEvent(b2, today, { paymentId: 'fine' }); // not an error
    await partnerEvent(a3, daysAgo(45), { error: 'old' });
  });

  const dashboard = (path = '') => `/admin/merchants/${f.merchantId}/${path}`;

  it('the operator sees the period’s totals: counts, rates of finished payments, accepted amounts per currency', async () => {
    const res = await f.operator.get(dashboard());
    assert.equal(res.status, 200);
    const html = res.html;
    assert.equal(tile(html, 'total-payments'), '12');
    assert.equal(tile(html, 'acceptance-rate'), '54.5%'); // 6 accepted of 11 finished
    assert.equal(tile(html, 'abandonment-rate'), '27.3%'); // 02008, 02534, 02324
    assert.equal(tile(html, 'accepted-978'), '€52.99');
    assert.equal(tile(html, 'accepted-840'), 'US$12.34');
    assert.match(html, /1 still in progress/);
    assert.match(html, /Days are UTC days/);
    // Every day of the 30 is in the table, the empty ones with zeros.
    assert.equal((html.match(/<tr data-day=/g) ?? []).length, 30);
    assert.deepEqual(dayRow(html, iso(today)).slice(1), ['10', '9', '5', '3', '55.6%', '33.3%', 'US$12.34', '€43.00']);
    assert.deepEqual(dayRow(html, iso(new Date(today.getTime() - DAY))).slice(1), [
      '0',
      '0',
      '0',
      '0',
      '—',
      '—',
      'US$0.00',
      '€0.00',
    ]);
    assert.deepEqual(dayRow(html, iso(new Date(today.getTime() - 2 * DAY))).slice(1, 5), ['2', '2', '1', '0']);
  });

  it('the period switches to 7 and 90 days; anything else is a readable 400', async () => {
    const week = (await f.operator.get(dashboard('?days=7'))).html;
    assert.equal((week.match(/<tr data-day=/g) ?? []).length, 7);
    assert.match(week, /data-testid="period-7" aria-current="page"|aria-current="page" data-testid="period-7"/);
    const quarter = (await f.operator.get(dashboard('?days=90'))).html;
    assert.equal(tile(quarter, 'total-payments'), '13');
    assert.equal(tile(quarter, 'accepted-978'), '€102.99');
    for (const bad of ['8', 'abc', '-1', '30%00']) {
      const res = await f.operator.get(dashboard(`?days=${bad}`));
      assert.equal(res.status, 400, bad);
      assert.match(res.html, /<h1>/);
    }
  });

  it('at a glance: notifications waiting, retrying with their error, given up in the period; partner errors', async () => {
    const html = (await f.operator.get(dashboard())).html;
    assert.equal(fact(html, 'notifications-pending'), '2');
    assert.equal(fact(html, 'notifications-retrying'), '1');
    assert.equal(fact(html, 'notifications-abandoned'), '1');
    assert.match(html, /connection refused/);
    assert.doesNotMatch(html, /too old/);
    assert.ok(html.includes('HTTP 500 &lt;img src=x onerror=alert(1)'), 'the last error, as text');
    assert.equal(fact(html, 'partner-calls'), '3');
    assert.equal(fact(html, 'partner-sessions'), '2');
    assert.equal(fact(html, 'partner-ended'), '1');
    assert.match(html, /HTTP status 503 · Partner code HTTP_503/);
    assert.ok(html.includes('<span class="mono">&lt;img src=x onerror=alert(1)'), 'the order reference, as text');
    assert.ok(!/<img|<script>alert/.test(html), 'no element from the attack');
  });

  it('charts are SVG elements: well formed, named and described, scalable, without style attributes', async () => {
    const html = (await f.operator.get(dashboard())).html;
    const svgs = [...html.matchAll(/<svg[^>]*class="chart-svg"[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    assert.equal(svgs.length, 4, 'payments, amounts in EUR and USD, rates');
    for (const svg of svgs) {
      assert.equal(XMLValidator.validate(svg), true);
      const id = /data-testid="([^"]+)"/.exec(svg)![1]!;
      assert.match(svg, /viewBox="0 0 \d+ \d+"/);
      assert.match(svg, new RegExp(`role="img" aria-labelledby="${id}-title ${id}-desc"`));
      assert.match(svg, new RegExp(`<title id="${id}-title">[^<]+</title><desc id="${id}-desc">[^<]+</desc>`));
      assert.doesNotMatch(svg, /\sstyle=|<script|<foreignObject|href=/i);
    }
    const payments = svgs.find((s) => s.includes('chart-payments'))!;
    assert.equal((payments.match(/<rect /g) ?? []).length, 2, 'bars for today and two days ago only');
    assert.match(payments, /highest 10 payments/);
  });

  /** A user of the demo merchant with this profile, signed in. */
  const as = async (profile: Profile, pointOfSaleIds: string[] = []): Promise<BoClient> => {
    const email = `${profile}-${++seq}@demo.example`;
    await addUser(f.t, { email, password: 'dashboard password', profile, merchantId: f.merchantId, pointOfSaleIds });
    const b = f.client();
    await b.signedIn(email, 'dashboard password');
    return b;
  };

  it('a point-of-sale manager sees only their points of sale’s figures', async () => {
    const b = await as('pos-manager', [posB]);
    const html = (await b.get(dashboard())).html;
    assert.equal(tile(html, 'total-payments'), '3');
    assert.equal(tile(html, 'acceptance-rate'), '66.7%');
    assert.equal(tile(html, 'accepted-978'), '€7.00');
    assert.equal(tile(html, 'accepted-840'), 'US$12.34');
    assert.match(html, /Figures of your points of sale only/);
    assert.equal(fact(html, 'notifications-pending'), '1');
    assert.equal(fact(html, 'notifications-abandoned'), '0');
    assert.equal(fact(html, 'partner-calls'), '1');
    assert.equal(fact(html, 'partner-ended'), '0');
    assert.doesNotMatch(html, /connection refused/);
    // A manager of no point of sale: zeros, not the merchant's figures.
    const none = (await (await as('pos-manager')).get(dashboard())).html;
    assert.equal(tile(none, 'total-payments'), '0');
    assert.equal(fact(none, 'notifications-pending'), '0');
  });

  it('a merchant user sees their merchant’s figures, never another merchant’s', async () => {
    const b = await as('read-only');
    const html = (await b.get(dashboard())).html;
    assert.equal(tile(html, 'total-payments'), '12');
    assert.equal((await b.get(`/admin/merchants/${f.otherMerchantId}/`)).status, 404);
    const other = (await f.operator.get(`/admin/merchants/${f.otherMerchantId}/`)).html;
    assert.equal(tile(other, 'total-payments'), '4');
    assert.equal(fact(other, 'notifications-pending'), '1');
  });

  it('in French too', async () => {
    const b = await as('merchant-admin');
    await b.get('/admin/language/fr?next=/admin/');
    const html = (await b.get(dashboard())).html;
    assert.match(html, /Les jours sont des jours UTC/);
    assert.match(tile(html, 'acceptance-rate')!, /^54,5\s?%$/);
  });
});
