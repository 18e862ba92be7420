import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Profile } from '../../src/domain/back-office-user.js';
import { createPointOfSale } from '../../src/merchants/configure-contract.js';
import { firstPointOfSale, signedInAs, useBackOffice } from '../support/back-office-client.js';
import { seedManyPayments, seedPayments, seedToken } from '../support/seed-transactions.js';

const T = Date.parse('2026-03-10T12:00:00Z');
const daysAgo = (d: number) => new Date(T - d * 86_400_000);

describe('back-office transactions: the list, its filters, keyset pages, the CSV export', () => {
  const f = useBackOffice();
  const m = (path: string, merchantId = f.merchantId) => `/admin/merchants/${merchantId}/${path}`;
  let posA: string;
  let posB: string;
  let contract: string;

  const ids = (html: string) => [...html.matchAll(/data-testid="transaction" data-id="([^"]+)"/g)].map((x) => x[1]!);
  const olderLink = (html: string) =>
    /href="([^"]+)" data-testid="transactions-older"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  const listed = async (query: string) => {
    const res = await f.operator.get(m(`transactions?${query}`));
    assert.equal(res.status, 200, res.html);
    return ids(res.html).sort();
  };
  const as = (profile: Profile, pointOfSaleIds: string[] = []) => signedInAs(f, profile, pointOfSaleIds);
  const download = async (path: string) => {
    const res = await fetch(`${f.t.baseUrl}${path}`, {
      headers: { cookie: `passerelle_admin=${f.operator.sessionCookie}` },
      redirect: 'manual',
    });
    return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
  };

  before(async () => {
    const bo = f.t.gateway.backOffice;
    posA = await firstPointOfSale(f.t, f.merchantId);
    posB = (await createPointOfSale(bo, { merchantId: f.merchantId, label: 'Second shop' })).id;
    contract = (await bo.merchants.listContracts(f.merchantId))[0]!.contractNumber;
    const common = { merchantId: f.merchantId, contractNumber: contract };
    await seedPayments(f.t.gateway.db, [
      {
        ...common,
        id: '10001',
        pointOfSaleId: posA,
        createdAt: daysAgo(1),
        amount: 1250,
        orderRef: 'ORD-1',
        firstName: 'Jean',
        lastName: 'Dupont',
      },
      {
        ...common,
        id: '10002',
        pointOfSaleId: posB,
        contractNumber: 'CONTRACT2',
        createdAt: daysAgo(2),
        amount: 5000,
        resultCode: '02020',
        orderRef: 'ORD-2',
        firstName: 'Marie',
        lastName: 'Curie',
      },
      {
        ...common,
        id: '10003',
        pointOfSaleId: posA,
        createdAt: daysAgo(3),
        amount: 990,
        resultCode: '02008',
        orderRef: '<script>alert(1)</script>',
        firstName: '<img src=x onerror=alert(1)>',
        lastName: 'Zoé',
      },
      {
        ...common,
        id: '10004',
        pointOfSaleId: posA,
        createdAt: daysAgo(10),
        amount: 2000,
        orderRef: '=HYPERLINK("http://evil.example")',
        lastName: '+cmd|calc',
        payerName: 'Łukasz Ünal',
        refund: { id: '10005', amount: 500, createdAt: daysAgo(9) },
      },
      {
        ...common,
        id: '10006',
        pointOfSaleId: posB,
        createdAt: daysAgo(5),
        amount: 300,
        resultCode: '02306',
        orderRef: 'ORD-5',
        lastName: 'Dupontel',
      },
    ]);
    // The other merchant: 5,000 payments a second apart, then 60 at one same instant before them.
    const otherContract = (await bo.merchants.listContracts(f.otherMerchantId))[0]!.contractNumber;
    await seedManyPayments(f.t.gateway.db, {
      merchantId: f.otherMerchantId,
      pointOfSaleId: f.otherPointOfSaleId,
      contractNumber: otherContract,
      count: 5000,
      prefix: '7',
      newest: daysAgo(0),
    });
    await seedPayments(
      f.t.gateway.db,
      Array.from({ length: 60 }, (_, i) => ({
        id: `8${String(i).padStart(3, '0')}`,
        merchantId: f.otherMerchantId,
        pointOfSaleId: f.otherPointOfSaleId,
        contractNumber: otherContract,
        createdAt: daysAgo(400),
        amount: 100,
      })),
    );
  });

  it('lists the merchant’s transactions newest first, linked to their detail page, in the navigation', async () => {
    const res = await f.operator.get(m('transactions'));
    assert.equal(res.status, 200);
    assert.deepEqual(ids(res.html), ['10001', '10002', '10003', '10006', '10005', '10004']);
    assert.match(res.html, new RegExp(`href="/admin/merchants/${f.merchantId}/transactions/10001"`));
    assert.match(res.html, /data-testid="nav-transactions"[^]*data-testid="nav-notifications"/);
    assert.match(res.html, /role="region" aria-labelledby="transactions-caption" tabindex="0"/);
    assert.match(res.html, /class="number">€12\.50</);
    assert.doesNotMatch(res.html, /data-testid="transactions-older"/);
  });

  it('speaks French to a French browser', async () => {
    const res = await f.operator.request('GET', m('transactions?minAmount=douze'), {
      headers: { 'accept-language': 'fr-BE,fr;q=0.9' },
    });
    assert.equal(res.status, 422);
    assert.match(res.html, /<h1>Transactions<\/h1>/);
    assert.match(res.html, /Montant de/);
    assert.match(res.html, /rien n’est listé tant qu’ils ne sont pas corrigés/);
    assert.match(res.html, /Nom de l’acheteur/);
  });

  it('each filter narrows the list', async () => {
    assert.deepEqual(await listed('from=2026-03-08'), ['10001', '10002']);
    assert.deepEqual(await listed('to=2026-03-07'), ['10003', '10004', '10005', '10006']);
    assert.deepEqual(await listed('from=2026-03-01&to=2026-03-05'), ['10005', '10006']);
    assert.deepEqual(await listed('status=refused'), ['10002']);
    assert.deepEqual(await listed('status=pending'), ['10006']);
    assert.deepEqual(await listed('status=cancelled'), ['10003']);
    assert.deepEqual(await listed('resultCode=02008'), ['10003']);
    assert.deepEqual(await listed('status=accepted'), ['10001', '10004', '10005']);
    assert.deepEqual(await listed('minAmount=12.50&maxAmount=20'), ['10001', '10004']);
    assert.deepEqual(await listed('minAmount=12,5'), ['10001', '10002', '10004']);
    assert.deepEqual(await listed('maxAmount=5'), ['10005', '10006']);
    assert.deepEqual(await listed('orderRef=ORD-2'), ['10002']);
    assert.deepEqual(await listed(`token=${seedToken('10004')}`), ['10004', '10005']);
    assert.deepEqual(await listed('transactionId=10004'), ['10004', '10005']);
    assert.deepEqual(await listed('transactionId=10005'), ['10005']);
    assert.deepEqual(await listed('contractNumber=CONTRACT2'), ['10002']);
    assert.deepEqual(await listed(`pointOfSaleId=${posB}`), ['10002', '10006']);
    assert.deepEqual(await listed(`pointOfSaleId=${posA}`), ['10001', '10003', '10004', '10005']);
    assert.deepEqual(await listed('buyer=dup'), ['10001', '10006']);
    assert.deepEqual(await listed('buyer=Jean+DUP'), ['10001']);
    assert.deepEqual(await listed('buyer=%C5%81ukasz'), ['10004'], 'the payer’s name');
    assert.deepEqual(await listed('buyer=zo%C3%A9'), ['10003']);
    assert.deepEqual(await listed('buyer=nobody'), []);
    assert.deepEqual(await listed(`status=accepted&pointOfSaleId=${posA}&from=2026-03-05`), ['10001']);
  });

  it('filters it cannot read are shown as typed with a message, and list nothing; never an error', async () => {
    const res = await f.operator.get(
      m('transactions?minAmount=abc&from=yesterday&resultCode=%3Cx%3E&to=2026-02-30&after=zzz&buyer=%2B%2B'),
    );
    assert.equal(res.status, 422);
    assert.match(res.html, /data-testid="filter-problems"/);
    assert.match(res.html, /value="abc"/);
    assert.match(res.html, /value="yesterday"/);
    assert.match(res.html, /href="#f-minAmount"/);
    assert.match(res.html, /href="#f-resultCode"/);
    assert.match(res.html, /href="#f-to"/);
    assert.match(res.html, /href="#f-buyer"/);
    assert.doesNotMatch(res.html, /<x>/);
    assert.deepEqual(ids(res.html), []);
    const reversed = await f.operator.get(m('transactions?minAmount=20&maxAmount=10&status=accepted&resultCode=02020'));
    assert.equal(reversed.status, 422);
    assert.match(reversed.html, /href="#f-maxAmount"/);
    assert.match(reversed.html, /href="#f-resultCode"/);
    const tooLong = await f.operator.get(m(`transactions?orderRef=${'x'.repeat(300)}`));
    assert.equal(tooLong.status, 422);
    const csv = await download(m('transactions.csv?minAmount=abc'));
    assert.equal(csv.res.status, 302);
    assert.match(csv.res.headers.get('location')!, /\/transactions\?minAmount=abc$/);
  });

  it('pages by keyset: no row repeated or skipped, ties at one instant included', async () => {
    const seen: string[] = [];
    let path: string | undefined = m('transactions', f.otherMerchantId);
    for (let page = 0; page < 3 && path; page++) {
      const res = await f.operator.get(path);
      const rows = ids(res.html);
      assert.equal(rows.length, 50);
      seen.push(...rows);
      path = olderLink(res.html);
      assert.match(path ?? '', /after=\d+\.\d+/);
      assert.doesNotMatch(path ?? '', /offset|page=/);
    }
    assert.deepEqual(
      seen,
      Array.from({ length: 150 }, (_, i) => `7${i + 1}`),
    );
    // The 60 payments of one same instant, in two pages.
    const ties: string[] = [];
    path = m('transactions?to=2025-12-31', f.otherMerchantId);
    while (path) {
      const res = await f.operator.get(path);
      ties.push(...ids(res.html));
      path = olderLink(res.html);
    }
    assert.equal(ties.length, 60);
    assert.equal(new Set(ties).size, 60);
    assert.deepEqual(ties, [...ties].sort().reverse(), 'by id, descending, within the instant');
  });

  it('a point-of-sale manager sees only their points of sale; another merchant’s list is not found', async () => {
    const manager = await as('pos-manager', [posB]);
    const res = await manager.get(m('transactions'));
    assert.equal(res.status, 200);
    assert.deepEqual(ids(res.html).sort(), ['10002', '10006']);
    assert.doesNotMatch(res.html, new RegExp(`<option value="${posA}"`));
    assert.deepEqual(ids((await manager.get(m(`transactions?pointOfSaleId=${posA}`))).html), []);
    const csv = await manager.get(m('transactions.csv'));
    assert.equal(csv.status, 200);
    assert.deepEqual(
      csv.html
        .split('\r\n')
        .slice(1, -1)
        .map((l) => l.split(',')[1])
        .sort(),
      ['10002', '10006'],
    );

    const admin = await as('merchant-admin');
    assert.equal((await admin.get(m('transactions'))).status, 200);
    assert.equal((await admin.get(m('transactions', f.otherMerchantId))).status, 404);
    assert.equal((await admin.get(m('transactions.csv', f.otherMerchantId))).status, 404);
    const reader = await as('read-only');
    assert.equal((await reader.get(m('transactions'))).status, 200);
    assert.equal((await f.client().get(m('transactions.csv'))).status, 302, 'signed out: to the sign-in page');
  });

  it('escapes what merchants and buyers typed', async () => {
    const res = await f.operator.get(m('transactions'));
    assert.doesNotMatch(res.html, /<script>alert/);
    assert.doesNotMatch(res.html, /<img src=x/);
    // As text: `<` escaped (preact leaves `>`, harmless in text).
    assert.ok(res.html.includes('&lt;script>alert(1)&lt;/script>'));
    assert.ok(res.html.includes('&lt;img src=x onerror=alert(1)> Zoé'));
  });

  it('exports the filtered list as UTF-8 CSV: BOM, commas, quoted cells, formulas neutralised', async () => {
    const { res, bytes } = await download(m('transactions.csv?status=accepted&charset=utf-8'));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(
      res.headers.get('content-disposition')!,
      new RegExp(`^attachment; filename="transactions-${f.merchantId}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.split('\r\n');
    assert.equal(lines.at(-1), '');
    assert.equal(
      lines[0],
      'Date (UTC),Transaction id,Type,Refunded transaction id,Token,Order reference,Amount,Currency,Result code,Result,Contract,Point of sale,Buyer,Payer',
    );
    assert.equal(lines.length, 5);
    assert.ok(
      lines[1]!.startsWith(
        `2026-03-09 12:00:00,10001,AUTHOR+CAP,,${seedToken('10001')},ORD-1,12.50,EUR,00000,ACCEPTED,`,
      ),
    );
    assert.ok(lines[1]!.endsWith(',Jean Dupont,'));
    const payment = lines.find((l) => l.split(',')[1] === '10004')!;
    assert.ok(payment.includes(`,"'=HYPERLINK(""http://evil.example"")",20.00,EUR,`), payment);
    assert.ok(payment.endsWith(",'+cmd|calc,Łukasz Ünal"), payment);
    const refund = lines.find((l) => l.split(',')[1] === '10005')!;
    assert.ok(refund.includes(`,10005,REFUND,10004,${seedToken('10004')},`), refund);
    assert.ok(refund.includes(',5.00,EUR,'), refund);
  });

  it('exports the ISO-8859-1 variant: semicolons, decimal comma, ? for what Latin-1 lacks', async () => {
    const { res, bytes } = await download(m('transactions.csv?charset=iso-8859-1'));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=iso-8859-1');
    assert.notEqual(bytes[0], 0xef, 'no byte order mark');
    assert.ok(
      bytes.every((b) => b < 0x80 || b >= 0xa0),
      'Latin-1 bytes only',
    );
    const text = new TextDecoder('latin1').decode(bytes);
    const lines = text.split('\r\n');
    assert.ok(lines[0]!.startsWith('Date (UTC);Transaction id;Type;'));
    assert.equal(lines.length, 8);
    const zoe = lines.find((l) => l.includes(';10003;'))!;
    assert.ok(zoe.includes(';9,90;EUR;02008;CANCELLED;'), zoe);
    assert.ok(zoe.endsWith(';<img src=x onerror=alert(1)> Zoé;'), zoe);
    const payment = lines.find((l) => l.split(';')[1] === '10004')!;
    assert.ok(payment.endsWith(";'+cmd|calc;?ukasz Ünal"), payment);
    assert.equal((await download(m('transactions.csv?charset=ebcdic'))).res.status, 302);
    const head = await fetch(`${f.t.baseUrl}${m('transactions.csv')}`, {
      method: 'HEAD',
      headers: { cookie: `passerelle_admin=${f.operator.sessionCookie}` },
    });
    assert.equal(head.status, 404, 'no HEAD that would read the whole export');
  });

  it('streams 5,000 rows in keyset batches', async () => {
    const { res, bytes } = await download(m('transactions.csv?charset=utf-8', f.otherMerchantId));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-length'), null, 'streamed, not buffered');
    const lines = new TextDecoder().decode(bytes).split('\r\n').slice(1, -1);
    assert.equal(lines.length, 5060);
    const got = lines.map((l) => l.split(',')[1]);
    assert.equal(new Set(got).size, 5060);
    assert.deepEqual(got.slice(0, 3), ['71', '72', '73']);
    assert.equal(got[4999], '75000');
  });
});
