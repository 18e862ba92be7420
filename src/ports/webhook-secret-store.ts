/** A point of sale's Standard Webhooks signing secret, as stored (sealed with SecretBox). */
export interface StoredWebhookSecret {
  pointOfSaleId: string;
  merchantId: string;
  sealed: string;
  /** The secret before the last rotation, still signing until `previousUntil`. */
  previousSealed?: string | undefined;
  previousUntil?: Date | undefined;
  createdAt: Date;
}

/** The points of sale's signing secrets (the worker reads them with the notifications it claims). */
export interface WebhookSecretStore {
  get(pointOfSaleId: string): Promise<StoredWebhookSecret | undefined>;
  /** Creates or replaces the point of sale's secret. */
  put(secret: StoredWebhookSecret): Promise<void>;
  remove(pointOfSaleId: string): Promise<boolean>;
}
