import type { Db } from './db.js';

/** Ordered schema changes. Append only: a released migration never changes. */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'merchants, web sessions, transactions, notifications',
    sql: `
CREATE TABLE merchants (
  id text PRIMARY KEY,
  company_name text NOT NULL,
  trade_name text NOT NULL,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE TABLE access_keys (
  id text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants(id),
  label text NOT NULL,
  key_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX access_keys_merchant ON access_keys (merchant_id);
CREATE TABLE points_of_sale (
  id text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants(id),
  label text NOT NULL,
  payment_delay_minutes integer NOT NULL CHECK (payment_delay_minutes > 0),
  notification_url text,
  UNIQUE (merchant_id, label)
);
CREATE TABLE contracts (
  merchant_id text NOT NULL REFERENCES merchants(id),
  contract_number text NOT NULL,
  card_code text NOT NULL,
  currency integer NOT NULL,
  point_of_sale_id text NOT NULL REFERENCES points_of_sale(id),
  active boolean NOT NULL,
  label text NOT NULL,
  partner_contract_id text NOT NULL,
  trade_name text,
  PRIMARY KEY (merchant_id, contract_number)
);
CREATE TABLE web_sessions (
  token text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants(id),
  point_of_sale_id text NOT NULL REFERENCES points_of_sale(id),
  contract_number text NOT NULL,
  result_code text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency integer NOT NULL,
  order_ref text NOT NULL,
  soft_descriptor text NOT NULL,
  return_url text NOT NULL,
  cancel_url text NOT NULL,
  notification_url text,
  language_code text,
  request jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  buyer_arrived_at timestamptz,
  final_at timestamptz,
  transaction_id text,
  result_fetched_at timestamptz,
  partner_code text
);
CREATE INDEX web_sessions_open_by_expiry ON web_sessions (expires_at) WHERE final_at IS NULL;
CREATE TABLE transactions (
  id text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants(id),
  token text UNIQUE REFERENCES web_sessions(token),
  contract_number text NOT NULL,
  type text NOT NULL,
  amount bigint NOT NULL,
  currency integer NOT NULL,
  result_code text NOT NULL,
  created_at timestamptz NOT NULL,
  soft_descriptor text NOT NULL,
  partner_additional_data text,
  bank_account jsonb,
  payer_name text
);
CREATE TABLE notifications (
  id bigserial PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants(id),
  type text NOT NULL,
  url text NOT NULL,
  token text,
  transaction_id text,
  status text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  delivered_at timestamptz
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notifications_by_token ON notifications (token);
`,
  },
  {
    version: 2,
    name: 'partner payments: contract partner configuration, partner payment of a session, history, callback de-duplication',
    sql: `
ALTER TABLE contracts ADD COLUMN partner_api_key_enc text;
ALTER TABLE contracts ADD COLUMN partner_ppid text;
ALTER TABLE contracts ADD COLUMN partner_api_base_url text;
ALTER TABLE contracts ADD COLUMN partner_jwks_url text;
ALTER TABLE web_sessions ADD COLUMN partner_payment_id text UNIQUE;
ALTER TABLE web_sessions ADD COLUMN partner_payment_link text;
ALTER TABLE web_sessions ADD COLUMN partner_status text;
ALTER TABLE web_sessions ADD COLUMN partner_callback_url text;
ALTER TABLE web_sessions ADD COLUMN partner_creation_started_at timestamptz;
ALTER TABLE web_sessions ADD COLUMN next_poll_at timestamptz;
ALTER TABLE web_sessions ADD COLUMN poll_attempts integer NOT NULL DEFAULT 0;
CREATE INDEX web_sessions_due_poll ON web_sessions (next_poll_at) WHERE final_at IS NULL AND next_poll_at IS NOT NULL;
CREATE TABLE session_events (
  id bigserial PRIMARY KEY,
  token text NOT NULL REFERENCES web_sessions(token),
  at timestamptz NOT NULL,
  source text NOT NULL,
  partner_status text,
  result_code text,
  detail jsonb
);
CREATE INDEX session_events_by_token ON session_events (token, id);
CREATE TABLE partner_callbacks_seen (
  jti text PRIMARY KEY,
  partner_payment_id text NOT NULL,
  received_at timestamptz NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'refunds: refund transactions linked to their payment, partner refund follow-up, merchant request-signing key',
    sql: `
ALTER TABLE transactions ADD COLUMN original_transaction_id text REFERENCES transactions(id);
CREATE INDEX transactions_by_original ON transactions (original_transaction_id) WHERE original_transaction_id IS NOT NULL;
CREATE TABLE refunds (
  transaction_id text PRIMARY KEY REFERENCES transactions(id),
  original_transaction_id text NOT NULL REFERENCES transactions(id),
  merchant_id text NOT NULL REFERENCES merchants(id),
  status text NOT NULL CHECK (status IN ('PENDING', 'REFUNDED', 'FAILED')),
  partner_payment_id text NOT NULL,
  partner_refund_id text,
  partner_status text,
  partner_code text,
  comment text,
  sequence_number text,
  idempotency_key text,
  fingerprint text NOT NULL,
  notification_url text,
  next_attempt_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  final_at timestamptz
);
CREATE INDEX refunds_by_original ON refunds (original_transaction_id);
CREATE UNIQUE INDEX refunds_sequence_number ON refunds (original_transaction_id, sequence_number) WHERE sequence_number IS NOT NULL;
CREATE UNIQUE INDEX refunds_idempotency_key ON refunds (merchant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX refunds_due ON refunds (next_attempt_at) WHERE status = 'PENDING';
CREATE TABLE signing_keys (
  name text PRIMARY KEY,
  kid text NOT NULL,
  private_key_sealed text NOT NULL,
  public_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
`,
  },
  {
    version: 4,
    name: 'expiry of a partner payment: retried while the partner is unreachable; why the gateway cancelled it',
    sql: `ALTER TABLE web_sessions ADD COLUMN expiry_retry_at timestamptz;
ALTER TABLE web_sessions ADD COLUMN partner_cancel_reason text;`,
  },
  {
    version: 5,
    name: 'DirectPayment: sessions without a hosted page; the partner QR image link and expiry; indexes for transaction searches',
    sql: `ALTER TABLE web_sessions ADD COLUMN channel text NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'direct'));
ALTER TABLE web_sessions ADD COLUMN partner_qr_code_link text;
ALTER TABLE web_sessions ADD COLUMN partner_expires_at timestamptz;
CREATE INDEX web_sessions_by_order_ref ON web_sessions (merchant_id, order_ref);
CREATE INDEX transactions_by_merchant_date ON transactions (merchant_id, created_at, id);`,
  },
  {
    version: 6,
    name: 'embedded Payconiq simulator: its profiles, payments, refunds, callback deliveries, signing keys, request-signature ids and settings, shared by every process',
    sql: `CREATE TABLE simulator_profiles (
  api_key_hash text PRIMARY KEY,
  ppid text NOT NULL,
  profile jsonb NOT NULL
);
CREATE TABLE simulator_payments (
  payment_id text PRIMARY KEY,
  seq bigserial NOT NULL,
  version integer NOT NULL,
  ppid text NOT NULL,
  creditor jsonb NOT NULL,
  status text NOT NULL,
  amount bigint NOT NULL,
  currency text NOT NULL,
  description text,
  reference text,
  bulk_id text,
  callback_url text,
  identify_callback_url text,
  return_url text,
  created_at timestamptz NOT NULL,
  expire_at timestamptz NOT NULL,
  succeeded_at timestamptz,
  debtor jsonb
);
CREATE INDEX simulator_payments_open_by_expiry ON simulator_payments (expire_at) WHERE status IN ('PENDING', 'IDENTIFIED', 'AUTHORIZED', 'PENDING_MERCHANT_ACKNOWLEDGEMENT');
CREATE INDEX simulator_payments_by_profile ON simulator_payments (ppid, created_at);
CREATE TABLE simulator_refunds (
  refund_id text PRIMARY KEY,
  payment_id text NOT NULL REFERENCES simulator_payments(payment_id),
  idempotency_key text NOT NULL,
  amount bigint NOT NULL,
  currency text NOT NULL,
  description text,
  status text NOT NULL CHECK (status IN ('PENDING', 'REFUNDED', 'FAILED')),
  created_at timestamptz NOT NULL,
  fingerprint text NOT NULL,
  UNIQUE (payment_id, idempotency_key)
);
CREATE INDEX simulator_refunds_pending ON simulator_refunds (refund_id) WHERE status = 'PENDING';
CREATE TABLE simulator_callbacks (
  id bigserial PRIMARY KEY,
  payment_id text NOT NULL,
  status text NOT NULL,
  url text NOT NULL,
  body text NOT NULL,
  signature text NOT NULL,
  state text NOT NULL CHECK (state IN ('held', 'sending', 'waiting', 'delivered', 'gave-up')),
  attempts integer NOT NULL DEFAULT 0,
  last_result text,
  created_at timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz
);
CREATE INDEX simulator_callbacks_by_payment ON simulator_callbacks (payment_id, id);
CREATE INDEX simulator_callbacks_waiting ON simulator_callbacks (next_attempt_at) WHERE state = 'waiting';
CREATE INDEX simulator_callbacks_sending ON simulator_callbacks (lease_until) WHERE state = 'sending';
CREATE TABLE simulator_signing_keys (
  kid text PRIMARY KEY,
  seq bigserial NOT NULL,
  private_key_sealed text NOT NULL,
  public_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  retired_at timestamptz
);
CREATE UNIQUE INDEX simulator_signing_keys_one_current ON simulator_signing_keys ((true)) WHERE retired_at IS NULL;
CREATE TABLE simulator_used_jtis (
  ppid text NOT NULL,
  jti text NOT NULL,
  seq bigserial NOT NULL,
  PRIMARY KEY (ppid, jti)
);
CREATE INDEX simulator_used_jtis_by_seq ON simulator_used_jtis (seq);
CREATE TABLE simulator_settings (
  id integer PRIMARY KEY CHECK (id = 1),
  quirks jsonb NOT NULL,
  clock_offset_ms bigint NOT NULL
);
INSERT INTO simulator_settings (id, quirks, clock_offset_ms) VALUES (1, '{}', 0)`,
  },
  {
    version: 7,
    name: "a contract's partner settings in one column, in its payment method's shape (secrets sealed); each session names its payment method",
    sql: `ALTER TABLE contracts ADD COLUMN partner_settings jsonb;
UPDATE contracts SET partner_settings = jsonb_build_object('apiKey', partner_api_key_enc, 'ppid', partner_ppid, 'apiBaseUrl', partner_api_base_url, 'jwksUrl', partner_jwks_url)
  WHERE partner_api_key_enc IS NOT NULL;
ALTER TABLE contracts DROP COLUMN partner_api_key_enc;
ALTER TABLE contracts DROP COLUMN partner_ppid;
ALTER TABLE contracts DROP COLUMN partner_api_base_url;
ALTER TABLE contracts DROP COLUMN partner_jwks_url;
ALTER TABLE web_sessions ADD COLUMN card_code text;
UPDATE web_sessions s SET card_code = c.card_code FROM contracts c WHERE c.merchant_id = s.merchant_id AND c.contract_number = s.contract_number;
ALTER TABLE web_sessions ALTER COLUMN card_code SET NOT NULL`,
  },
  {
    version: 8,
    name: "back-office: users and their profiles, server-side sessions, TOTP recovery codes, the audit log; a contract's description",
    sql: `CREATE TABLE back_office_users (
  id text PRIMARY KEY,
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  display_name text NOT NULL,
  profile text NOT NULL CHECK (profile IN ('operator', 'merchant-admin', 'pos-manager', 'powers', 'read-only')),
  merchant_id text REFERENCES merchants(id),
  point_of_sale_ids text[] NOT NULL DEFAULT '{}',
  password_hash text NOT NULL,
  failed_attempts integer NOT NULL DEFAULT 0,
  failures_since timestamptz,
  locked_until timestamptz,
  totp_secret_sealed text,
  totp_pending_sealed text,
  totp_last_step bigint,
  totp_enabled_at timestamptz,
  created_at timestamptz NOT NULL,
  disabled_at timestamptz,
  CHECK ((profile = 'operator') = (merchant_id IS NULL))
);
CREATE INDEX back_office_users_by_merchant ON back_office_users (merchant_id);
CREATE TABLE back_office_recovery_codes (
  user_id text NOT NULL REFERENCES back_office_users(id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);
CREATE TABLE back_office_sessions (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES back_office_users(id) ON DELETE CASCADE,
  stage text NOT NULL CHECK (stage IN ('second-factor', 'active')),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  second_factor_failures integer NOT NULL DEFAULT 0,
  address text
);
CREATE INDEX back_office_sessions_by_user ON back_office_sessions (user_id);
CREATE INDEX back_office_sessions_by_last_seen ON back_office_sessions (last_seen_at);
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'operator-api')),
  actor_user_id text,
  actor_email text,
  action text NOT NULL,
  merchant_id text,
  target text,
  before jsonb,
  after jsonb,
  address text
);
CREATE INDEX audit_log_by_merchant ON audit_log (merchant_id, id);
CREATE INDEX audit_log_by_actor ON audit_log (actor_email, id);
ALTER TABLE contracts ADD COLUMN description text`,
  },
  {
    version: 10,
    name: 'every change to a merchant, point of sale, contract or access key notifies passerelle_config with its merchant id',
    // The function body stays on one line: statements are split at a semicolon that ends a line.
    sql: `CREATE FUNCTION passerelle_config_changed() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN PERFORM pg_notify('passerelle_config', COALESCE(to_jsonb(COALESCE(NEW, OLD)) ->> TG_ARGV[0], '')); RETURN NULL; END$$;
CREATE TRIGGER merchants_config_changed AFTER INSERT OR UPDATE OR DELETE ON merchants FOR EACH ROW EXECUTE FUNCTION passerelle_config_changed('id');
CREATE TRIGGER points_of_sale_config_changed AFTER INSERT OR UPDATE OR DELETE ON points_of_sale FOR EACH ROW EXECUTE FUNCTION passerelle_config_changed('merchant_id');
CREATE TRIGGER contracts_config_changed AFTER INSERT OR UPDATE OR DELETE ON contracts FOR EACH ROW EXECUTE FUNCTION passerelle_config_changed('merchant_id');
CREATE TRIGGER access_keys_config_changed AFTER INSERT OR UPDATE OR DELETE ON access_keys FOR EACH ROW EXECUTE FUNCTION passerelle_config_changed('merchant_id');
CREATE TRIGGER merchants_config_truncated AFTER TRUNCATE ON merchants FOR EACH STATEMENT EXECUTE FUNCTION passerelle_config_changed('');
CREATE TRIGGER points_of_sale_config_truncated AFTER TRUNCATE ON points_of_sale FOR EACH STATEMENT EXECUTE FUNCTION passerelle_config_changed('');
CREATE TRIGGER contracts_config_truncated AFTER TRUNCATE ON contracts FOR EACH STATEMENT EXECUTE FUNCTION passerelle_config_changed('');
CREATE TRIGGER access_keys_config_truncated AFTER TRUNCATE ON access_keys FOR EACH STATEMENT EXECUTE FUNCTION passerelle_config_changed('')`,
  },
  {
    version: 12,
    name: "merchant notifications: each one's point of sale, every delivery attempt, points of sale's webhook signing secrets (sealed)",
    sql: `ALTER TABLE notifications ADD COLUMN point_of_sale_id text;
ALTER TABLE notifications ADD COLUMN requeued_at timestamptz;
UPDATE notifications n SET point_of_sale_id = s.point_of_sale_id FROM web_sessions s WHERE s.token = n.token;
UPDATE notifications n SET point_of_sale_id = s.point_of_sale_id FROM transactions t LEFT JOIN transactions o ON o.id = t.original_transaction_id JOIN web_sessions s ON s.token = COALESCE(o.token, t.token) WHERE n.point_of_sale_id IS NULL AND t.id = n.transaction_id;
CREATE INDEX notifications_by_transaction ON notifications (transaction_id) WHERE transaction_id IS NOT NULL;
CREATE TABLE notification_attempts (
  id bigserial PRIMARY KEY,
  notification_id bigint NOT NULL REFERENCES notifications(id),
  merchant_id text NOT NULL REFERENCES merchants(id),
  point_of_sale_id text,
  url text NOT NULL,
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  http_status integer,
  failure text,
  body_excerpt text,
  signed boolean NOT NULL,
  delivered boolean NOT NULL
);
CREATE INDEX notification_attempts_by_notification ON notification_attempts (notification_id, id);
CREATE INDEX notification_attempts_by_merchant_time ON notification_attempts (merchant_id, started_at DESC, id DESC);
CREATE TABLE webhook_secrets (
  point_of_sale_id text PRIMARY KEY REFERENCES points_of_sale(id),
  merchant_id text NOT NULL REFERENCES merchants(id),
  secret_sealed text NOT NULL,
  previous_sealed text,
  previous_until timestamptz,
  created_at timestamptz NOT NULL
)`,
  },
  {
    version: 13,
    name: "back-office dashboard: a merchant's sessions by creation time (with the columns it counts), failed partner calls, undelivered notifications",
    sql: `CREATE INDEX web_sessions_by_merchant_date ON web_sessions (merchant_id, created_at) INCLUDE (point_of_sale_id, result_code, currency, amount);
CREATE INDEX session_events_partner_errors ON session_events (at) WHERE (detail ->> 'error') IS NOT NULL;
CREATE INDEX notifications_undelivered ON notifications (merchant_id, created_at) WHERE status IN ('pending', 'abandoned')`,
  },
  {
    version: 14,
    name: "back-office transactions list: each transaction's point of sale, order reference and buyer names (from its session, a refund's from its payment's), kept by a trigger; indexes per filter",
    // The listing reads transactions alone: the columns its filters need are copied from the
    // session, once, when the row is written (and the names again when the payer's name arrives).
    // The keyset order (merchant_id, created_at DESC, id DESC) is transactions_by_merchant_date
    // (migration 5) read backwards. The function body stays on one line (see migration 10).
    sql: `ALTER TABLE transactions ADD COLUMN point_of_sale_id text;
ALTER TABLE transactions ADD COLUMN order_ref text;
ALTER TABLE transactions ADD COLUMN buyer_names text;
CREATE FUNCTION passerelle_transaction_listing() RETURNS trigger LANGUAGE plpgsql AS $$DECLARE pos text; ref text; names text; BEGIN SELECT s.point_of_sale_id, s.order_ref, concat_ws(' ', s.request -> 'buyer' ->> 'firstName', s.request -> 'buyer' ->> 'lastName') INTO pos, ref, names FROM web_sessions s WHERE s.token = COALESCE(NEW.token, (SELECT o.token FROM transactions o WHERE o.id = NEW.original_transaction_id)); IF FOUND THEN NEW.point_of_sale_id := pos; NEW.order_ref := ref; NEW.buyer_names := NULLIF(lower(concat_ws(' ', NULLIF(names, ''), NEW.payer_name)), ''); END IF; RETURN NEW; END$$;
CREATE TRIGGER transactions_listing BEFORE INSERT OR UPDATE OF payer_name ON transactions FOR EACH ROW EXECUTE FUNCTION passerelle_transaction_listing();
UPDATE transactions SET payer_name = payer_name;
CREATE INDEX transactions_listing_by_order_ref ON transactions (merchant_id, order_ref, created_at, id);
CREATE INDEX transactions_listing_by_point_of_sale ON transactions (merchant_id, point_of_sale_id, created_at, id);
CREATE INDEX transactions_listing_by_result ON transactions (merchant_id, result_code, created_at, id);
CREATE INDEX transactions_listing_by_contract ON transactions (merchant_id, contract_number, created_at, id);
CREATE INDEX transactions_listing_by_amount ON transactions (merchant_id, currency, amount);
CREATE INDEX transactions_listing_by_buyer ON transactions USING gin (to_tsvector('simple', buyer_names))`,
  },
  {
    version: 17,
    name: "back-office dashboard: failed partner calls counted from indexes alone (statistics on the error, the session's merchant and point of sale by token)",
    // Without statistics on `detail ->> 'error'` the planner takes every history entry for a
    // failed call and hashes the merchant's sessions whole; with them it probes the few failed
    // calls' sessions, from an index that has their merchant and point of sale.
    sql: `CREATE STATISTICS session_events_error ON ((detail ->> 'error')) FROM session_events;
DROP INDEX session_events_partner_errors;
CREATE INDEX session_events_partner_errors ON session_events (at) INCLUDE (token) WHERE (detail ->> 'error') IS NOT NULL;
CREATE INDEX web_sessions_scope_by_token ON web_sessions (token) INCLUDE (merchant_id, point_of_sale_id);
ANALYZE session_events`,
  },
];

/**
 * Applies the migrations not yet applied. Several gateway processes may start at once on one
 * PostgreSQL: a transaction-scoped advisory lock makes them take turns.
 */
export async function migrate(db: Db): Promise<number[]> {
  return db.transaction(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(72616501)');
    await q.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await q.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version),
    );
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const statement of m.sql
        .split(/;\s*\n/)
        .map((s) => s.trim())
        .filter(Boolean))
        await q.query(statement);
      await q.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
