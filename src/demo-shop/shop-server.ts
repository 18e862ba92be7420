import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VNode } from 'preact';
import { BasketError, readBasket, STARTER_QUANTITIES } from './catalogue.js';
import { CsrfGuard } from './csrf.js';
import { contentSecurityPolicy, HttpError, newNonce, readForm, sendHtml } from './http-kit.js';
import { OrderBook, PAYMENT_CHOICES, type PaymentChoice, type WidgetTemplate } from './orders.js';
import { BasketPage } from './pages/basket-page.js';
import { ErrorPage, renderPage } from './pages/layout.js';
import { OrdersPage } from './pages/orders-page.js';
import { ResultPage } from './pages/result-page.js';
import { WidgetPage } from './pages/widget-page.js';
import { createPaylineClient, GatewayUnavailableError, type GatewayAccount } from './payline-client.js';

export interface DemoShopOptions extends GatewayAccount {
  port: number;
  host: string;
  /** The shop's URL as the buyer's browser and the gateway reach it; default http://<host>:<port>. */
  publicUrl?: string | undefined;
  /** Where the shop writes one line per event (default: nowhere). */
  log?: (line: string) => void;
}

export interface DemoShop {
  url: string;
  orders: OrderBook;
  close(): Promise<void>;
}

const ASSETS = new URL('../../assets/demo-shop/', import.meta.url);
const asset = (name: string) => readFileSync(new URL(name, ASSETS));

const DEFAULT_BUYER = { firstName: 'Ada', lastName: 'Peeters' };

/**
 * The demo merchant site: a basket, payment by redirection or in the widget, the return page, the
 * notification handler and the orders page. It knows the gateway only by its public API.
 */
export async function startDemoShop(opts: DemoShopOptions): Promise<DemoShop> {
  const log = opts.log ?? (() => undefined);
  const payline = createPaylineClient(opts);
  const orders = new OrderBook();
  const gatewayOrigin = new URL(opts.gatewayUrl).origin;
  const files = { '/shop.css': [asset('shop.css'), 'text/css'], '/shop.js': [asset('shop.js'), 'text/javascript'] };

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const wildcard = opts.host === '0.0.0.0' || opts.host === '::';
  const url = opts.publicUrl?.replace(/\/$/, '') ?? `http://${wildcard ? 'localhost' : opts.host}:${port}`;
  const csrf = new CsrfGuard(url);

  type PageOptions = { widget?: boolean; headers?: Record<string, string> };
  const page = (res: ServerResponse, status: number, view: (nonce: string) => VNode, o: PageOptions = {}) => {
    const nonce = newNonce();
    const csp = contentSecurityPolicy({ nonce, gatewayOrigin, widget: o.widget });
    sendHtml(res, status, renderPage(view(nonce)), { 'content-security-policy': csp, ...o.headers });
  };

  /** The basket page, with a session cookie for its form when the browser has none yet. */
  const basketPage = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    fields: URLSearchParams,
    error?: string,
  ) => {
    let session = csrf.sessionOf(req);
    const headers: Record<string, string> = {};
    if (!session) ({ session, setCookie: headers['set-cookie'] } = csrf.newSession());
    const basket = readBasket(fields, STARTER_QUANTITIES);
    const buyer = {
      firstName: fields.get('firstName') ?? DEFAULT_BUYER.firstName,
      lastName: fields.get('lastName') ?? DEFAULT_BUYER.lastName,
    };
    const csrfToken = csrf.tokenFor(session);
    page(res, status, (nonce) => BasketPage({ nonce, basket, buyer, csrfToken, error }), { headers });
  };

  async function checkout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const refusal = csrf.refusal(req, form.get('csrf'));
    if (refusal)
      throw new HttpError(
        403,
        'Form refused',
        `The shop refused this form: ${refusal}. Reload the basket and try again.`,
      );
    const choice = form.get('choice') ?? '';
    let basket;
    try {
      basket = readBasket(form);
    } catch (err) {
      if (err instanceof BasketError) return basketPage(req, res, 400, withoutQuantities(form), err.message);
      throw err;
    }
    if (choice === 'update') return basketPage(req, res, 200, form);
    if (!(PAYMENT_CHOICES as readonly string[]).includes(choice))
      throw new HttpError(400, 'Unknown payment choice', 'Choose one of the payment buttons of the basket.');
    const firstName = (form.get('firstName') ?? '').trim();
    const lastName = (form.get('lastName') ?? '').trim();
    if (!firstName || !lastName || firstName.length > 50 || lastName.length > 50)
      return basketPage(req, res, 400, form, 'Give a first and a last name, 50 characters at most each.');
    if (basket.totalCents === 0) return basketPage(req, res, 400, form, 'The basket is empty: add at least one item.');

    const now = new Date();
    const ref = orders.newRef(now);
    const created = await payline.doWebPayment({
      amountCents: basket.totalCents,
      orderRef: ref,
      orderDate: now,
      firstName,
      lastName,
      returnURL: `${url}/return`,
      cancelURL: `${url}/cancel`,
      notificationURL: `${url}/notify`,
    });
    if (!created.ok) {
      const r = created.result;
      log(`doWebPayment refused for ${ref}: ${r.code} ${r.longMessage}`);
      return basketPage(req, res, 502, form, `The payment could not be started (${r.code} ${r.longMessage}).`);
    }
    const order = orders.add({
      ref,
      createdAt: now,
      basket,
      buyer: { firstName, lastName },
      choice: choice as PaymentChoice,
      token: created.token,
    });
    log(`order ${ref}: ${basket.totalCents} cents, token ${created.token}, ${choice}`);
    const next = choice === 'redirect' ? created.redirectURL : `/pay/${encodeURIComponent(order.ref)}`;
    res.writeHead(303, { location: next, 'cache-control': 'no-store' });
    res.end();
  }

  function widgetPage(res: ServerResponse, ref: string): void {
    const order = orders.get(ref);
    if (!order || order.choice === 'redirect')
      throw new HttpError(404, 'Unknown order', 'This shop has no such order to pay.');
    const template = order.choice as WidgetTemplate;
    page(res, 200, (nonce) => WidgetPage({ nonce, gatewayUrl: opts.gatewayUrl, order, template }), { widget: true });
  }

  async function resultPage(res: ServerResponse, query: URLSearchParams): Promise<void> {
    const token = query.get('paylinetoken');
    if (!token)
      throw new HttpError(
        400,
        'No payment named',
        'This page is where the payment page sends you back, with its paylinetoken.',
      );
    const order = orders.byToken(token);
    if (!order) throw new HttpError(404, 'Unknown payment', 'This shop has no order paid with this token.');
    orders.applyDetails(order, await payline.getWebPaymentDetails(token));
    page(res, 200, (nonce) => ResultPage({ nonce, order }));
  }

  /** The gateway's GET on the notificationURL: recorded, then the result read as on the return page. */
  async function notification(res: ServerResponse, query: URLSearchParams): Promise<void> {
    const type = query.get('notificationType');
    const token = query.get('token') ?? undefined;
    const transactionId = query.get('transactionId') ?? undefined;
    const plain = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    };
    if ((type !== 'WEBTRS' || !token) && (type !== 'TRS' || !transactionId))
      return plain(400, 'expected notificationType=WEBTRS&token=… or notificationType=TRS&transactionId=…\n');
    const order = orders.record({ at: new Date(), notificationType: type, token, transactionId });
    log(`notification ${type} ${token ?? transactionId}${order ? ` for order ${order.ref}` : ' (no such order)'}`);
    if (order) orders.applyDetails(order, await payline.getWebPaymentDetails(order.token));
    plain(200, 'OK\n');
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://shop.invalid');
    const method = req.method ?? 'GET';
    const only = (allowed: string) => {
      if (method !== allowed && !(allowed === 'GET' && method === 'HEAD'))
        throw new HttpError(405, 'Not allowed', `This address answers ${allowed} only.`, { allow: allowed });
    };
    if (pathname === '/checkout') return (only('POST'), checkout(req, res));
    only('GET');
    if (pathname === '/') {
      try {
        return basketPage(req, res, 200, searchParams);
      } catch (err) {
        if (!(err instanceof BasketError)) throw err;
        return basketPage(req, res, 400, withoutQuantities(searchParams), err.message);
      }
    }
    if (pathname === '/return' || pathname === '/cancel') return resultPage(res, searchParams);
    if (pathname === '/notify') return notification(res, searchParams);
    if (pathname === '/orders')
      return page(res, 200, (nonce) => OrdersPage({ nonce, orders: orders.list(), unmatched: orders.unmatched }));
    if (pathname.startsWith('/pay/')) return widgetPage(res, decodeURIComponent(pathname.slice(5)));
    const file = files[pathname as keyof typeof files];
    if (file) {
      res.writeHead(200, {
        'content-type': `${file[1]}; charset=utf-8`,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      return void res.end(file[0]);
    }
    if (pathname === '/favicon.ico') return void res.writeHead(204).end();
    throw new HttpError(404, 'Page not found', 'This shop has no such page.');
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof HttpError)
        return page(res, err.status, (nonce) => ErrorPage({ nonce, title: err.title, message: err.message }), {
          headers: err.headers,
        });
      const unavailable = err instanceof GatewayUnavailableError;
      log(`${req.method} ${req.url}: ${unavailable ? err.message : (err as Error).stack}`);
      page(res, unavailable ? 502 : 500, (nonce) =>
        ErrorPage({
          nonce,
          title: unavailable ? 'Payment service unavailable' : 'Something went wrong',
          message: unavailable
            ? 'The payment gateway did not answer. Try again in a moment.'
            : 'The shop could not answer this request.',
        }),
      );
    });
  });

  return {
    url,
    orders,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The basket's fields without its quantities: a page that refused them shows the starter basket. */
function withoutQuantities(fields: URLSearchParams): URLSearchParams {
  const kept = new URLSearchParams();
  for (const name of ['firstName', 'lastName']) {
    const v = fields.get(name);
    if (v !== null) kept.set(name, v);
  }
  return kept;
}
