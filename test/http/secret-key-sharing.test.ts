import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openAdminTarget } from '../../src/cli/admin-target.js';
import { loadConfig } from '../../src/config.js';
import { SecretKeyMismatchError } from '../../src/security/secret-key-check.js';
import { paidPayment, refundRows, restRefund, settleRefunds, soapRefund } from '../support/refund-client.js';
import { createTestDatabase, DRIVER, type TestDatabase } from '../support/test-database.js';
import { DEMO_MERCHANT_ID, startTestGateway, type TestGateway } from '../support/test-gateway.js';

const OTHER_KEY = Buffer.alloc(32, 9).toString('base64');

/** All processes on one database share PASSERELLE_SECRET_KEY; a refund reserved is never answered with an error. */
describe('the secret key shared by the processes of one database', () => {
  let db: TestDatabase;
  let dataDir: string | undefined;
  before(async () => {
    db = await createTestDatabase();
    // PGlite persists only in a data directory; PostgreSQL keeps the test schema.
    if (DRIVER === 'pglite') dataDir = mkdtempSync(join(tmpdir(), 'passerelle-secret-'));
  });
  after(async () => {
    await db.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a process given another PASSERELLE_SECRET_KEY than the one its database was sealed with refuses to start, saying why', async () => {
    const first = await startTestGateway({ database: db, ...(dataDir && { dataDir }) });
    await first.close();
    const refusal = await startTestGateway({
      database: db,
      ...(dataDir && { dataDir }),
      env: { PASSERELLE_SECRET_KEY: OTHER_KEY },
    }).then(
      async (started) => void (await started.close()),
      (err: unknown) => err,
    );
    assert.ok(refusal instanceof SecretKeyMismatchError, `refused to start: ${String(refusal)}`);
    assert.match(refusal.message, /same PASSERELLE_SECRET_KEY/);
    // The right key still starts.
    const again = await startTestGateway({ database: db, ...(dataDir && { dataDir }) });
    await again.close();
  });

  it('the CLI given another key refuses to seal a partner API key the gateways could not open, and stores nothing', async () => {
    const config = loadConfig({
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : { DATA_DIR: dataDir! }),
      PASSERELLE_SECRET_KEY: OTHER_KEY,
    });
    const target = await openAdminTarget(config);
    try {
      const contract = {
        merchantId: DEMO_MERCHANT_ID,
        contractNumber: 'PQOTHERKEY',
        pointOfSale: 'DemoShop',
        partnerContractId: 'X',
        partner: { apiKey: 'partner-api-key', ppid: 'a'.repeat(24) },
      };
      await assert.rejects(target.run('contract create', contract), SecretKeyMismatchError);
      assert.ok(
        !(await target.run('contract list', { merchantId: DEMO_MERCHANT_ID })).some(
          (c: { contractNumber: string }) => c.contractNumber === 'PQOTHERKEY',
        ),
      );
    } finally {
      await target.close();
    }
  });
});

describe('a refund whose submission fails after it was reserved', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  /** The contract's partner settings cannot be read once (e.g. a secret that does not open). */
  function failNextConfigLookup() {
    const partners = t.gateway.deps.partners;
    const original = partners.connect;
    partners.connect = async () => {
      partners.connect = original;
      throw new Error('Unsupported state or unable to authenticate data');
    };
  }

  it('REST: answers 202 02000 (in doubt), not 500; the worker refunds it once; a retry answers the same refund', async () => {
    const { transactionId } = await paidPayment(t, { amount: 1000 });
    failNextConfigLookup();
    const res = await restRefund(t, transactionId, { amount: 400 }, { key: 'refund-after-failure' });
    assert.equal(res.status, 202, res.body);
    assert.equal(res.json.result.code, '02000');
    const refundId = res.json.transaction.id as string;
    let rows = await refundRows(t, transactionId);
    assert.deepEqual(
      rows.map((r) => [r.id, r.status, r.partner_refund_id]),
      [[refundId, 'PENDING', null]],
    );

    t.clock.advanceMinutes(1);
    await t.gateway.worker.runOnce();
    await settleRefunds(t);
    rows = await refundRows(t, transactionId);
    assert.deepEqual(
      rows.map((r) => [r.id, r.status, r.result_code]),
      [[refundId, 'REFUNDED', '00000']],
    );

    const retry = await restRefund(t, transactionId, { amount: 400 }, { key: 'refund-after-failure' });
    assert.equal(retry.json.transaction.id, refundId);
    assert.equal(retry.json.result.code, '00000');
    assert.equal((await refundRows(t, transactionId)).length, 1, 'refunded once');
  });

  it('SOAP: answers 02000, not a fault', async () => {
    const { transactionId } = await paidPayment(t, { amount: 1000 });
    failNextConfigLookup();
    const res = await soapRefund(t, { transactionID: transactionId, amount: '100', sequenceNumber: 'S-1' });
    assert.equal(res.status, 200, res.body);
    assert.equal(res.field('code'), '02000');
    assert.deepEqual(
      (await refundRows(t, transactionId)).map((r) => r.status),
      ['PENDING'],
    );
  });
});
