import { listenLocally } from './local-server.js';

export interface ReceivedNotification {
  notificationType: string | null;
  token: string | null;
  transactionId: string | null;
  at: number;
}

/**
 * A merchant's notification endpoint on 127.0.0.1: records every GET and answers with the status
 * codes queued in `answers` (200 once the queue is empty).
 */
export async function startMerchantServer(): Promise<{
  url: string;
  received: ReceivedNotification[];
  answers: number[];
  close(): Promise<void>;
}> {
  const received: ReceivedNotification[] = [];
  const answers: number[] = [];
  const local = await listenLocally((req, res) => {
    const u = new URL(req.url ?? '/', 'http://localhost');
    received.push({
      notificationType: u.searchParams.get('notificationType'),
      token: u.searchParams.get('token'),
      transactionId: u.searchParams.get('transactionId'),
      at: Date.now(),
    });
    res.statusCode = answers.shift() ?? 200;
    res.end('ok');
  });
  return { url: `${local.url}/notify`, received, answers, close: local.close };
}
