import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks 1.0 signatures (https://www.standardwebhooks.com/). A Payline notification is a
 * GET without a body, so what is signed in place of the body is the request target: the path and
 * query exactly as on the request line (docs/notification-signatures.md).
 */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A new secret: `whsec_` and the base64 of 32 random bytes. */
export const newWebhookSecret = (): string => `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;

/** The HMAC key of a secret: its base64 part, decoded. */
const keyOf = (secret: string): Buffer => Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64');

/** What stands for the payload of a GET notification: the URL's path and query, as sent. */
export function signedPayload(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/**
 * The three headers of a signed attempt: the message id (the same on every retry), the attempt's
 * time in seconds and one `v1,<base64>` signature per secret (during a rotation, old and new).
 */
export function webhookHeaders(
  messageId: string,
  timestampSeconds: number,
  payload: string,
  secrets: readonly string[],
): Record<string, string> {
  const content = `${messageId}.${timestampSeconds}.${payload}`;
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets
      .map((s) => `v1,${createHmac('sha256', keyOf(s)).update(content).digest('base64')}`)
      .join(' '),
  };
}
