import type { AccessKeyInfo, Contract, Merchant, PointOfSale } from '../domain/merchant.js';
import type { MerchantConfiguration, MerchantSetup } from '../ports/merchant-configuration.js';
import { joining, type Transactional } from './db.js';
import { toAccessKey, toContract, toMerchant, toPointOfSale } from './rows.js';

/** The MerchantConfiguration port over PostgreSQL SQL (PGlite and node-postgres alike). */
export class SqlMerchantConfiguration implements MerchantConfiguration {
  constructor(private readonly db: Transactional) {}

  async createMerchant(
    m: Merchant,
    { pointsOfSale = [], contracts = [], accessKeys = [] }: MerchantSetup = {},
  ): Promise<void> {
    await this.db.transaction(async (q) => {
      await q.query(
        'INSERT INTO merchants (id, company_name, trade_name, demo, created_at) VALUES ($1, $2, $3, $4, $5)',
        [m.id, m.companyName, m.tradeName, m.demo, m.createdAt],
      );
      const joined = new SqlMerchantConfiguration(joining(q));
      for (const p of pointsOfSale) await joined.createPointOfSale(p);
      for (const c of contracts) await joined.createContract(c);
      for (const k of accessKeys) await joined.addAccessKey(k.info, k.keyHash);
    });
  }

  async findDemoMerchant(): Promise<Merchant | undefined> {
    const [row] = await this.db.query('SELECT * FROM merchants WHERE demo ORDER BY created_at LIMIT 1');
    return row && toMerchant(row);
  }

  async getMerchant(id: string): Promise<Merchant | undefined> {
    const [row] = await this.db.query('SELECT * FROM merchants WHERE id = $1', [id]);
    return row && toMerchant(row);
  }

  async listMerchants(): Promise<Merchant[]> {
    return (await this.db.query('SELECT * FROM merchants ORDER BY created_at, id')).map(toMerchant);
  }

  async updateMerchant(m: Pick<Merchant, 'id' | 'companyName' | 'tradeName'>): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE merchants SET company_name = $2, trade_name = $3 WHERE id = $1 RETURNING id',
      [m.id, m.companyName, m.tradeName],
    );
    return rows.length === 1;
  }

  async updatePointOfSale(p: PointOfSale): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE points_of_sale SET label = $3, payment_delay_minutes = $4, notification_url = $5
        WHERE merchant_id = $1 AND id = $2 RETURNING id`,
      [p.merchantId, p.id, p.label, p.paymentDelayMinutes, p.notificationUrl ?? null],
    );
    return rows.length === 1;
  }

  async createPointOfSale(p: PointOfSale): Promise<void> {
    await this.db.query(
      'INSERT INTO points_of_sale (id, merchant_id, label, payment_delay_minutes, notification_url) VALUES ($1, $2, $3, $4, $5)',
      [p.id, p.merchantId, p.label, p.paymentDelayMinutes, p.notificationUrl ?? null],
    );
  }

  async listPointsOfSale(merchantId: string): Promise<PointOfSale[]> {
    return (
      await this.db.query('SELECT * FROM points_of_sale WHERE merchant_id = $1 ORDER BY label', [merchantId])
    ).map(toPointOfSale);
  }

  async createContract(c: Contract): Promise<void> {
    await this.db.query(
      `INSERT INTO contracts (merchant_id, contract_number, card_code, currency, point_of_sale_id, active, label, partner_contract_id, trade_name,
                              partner_settings, description)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        c.merchantId,
        c.contractNumber,
        c.cardCode,
        c.currency,
        c.pointOfSaleId,
        c.active,
        c.label,
        c.partnerContractId,
        c.tradeName ?? null,
        c.partnerSettings ? JSON.stringify(c.partnerSettings) : null,
        c.description ?? null,
      ],
    );
  }

  async updateContract(c: Contract): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE contracts SET currency = $3, point_of_sale_id = $4, active = $5, label = $6, partner_contract_id = $7,
              trade_name = $8, partner_settings = $9, description = $10
        WHERE merchant_id = $1 AND contract_number = $2 RETURNING contract_number`,
      [
        c.merchantId,
        c.contractNumber,
        c.currency,
        c.pointOfSaleId,
        c.active,
        c.label,
        c.partnerContractId,
        c.tradeName ?? null,
        c.partnerSettings ? JSON.stringify(c.partnerSettings) : null,
        c.description ?? null,
      ],
    );
    return rows.length === 1;
  }

  async listContracts(merchantId: string): Promise<Contract[]> {
    return (
      await this.db.query('SELECT * FROM contracts WHERE merchant_id = $1 ORDER BY contract_number', [merchantId])
    ).map(toContract);
  }

  async findContract(merchantId: string, contractNumber: string) {
    const [row] = await this.db.query(
      `SELECT c.*, p.id AS pos_id, p.label AS pos_label, p.payment_delay_minutes, p.notification_url,
              m.company_name, m.trade_name AS merchant_trade_name, m.demo, m.created_at AS merchant_created_at
         FROM contracts c
         JOIN points_of_sale p ON p.id = c.point_of_sale_id
         JOIN merchants m ON m.id = c.merchant_id
        WHERE c.merchant_id = $1 AND c.contract_number = $2`,
      [merchantId, contractNumber],
    );
    if (!row) return undefined;
    return {
      contract: toContract(row),
      pointOfSale: toPointOfSale({ ...row, id: row.pos_id, label: row.pos_label }),
      merchant: toMerchant({
        id: row.merchant_id,
        company_name: row.company_name,
        trade_name: row.merchant_trade_name,
        demo: row.demo,
        created_at: row.merchant_created_at,
      }),
    };
  }

  async addAccessKey(key: AccessKeyInfo, keyHash: string): Promise<void> {
    await this.db.query(
      'INSERT INTO access_keys (id, merchant_id, label, key_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
      [key.id, key.merchantId, key.label, keyHash, key.createdAt],
    );
  }

  async listAccessKeys(merchantId: string): Promise<AccessKeyInfo[]> {
    return (
      await this.db.query(
        'SELECT id, merchant_id, label, created_at, revoked_at FROM access_keys WHERE merchant_id = $1 ORDER BY created_at, id',
        [merchantId],
      )
    ).map(toAccessKey);
  }

  async revokeAccessKey(merchantId: string, keyId: string, at: Date): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE access_keys SET revoked_at = $3 WHERE merchant_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id',
      [merchantId, keyId, at],
    );
    return rows.length === 1;
  }

  async relabelAccessKey(merchantId: string, keyId: string, label: string): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE access_keys SET label = $3 WHERE merchant_id = $1 AND id = $2 RETURNING id',
      [merchantId, keyId, label],
    );
    return rows.length === 1;
  }

  async activeKeyHashes(merchantId: string): Promise<string[]> {
    const rows = await this.db.query<{ key_hash: string }>(
      'SELECT key_hash FROM access_keys WHERE merchant_id = $1 AND revoked_at IS NULL',
      [merchantId],
    );
    return rows.map((r) => r.key_hash);
  }
}
