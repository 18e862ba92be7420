import type { ServerResponse } from 'node:http';
import { listenLocally } from '../local-server.js';

/** One GET the gateway made on the shop's notificationURL. */
export interface ReceivedNotification {
  notificationType: string | null;
  token: string | null;
  /** A TRS notification's transaction (a refund's). */
  transactionId: string | null;
  method: string;
  at: number;
}

export interface MerchantShop {
  origin: string;
  returnUrl: string;
  cancelUrl: string;
  notificationUrl: string;
  /** Every call on /notify, in arrival order. */
  notifications: ReceivedNotification[];
  /** Notifications received for one token. */
  notificationsFor(token: string): ReceivedNotification[];
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, title: string, token: string | null, testid: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,"></head>
<body><h1 data-testid="${testid}">${title}</h1><p>paylinetoken: <code data-testid="paylinetoken">${escapeHtml(token ?? '')}</code></p></body></html>`);
}

/**
 * The merchant's web shop as the gateway and the buyer's browser see it: the returnURL and
 * cancelURL pages (echoing the `paylinetoken` they were given) and a notificationURL that
 * records each WEBTRS call and answers HTTP 200.
 */
export async function startMerchantShop(): Promise<MerchantShop> {
  const notifications: ReceivedNotification[] = [];
  const local = await listenLocally((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop.invalid');
    const token = url.searchParams.get('paylinetoken');
    switch (url.pathname) {
      case '/return':
        return page(res, 'Thank you for your order', token, 'shop-return');
      case '/cancel':
        return page(res, 'Your order was cancelled', token, 'shop-cancel');
      case '/notify':
        notifications.push({
          notificationType: url.searchParams.get('notificationType'),
          token: url.searchParams.get('token'),
          transactionId: url.searchParams.get('transactionId'),
          method: req.method ?? '',
          at: Date.now(),
        });
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('OK');
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('not found');
    }
  });
  const origin = local.url;
  return {
    origin,
    returnUrl: `${origin}/return`,
    cancelUrl: `${origin}/cancel`,
    notificationUrl: `${origin}/notify`,
    notifications,
    notificationsFor: (token) => notifications.filter((n) => n.token === token),
    close: local.close,
  };
}
