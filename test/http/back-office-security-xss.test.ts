import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillRoute, registeredRoutes } from '../support/admin-routes.js';
import { addUser, firstPointOfSale, useBackOffice, type BoClient } from '../support/back-office-client.js';
import { restCall, validSessionBody } from '../support/rest-client.js';

/** What someone typing into a field might try: markup, an attribute break-out, a script URL. */
const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>"];
const ALL = PAYLOADS.join(' ');
const SCRIPT_URL = 'javascript:alert(1)';
/** A URL is one word: the attribute break-out without spaces. */
const URL_PAYLOAD = 'https://shop.example/n?x="><img/src=x/onerror=alert(1)>';

const CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The page shows none of the payloads as markup, and no attribute holds a script URL. Text and
 * attribute values have their quotes escaped, so a raw `"` only delimits an attribute: with the
 * values taken out, what is left is the page's own markup.
 */
function assertInert(html: string, where: string) {
  assert.doesNotMatch(
    html,
    /\s(?:href|src|action|formaction|xlink:href)="\s*(?:javascript:|vbscript:|data:(?!,"))/i,
    where,
  );
  const markup = html.replace(/"[^"]*"/g, '""');
  const injected = /<(?:img|iframe|object|embed)\b|<script(?! src="" defer>)|<[a-z][^<>]*\son[a-z]+=/i.exec(markup);
  assert.equal(
    injected,
    null,
    `${where}: ${injected?.[0]} …${markup.slice(Math.max(0, (injected?.index ?? 0) - 120), (injected?.index ?? 0) + 40)}`,
  );
}

/** A text as the pages show it: `&`, `<` and `"` escaped. */
const asText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** Every GET page under /admin, its parameters filled with these values (a route added later included). */
const adminPages = (app: Parameters<typeof registeredRoutes>[0], values: Record<string, string>) =>
  [
    ...new Set(
      registeredRoutes(app)
        .filter((r) => r.method === 'GET' && r.url.startsWith('/admin'))
        .map((r) => r.url),
    ),
  ]
    .filter((url) => url !== '/admin/language/:lang')
    .map((url) => fillRoute(url, values));

/** The names of the page's search fields (its GET forms), to send the payloads through them too. */
const searchFields = (html: string) =>
  [...html.matchAll(/<form[^>]*method="get"[^>]*>([\s\S]*?)<\/form>/gi)].flatMap((form) =>
    [...form[1]!.matchAll(/<(?:input|select)[^>]*\sname="([^"]+)"/g)].map((m) => m[1]!),
  );

describe('back-office security: what merchants and buyers type stays text on every page', () => {
  const f = useBackOffice();
  const m = (path: string) => `/admin/merchants/${f.merchantId}/${path}`;

  it('merchant fields, buyer fields, search fields: every page, as operator and as the merchant; script URLs refused', async () => {
    const b = f.operator;
    const pos = await firstPointOfSale(f.t, f.merchantId);
    // A script URL is no notification URL.
    await b.get(m(`points-of-sale/${pos}`));
    for (const url of [SCRIPT_URL, ' JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
      const refused = await b.post(m(`points-of-sale/${pos}`), {
        label: 'DemoShop',
        paymentDelayMinutes: '61',
        notificationUrl: url,
      });
      assert.equal(refused.status, 422, url);
      assertInert(refused.html, `refused ${url}`);
    }
    // Everything the merchant controls.
    await b.get(m('account'));
    const account = await b.post(m('account'), { companyName: ALL, tradeName: ALL });
    assert.equal(account.status, 303, /data-testid="problem-(?!summary)\w+">[^<]*/.exec(account.html)?.[0]);
    const posForm = { label: PAYLOADS[1]!, paymentDelayMinutes: '61', notificationUrl: URL_PAYLOAD };
    const posSaved = await b.post(m(`points-of-sale/${pos}`), posForm);
    assert.equal(posSaved.status, 303, /data-testid="problem-(?!summary)\w+">[^<]*/.exec(posSaved.html)?.[0]);
    const method = { active: 'on', label: ALL, currency: '978', pointOfSaleId: pos, description: ALL };
    const methodFields = { ...method, partnerContractId: 'MONEXTTESTCONTRACT', tradeName: ALL };
    const methodSaved = await b.post(m('payment-methods/PAYCONIQFP'), methodFields);
    assert.equal(methodSaved.status, 303, /data-testid="problem-(?!summary)\w+">[^<]*/.exec(methodSaved.html)?.[0]);
    assert.equal((await b.post(m('access-keys'), { label: ALL })).status, 201);
    const user = await addUser(f.t, {
      email: 'xss-admin@demo.example',
      password: 'xss admin password',
      profile: 'merchant-admin',
      merchantId: f.merchantId,
    });
    await b.get(m(`users/${user.id}`));
    const named = await b.post(m(`users/${user.id}`), { displayName: ALL, profile: 'merchant-admin' });
    assert.equal(named.status, 303);

    // Everything a buyer (through the shop) controls: order reference, names, private data; a script URL refused.
    const body = validSessionBody({
      pointOfSaleReference: PAYLOADS[1], // the point of sale's label, changed above
      order: { reference: PAYLOADS[1], amount: 1000, currency: 'EUR', country: 'BE', date: '26/11/2026 10:00' },
      buyer: { firstName: PAYLOADS[0], lastName: PAYLOADS[2], email: 'buyer@example.com' },
      privateData: { note: ALL },
    });
    const created = await restCall(f.t, 'POST', '/v1/checkout/sessions', body);
    assert.equal(created.json.result.code, '00000', created.body);
    const token = String(created.json.sessionId);
    const withScriptUrl = await restCall(f.t, 'POST', '/v1/checkout/sessions', {
      ...body,
      returnURL: SCRIPT_URL,
    });
    assert.notEqual(withScriptUrl.json.result.code, '00000', 'a script URL is no return URL');
    // The payment met a partner error and has a notification, so the dashboard and notifications pages show it.
    const q = (sql: string, params: unknown[]) => f.t.gateway.db.query(sql, params);
    await q(
      `INSERT INTO session_events (token, at, source, detail) VALUES ($1, $2, 'partner', jsonb_build_object('error', $3::text))`,
      [token, f.t.clock.now(), ALL],
    );
    await q(
      `INSERT INTO notifications (merchant_id, type, url, token, status, attempts, created_at, next_attempt_at, last_error)
       VALUES ($1, 'WEBTRS', $2, $3, 'pending', 1, $4, $4, $5)`,
      [f.merchantId, URL_PAYLOAD, token, f.t.clock.now(), `HTTP 500 ${ALL}`],
    );
    // Paid: a transaction with the partner's payer name, for the transaction pages.
    const transactionId = 'XSS00000000001';
    await q(
      `INSERT INTO transactions (id, merchant_id, token, contract_number, type, amount, currency, result_code, created_at,
         soft_descriptor, payer_name, partner_additional_data)
       VALUES ($1, $2, $3, 'PAYCONIQFP', 'SALE', 1000, 978, '00000', $4, $5, $5, $5)`,
      [transactionId, f.merchantId, token, f.t.clock.now(), ALL],
    );
    await q(`UPDATE web_sessions SET result_code = '00000', transaction_id = $2, final_at = $3 WHERE token = $1`, [
      token,
      transactionId,
      f.t.clock.now(),
    ]);

    const merchant = f.client();
    await merchant.signedIn(user.email, 'xss admin password');
    const values = {
      merchantId: f.merchantId,
      posId: pos,
      contractNumber: 'PAYCONIQFP',
      userId: user.id,
      token,
      transactionId,
    };
    const pages = adminPages(f.t.gateway.app, values);
    assert.ok(pages.length >= 15, `${pages.length} pages`);
    const seen = new Set<string>();
    for (const [who, browser] of [
      ['operator', b],
      ['merchant administrator', merchant],
    ] as [string, BoClient][]) {
      for (const path of pages) {
        const res = await browser.get(path);
        // A download (the CSV export) is no page: a browser does not render it, and it is
        // checked for what a spreadsheet would run instead (back-office-transactions.test.ts).
        if (res.headers.get('content-type')?.startsWith('text/csv')) {
          assert.match(res.headers.get('content-disposition') ?? '', /^attachment;/, `${who} ${path}`);
          continue;
        }
        assert.equal(res.headers.get('content-security-policy'), CSP, `${who} ${path}`);
        assertInert(res.html, `${who} ${path}`);
        for (const p of PAYLOADS) if (res.html.includes(asText(p))) seen.add(p);
        // The same payloads through the page's own search fields.
        const fields = searchFields(res.html);
        if (res.status !== 200 || fields.length === 0) continue;
        const query = new URLSearchParams(fields.map((name) => [name, ALL]));
        const searched = await browser.get(`${path.split('?')[0]}?${query.toString()}`);
        assert.ok(searched.status < 500, `${who} ${path} searched: ${searched.status}`);
        assertInert(searched.html, `${who} ${path} searched`);
      }
    }
    assert.deepEqual([...seen].sort(), [...PAYLOADS].sort(), 'every payload was shown somewhere, as text');
  });
});
