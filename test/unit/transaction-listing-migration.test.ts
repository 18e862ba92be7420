import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { databaseAt } from '../support/database-at.js';

const session = (token: string, orderRef: string, buyer: object) =>
  `INSERT INTO web_sessions (token, merchant_id, point_of_sale_id, contract_number, card_code, result_code, amount, currency,
     order_ref, soft_descriptor, return_url, cancel_url, request, created_at, expires_at)
   VALUES ('${token}', 'M1', 'P1', 'C1', 'PAYCONIQ_MNXT', '00000', 1000, 978, '${orderRef}', 'S', 'https://r', 'https://c',
     '${JSON.stringify({ buyer })}', now(), now())`;
const transaction = (id: string, token: string | null, original: string | null, payer: string | null = null) =>
  `INSERT INTO transactions (id, merchant_id, token, contract_number, type, amount, currency, result_code, created_at,
     soft_descriptor, payer_name, original_transaction_id)
   VALUES ('${id}', 'M1', ${token ? `'${token}'` : 'NULL'}, 'C1', '${original ? 'REFUND' : 'AUTHOR+CAP'}', 1000, 978, '00000',
     now(), 'S', ${payer ? `'${payer}'` : 'NULL'}, ${original ? `'${original}'` : 'NULL'})`;

describe('migration 14: the listing columns of transactions', () => {
  it('fills them for existing rows, then for each new row and when the payer’s name arrives', async () => {
    const db = await databaseAt(13);
    try {
      await db.query(
        "INSERT INTO merchants (id, company_name, trade_name, demo, created_at) VALUES ('M1', 'Co', 'Shop', false, now())",
      );
      await db.query(
        "INSERT INTO points_of_sale (id, merchant_id, label, payment_delay_minutes) VALUES ('P1', 'M1', 'Web', 61)",
      );
      await db.query(session('TOK1', 'ORDER-1', { firstName: 'Jean', lastName: 'Dupont' }));
      await db.query(transaction('1', 'TOK1', null, 'Jean-Pierre Payeur'));
      await db.query(transaction('2', null, '1'));
      assert.deepEqual(
        await migrate(db),
        MIGRATIONS.filter((m) => m.version >= 14).map((m) => m.version),
      );
      const rows = () => db.query('SELECT id, point_of_sale_id, order_ref, buyer_names FROM transactions ORDER BY id');
      assert.deepEqual(await rows(), [
        { id: '1', point_of_sale_id: 'P1', order_ref: 'ORDER-1', buyer_names: 'jean dupont jean-pierre payeur' },
        { id: '2', point_of_sale_id: 'P1', order_ref: 'ORDER-1', buyer_names: 'jean dupont' },
      ]);

      await db.query(session('TOK3', 'ORDER-3', {}));
      await db.query(transaction('3', 'TOK3', null));
      await db.query(transaction('4', null, '3'));
      await db.query("UPDATE transactions SET payer_name = 'Zoé Ünal' WHERE id = '3'");
      const [, , third, fourth] = await rows();
      assert.deepEqual(third, { id: '3', point_of_sale_id: 'P1', order_ref: 'ORDER-3', buyer_names: 'zoé ünal' });
      assert.deepEqual(fourth, { id: '4', point_of_sale_id: 'P1', order_ref: 'ORDER-3', buyer_names: null });
      const [found] = await db.query(
        "SELECT count(*)::int AS n FROM transactions WHERE to_tsvector('simple', buyer_names) @@ to_tsquery('simple', 'pier:* & dup:*')",
      );
      assert.equal(found?.n, 1);
    } finally {
      await db.close();
    }
  });
});
