import type { StoredWebhookSecret, WebhookSecretStore } from '../ports/webhook-secret-store.js';
import type { Queryable, Row } from './db.js';

const toSecret = (r: Row): StoredWebhookSecret => ({
  pointOfSaleId: String(r.point_of_sale_id),
  merchantId: String(r.merchant_id),
  sealed: String(r.secret_sealed),
  previousSealed: r.previous_sealed === null ? undefined : String(r.previous_sealed),
  previousUntil: r.previous_until === null ? undefined : new Date(r.previous_until as string | Date),
  createdAt: new Date(r.created_at as string | Date),
});

/** The WebhookSecretStore port over PostgreSQL SQL (table webhook_secrets, one row per signing point of sale). */
export class SqlWebhookSecrets implements WebhookSecretStore {
  constructor(private readonly db: Queryable) {}

  async get(pointOfSaleId: string): Promise<StoredWebhookSecret | undefined> {
    const [row] = await this.db.query('SELECT * FROM webhook_secrets WHERE point_of_sale_id = $1', [pointOfSaleId]);
    return row && toSecret(row);
  }

  async put(s: StoredWebhookSecret): Promise<void> {
    await this.db.query(
      `INSERT INTO webhook_secrets (point_of_sale_id, merchant_id, secret_sealed, previous_sealed, previous_until, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (point_of_sale_id) DO UPDATE SET secret_sealed = $3, previous_sealed = $4, previous_until = $5, created_at = $6`,
      [s.pointOfSaleId, s.merchantId, s.sealed, s.previousSealed ?? null, s.previousUntil ?? null, s.createdAt],
    );
  }

  async remove(pointOfSaleId: string): Promise<boolean> {
    return (
      (
        await this.db.query('DELETE FROM webhook_secrets WHERE point_of_sale_id = $1 RETURNING point_of_sale_id', [
          pointOfSaleId,
        ])
      ).length > 0
    );
  }
}
