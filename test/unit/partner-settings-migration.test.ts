import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { databaseAt } from '../support/database-at.js';

describe('migration 7: partner settings in one column, the card code on each session', () => {
  it("moves a contract's Payconiq columns into partner_settings and gives old sessions their contract's card code", async () => {
    const db = await databaseAt(6);
    try {
      await db.query(
        "INSERT INTO merchants (id, company_name, trade_name, demo, created_at) VALUES ('M1', 'Co', 'Shop', false, now())",
      );
      await db.query(
        "INSERT INTO points_of_sale (id, merchant_id, label, payment_delay_minutes) VALUES ('P1', 'M1', 'Web', 61)",
      );
      await db.query(
        `INSERT INTO contracts (merchant_id, contract_number, card_code, currency, point_of_sale_id, active, label, partner_contract_id,
                                partner_api_key_enc, partner_ppid, partner_api_base_url, partner_jwks_url)
         VALUES ('M1', 'LIVE', 'PAYCONIQ_MNXT', 978, 'P1', true, 'Live', 'X', 'v1:sealed', '5bb37284e35e2b29e363df22',
                 'https://merchant.api.bancontact.net', 'https://jwks.bancontact.net/'),
                ('M1', 'SIM', 'PAYCONIQ_MNXT', 978, 'P1', true, 'Sim', 'Y', NULL, NULL, NULL, NULL)`,
      );
      await db.query(
        `INSERT INTO web_sessions (token, merchant_id, point_of_sale_id, contract_number, result_code, amount, currency, order_ref,
                                   soft_descriptor, return_url, cancel_url, request, created_at, expires_at)
         VALUES ('T1', 'M1', 'P1', 'LIVE', '02533', 100, 978, 'O1', 'Shop', 'https://r', 'https://c', '{}', now(), now())`,
      );

      // 7 and every later one (applied in order on an older database).
      assert.deepEqual(
        await migrate(db),
        MIGRATIONS.filter((m) => m.version >= 7).map((m) => m.version),
      );

      const contracts = await db.query<{ contract_number: string; partner_settings: unknown }>(
        'SELECT contract_number, partner_settings FROM contracts ORDER BY contract_number',
      );
      assert.deepEqual(
        contracts.map((c) => [c.contract_number, c.partner_settings]),
        [
          [
            'LIVE',
            {
              apiKey: 'v1:sealed',
              ppid: '5bb37284e35e2b29e363df22',
              apiBaseUrl: 'https://merchant.api.bancontact.net',
              jwksUrl: 'https://jwks.bancontact.net/',
            },
          ],
          ['SIM', null],
        ],
      );
      const columns = await db.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'contracts' AND column_name LIKE 'partner_%'",
      );
      assert.deepEqual(columns.map((c) => c.column_name).sort(), ['partner_contract_id', 'partner_settings']);
      assert.deepEqual(await db.query('SELECT card_code FROM web_sessions'), [{ card_code: 'PAYCONIQ_MNXT' }]);
    } finally {
      await db.close();
    }
  });
});
