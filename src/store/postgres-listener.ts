import pg from 'pg';
import type { NotificationHandlers } from './db.js';

/** Reconnection delays after the listening connection is lost: doubling up to the last. */
const RETRY_MS = [100, 200, 500, 1_000, 2_000, 5_000];

/**
 * A connection of its own (outside the pool, which would hand it to queries) that `LISTEN`s on `channel` and
 * reconnects when lost. Between the loss and the next successful `LISTEN`, notifications are missed: the handlers
 * hear `listening(false)` first.
 */
export async function listenOnPostgres(
  url: string,
  channel: string,
  { notified, listening }: NotificationHandlers,
): Promise<{ close(): Promise<void> }> {
  let closed = false;
  let current: pg.Client | undefined;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url, application_name: 'passerelle-listen' });
    client.on('error', () => undefined);
    client.on('notification', (n) => {
      if (n.channel === channel) notified(n.payload ?? '');
    });
    client.on('end', () => {
      if (current !== client) return;
      current = undefined;
      listening(false);
      schedule();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch {
      await client.end().catch(() => undefined);
      schedule();
      return;
    }
    if (closed) {
      await client.end().catch(() => undefined);
      return;
    }
    attempt = 0;
    current = client;
    listening(true);
  };
  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(
      () => {
        retry = undefined;
        void connect();
      },
      RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)],
    );
    retry.unref();
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      const client = current;
      current = undefined;
      await client?.end().catch(() => undefined);
    },
  };
}
