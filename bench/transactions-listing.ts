/**
 * How the back-office transactions list (src/store/sql-transaction-listing.ts) holds up with a
 * million transactions for one merchant, on PostgreSQL. Run:
 *
 *   node --import tsx bench/transactions-listing.ts [postgres://user@host:5432/any-database]
 *
 * (default: TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test). It creates a
 * database of its own, `passerelle_listing_bench`, migrates it, seeds 1,000,000 payments (and
 * their sessions, through the listing trigger) plus 50,000 refunds with INSERT … SELECT
 * generate_series, then times each filter's first page and a deep page (keyset cursor at the
 * middle of the year), prints the plan's nodes (no sequential scan of transactions allowed),
 * streams the whole CSV export, and drops the database.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { exportTransactions } from '../src/backoffice/transactions.js';
import type { BackOfficeUser } from '../src/domain/back-office-user.js';
import { csvChunks } from '../src/http/backoffice/transactions-csv.js';
import type { TransactionFilter } from '../src/ports/transaction-listing.js';
import { migrate } from '../src/store/migrations.js';
import { openPostgresDb } from '../src/store/postgres-db.js';
import { SqlMerchantConfiguration } from '../src/store/sql-merchant-configuration.js';
import { listingQuery, SqlTransactionListing } from '../src/store/sql-transaction-listing.js';

const DATABASE = 'passerelle_listing_bench';
/** BENCH_PAYMENTS: fewer, for a quick try of the script. */
const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 1_000_000);
const REFUNDS = PAYMENTS / 20;
const NEWEST = Date.parse('2026-12-01T00:00:00Z');
/** One payment every 31.536 s: a year of them. */
const STEP_MS = 31_536;
const RUNS = 5;

const adminUrl = process.argv[2] ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const benchUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${DATABASE}`;
  u.searchParams.delete('options');
  return u.toString();
})();

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const at = (n: number) => new Date(NEWEST - n * STEP_MS);

async function seed(q: (sql: string, params?: unknown[]) => Promise<unknown>) {
  await q(
    `INSERT INTO merchants (id, company_name, trade_name, demo, created_at) VALUES ('M1', 'Bench SA', 'Bench', false, now()), ('M2', 'Other SA', 'Other', false, now())`,
  );
  await q(`INSERT INTO points_of_sale (id, merchant_id, label, payment_delay_minutes)
           SELECT 'P' || i, 'M1', 'Shop ' || i, 60 FROM generate_series(0, 8) i
           UNION ALL SELECT 'PSMALL', 'M1', 'Small shop', 60 UNION ALL SELECT 'POTHER', 'M2', 'Other shop', 60`);
  // Per payment n: 1 in 1000 at the small point of sale, 1 in 500 on a rare contract, result
  // codes 80 % accepted, 8 % refused by the partner, 5 % cancelled, 4 + 2 % expired, 1 % in
  // progress, 1 in 10,000 a partner error; about 20 payments per last name, 10 for a rare one.
  const columns = `
    'BENCH' || lpad(n::text, 15, '0') || '1700000000000' AS token,
    CASE WHEN n % 1000 = 0 THEN 'PSMALL' ELSE 'P' || (n % 9) END AS pos,
    CASE WHEN n % 500 = 1 THEN 'CRARE' ELSE 'C' || (n % 4) END AS contract,
    CASE WHEN n % 10000 = 3 THEN '02106' WHEN n % 100 < 80 THEN '00000' WHEN n % 100 < 88 THEN '02020'
         WHEN n % 100 < 93 THEN '02008' WHEN n % 100 < 97 THEN '02324' WHEN n % 100 < 99 THEN '02534' ELSE '02306' END AS code,
    100 + (n::bigint * 7919) % 100000 AS amount,
    to_timestamp(($1::bigint - n::bigint * ${STEP_MS}) / 1000.0) AS created_at`;
  const t0 = performance.now();
  await q(
    `INSERT INTO web_sessions (token, merchant_id, point_of_sale_id, contract_number, card_code, result_code, amount, currency,
       order_ref, soft_descriptor, return_url, cancel_url, request, created_at, expires_at, transaction_id)
     SELECT token, 'M1', pos, contract, 'PAYCONIQ_MNXT', code, amount, 978, 'ORD' || n, 'BENCH', 'https://r', 'https://c',
            jsonb_build_object('buyer', jsonb_build_object(
              'firstName', (ARRAY['Jean','Marie','Luc','Anne','Paul','Julie','Marc','Sophie','Pierre','Claire'])[1 + n % 10],
              'lastName', CASE WHEN n % 100000 = 7 THEN 'Zyxwvut' ELSE 'Name' || (n % 50000) END)),
            created_at, created_at, 'T' || n
       FROM (SELECT n, ${columns} FROM generate_series(1, ${PAYMENTS}) n) s`,
    [NEWEST],
  );
  const t1 = performance.now();
  await q(
    `INSERT INTO transactions (id, merchant_id, token, contract_number, type, amount, currency, result_code, created_at, soft_descriptor)
     SELECT 'T' || n, 'M1', token, contract, 'AUTHOR+CAP', amount, 978, code, created_at, 'BENCH'
       FROM (SELECT n, ${columns} FROM generate_series(1, ${PAYMENTS}) n) s`,
    [NEWEST],
  );
  const t2 = performance.now();
  // Refunds of every 20th payment, an hour after it (their listing columns: the payment's session's).
  await q(
    `INSERT INTO transactions (id, merchant_id, token, contract_number, type, amount, currency, result_code, created_at, soft_descriptor, original_transaction_id)
     SELECT 'R' || n, 'M1', NULL, t.contract_number, 'REFUND', 100, 978, '00000', t.created_at + interval '1 hour', 'BENCH', t.id
       FROM generate_series(20, ${REFUNDS * 20}, 20) n JOIN transactions t ON t.id = 'T' || n`,
  );
  // Another merchant's rows in the same indexes.
  await q(
    `INSERT INTO web_sessions (token, merchant_id, point_of_sale_id, contract_number, card_code, result_code, amount, currency,
       order_ref, soft_descriptor, return_url, cancel_url, request, created_at, expires_at)
     SELECT 'OTHER' || lpad(n::text, 15, '0') || '1700000000000', 'M2', 'POTHER', 'C0', 'PAYCONIQ_MNXT', '00000', 500, 978,
            'ORD' || n, 'BENCH', 'https://r', 'https://c', '{}', now(), now() FROM generate_series(1, 100000) n`,
  );
  await q(
    `INSERT INTO transactions (id, merchant_id, token, contract_number, type, amount, currency, result_code, created_at, soft_descriptor)
     SELECT 'O' || n, 'M2', 'OTHER' || lpad(n::text, 15, '0') || '1700000000000', 'C0', 'AUTHOR+CAP', 500, 978, '00000',
            now() - n * interval '1 minute', 'BENCH' FROM generate_series(1, 100000) n`,
  );
  const t3 = performance.now();
  await q('ANALYZE');
  const t4 = performance.now();
  console.log(
    `seeded: sessions ${((t1 - t0) / 1000).toFixed(1)} s, payments (trigger) ${((t2 - t1) / 1000).toFixed(1)} s, refunds and another merchant ${((t3 - t2) / 1000).toFixed(1)} s, ANALYZE ${((t4 - t3) / 1000).toFixed(1)} s`,
  );
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Alias?: string;
  Plans?: PlanNode[];
}

/** The plan's nodes down to the scans of the listed table (`t`), and whether any is a Seq Scan of a big table. */
function describePlan(plan: PlanNode): { chain: string; seqScan: boolean } {
  const scans: string[] = [];
  let seqScan = false;
  const walk = (n: PlanNode) => {
    if (
      n['Node Type'] === 'Seq Scan' &&
      (n['Relation Name'] === 'transactions' || n['Relation Name'] === 'web_sessions')
    )
      seqScan = true;
    if (n.Alias === 't' || n.Alias === 'x' || n.Alias === 'r' || n['Node Type'].startsWith('Bitmap'))
      scans.push(`${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}`);
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(plan);
  return { chain: `${plan['Node Type']} › ${[...new Set(scans)].join(' + ')}`, seqScan };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const started = performance.now();
  await admin(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin(`CREATE DATABASE ${DATABASE}`);
  const db = await openPostgresDb(benchUrl, 4);
  let failed = false;
  try {
    await migrate(db);
    const [version] = await db.query<{ v: string }>('SHOW server_version');
    console.log(
      `PostgreSQL ${version?.['server_version' as 'v']}, ${PAYMENTS.toLocaleString('en')} payments + ${REFUNDS.toLocaleString('en')} refunds for one merchant`,
    );
    await seed((sql, params) => db.query(sql, params));
    const listing = new SqlTransactionListing(db);
    const deep = { createdAt: at(PAYMENTS / 2), id: `T${PAYMENTS / 2}` };
    const cases: [string, Partial<TransactionFilter>][] = [
      ['no filter', {}],
      ['period (one day)', { from: new Date('2026-06-01T00:00:00Z'), to: new Date('2026-06-02T00:00:00Z') }],
      ['status refused (3 codes, 14 %)', { resultCodes: ['02020', '02324', '02534'] }],
      ['result code 02106 (0.01 %)', { resultCodes: ['02106'] }],
      ['amount 10.00–10.50 (0.05 %)', { currency: 978, minAmount: 1000, maxAmount: 1050 }],
      ['amount 0.01–0.50 (no row)', { currency: 978, minAmount: 1, maxAmount: 50 }],
      ['amount ≥ 500.00 (50 %)', { currency: 978, minAmount: 50000 }],
      ['order reference', { orderRef: 'ORD123457' }],
      ['token (payment and its refund)', { token: 'BENCH0000000000123401700000000000' }],
      ['transaction id (and refunds)', { transactionId: 'T123400' }],
      ['contract, rare (0.2 %)', { contractNumber: 'CRARE' }],
      ['contract, common (25 %)', { contractNumber: 'C2' }],
      ['point of sale, small (0.1 %)', { pointOfSaleId: 'PSMALL' }],
      ['point of sale (11 %)', { pointOfSaleId: 'P3' }],
      ['manager of 2 points of sale', { pointsOfSale: ['P1', 'P2'] }],
      ['buyer "name123" (prefix, ~220 rows)', { buyerWords: ['name123'] }],
      ['buyer "zyxwvut" (10 rows)', { buyerWords: ['zyxwvut'] }],
      ['buyer "jean" (10 %)', { buyerWords: ['jean'] }],
      ['refused at a small point of sale', { pointOfSaleId: 'PSMALL', resultCodes: ['02020'] }],
    ];
    console.log('\n| filter | page | rows | median ms | plan (top node › scans) |\n|---|---|---:|---:|---|');
    for (const [name, extra] of cases) {
      for (const [page, after] of [
        ['first', undefined],
        ['deep', deep],
      ] as const) {
        const filter: TransactionFilter = { merchantId: 'M1', ...extra, after, limit: 51 };
        const times: number[] = [];
        let rows = 0;
        await listing.list(filter);
        for (let i = 0; i < RUNS; i++) {
          const t0 = performance.now();
          rows = (await listing.list(filter)).length;
          times.push(performance.now() - t0);
        }
        const { sql, params } = listingQuery(filter);
        const [explained] = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
          `EXPLAIN (FORMAT JSON) ${sql}`,
          params,
        );
        const plan = explained!['QUERY PLAN'];
        const { chain, seqScan } = describePlan((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan);
        if (seqScan) failed = true;
        console.log(
          `| ${name} | ${page} | ${rows} | ${median(times).toFixed(1)} | ${chain}${seqScan ? ' **SEQ SCAN**' : ''} |`,
        );
      }
    }

    // The export of everything, streamed: time and the process's peak memory.
    const merchants = new SqlMerchantConfiguration(db);
    const operator: BackOfficeUser = {
      id: 'u',
      email: 'ops@bench',
      displayName: 'ops',
      profile: 'operator',
      pointOfSaleIds: [],
      createdAt: new Date(),
    };
    for (const [name, query] of [
      ['refused', { resultCodes: ['02020'] }],
      ['everything', {}],
    ] as const) {
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const t0 = performance.now();
      const { rows, pointsOfSale } = await exportTransactions(
        { merchants, transactionListing: listing },
        { user: operator },
        'M1',
        query,
      );
      let bytes = 0;
      let lines = 0;
      for await (const chunk of csvChunks(rows, pointsOfSale, 'iso-8859-1')) {
        bytes += chunk.length;
        for (const b of chunk) if (b === 10) lines++;
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      const s = (performance.now() - t0) / 1000;
      console.log(
        `\nCSV export (${name}, ISO-8859-1): ${(lines - 1).toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(1)} MB in ${s.toFixed(1)} s (${Math.round((lines - 1) / s).toLocaleString('en')} rows/s), peak RSS +${((peak - rssBefore) / 1e6).toFixed(0)} MB`,
      );
    }
  } finally {
    await db.close();
    await admin(`DROP DATABASE IF EXISTS ${DATABASE}`);
    console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s in all; ${DATABASE} dropped)`);
  }
  if (failed) {
    console.error('a sequential scan of a big table: see the plans above');
    process.exitCode = 1;
  }
}

await main();
