import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { after, before } from 'node:test';
import { HOOK_TIMEOUT_MS } from './chromium.js';
import { startE2E, type E2E } from './e2e-harness.js';
import { listenLocally } from '../local-server.js';
import type { Wire } from '../wire.js';

/** The callbacks of Payline's widget, in the order the widget fires them. */
export const CALLBACKS = [
  'willinit',
  'willshow',
  'didshowstate',
  'beforepayment',
  'finalstatehasbeenreached',
  'willdisplaymessage',
  'willremovemessage',
] as const;
export type Callback = (typeof CALLBACKS)[number];

/** One call the page's callbacks received: its name, and its argument when it had one. */
export type WidgetEvent = [Callback] | [Callback, Record<string, unknown>];

export interface CheckoutOptions {
  template?: 'column' | 'tab' | 'lightbox' | 'shortcut' | undefined;
  autoInit?: boolean;
  /** Extra `data-*` attributes of the container (without `data-`), e.g. `{ 'redirect-delay': '1' }`. */
  data?: Record<string, string>;
  /** Callbacks that answer `false` from the start. */
  vetoes?: Callback[];
  /** Leave out the nonce of the script tag (to prove the page's CSP is enforced). */
  scriptWithoutNonce?: boolean;
  /** Leave out the widget's style sheet link (the widget then adds it, with the nonce). */
  withoutStyleSheet?: boolean;
}

export interface CheckoutSite {
  origin: string;
  /** The URL of a merchant page embedding the widget for this token. */
  url(token: string, opts?: CheckoutOptions): string;
  close(): Promise<void>;
}

const NONCE = 'r4nd0mN0nce4T3st';

/**
 * The strictest policy a shop could send: nothing but what carries the nonce, the gateway for
 * the API, and Trusted Types required (so no string reaches an HTML sink).
 */
export function strictCsp(gateway: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${NONCE}'`,
    `style-src 'nonce-${NONCE}'`,
    `connect-src ${gateway}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function checkoutPage(gateway: string, token: string, q: URLSearchParams): string {
  const data: Record<string, string> = JSON.parse(q.get('data') ?? '{}');
  const attrs: Record<string, string> = {
    id: 'PaylineWidget',
    'data-token': token,
    ...(q.get('template') && { 'data-template': q.get('template')! }),
    'data-auto-init': q.get('autoInit') ?? 'true',
    'data-embeddedredirectionallowed': 'false',
    'data-cspnonce': NONCE,
    ...Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v])),
  };
  // Every callback is a dotted name in window scope, but `beforepayment`, a plain global, as most shops write it.
  for (const name of CALLBACKS)
    attrs[`data-event-${name}`] = name === 'beforepayment' ? 'onBeforePayment' : `shop.${name}`;
  const div = Object.entries(attrs)
    .map(([k, v]) => `${k}="${escapeAttr(v)}"`)
    .join(' ');
  const scriptNonce = q.get('noNonce') ? '' : ` nonce="${NONCE}"`;
  const styleSheet = q.get('noStyle')
    ? ''
    : `<link rel="stylesheet" nonce="${NONCE}" href="${gateway}/styles/widget-min.css">`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Checkout</title>${styleSheet}
<link rel="stylesheet" nonce="${NONCE}" href="/shop.css">
<script nonce="${NONCE}">
  window.violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.events = [];
  window.answers = {};
  for (const name of ${JSON.stringify(q.get('vetoes')?.split(',').filter(Boolean) ?? [])}) window.answers[name] = () => false;
  const record = (name) => function (arg) {
    window.events.push(arg === undefined ? [name] : [name, JSON.parse(JSON.stringify(arg))]);
    return window.answers[name] ? window.answers[name](arg) : undefined;
  };
  window.shop = {};
  for (const name of ${JSON.stringify(CALLBACKS)}) window.shop[name] = record(name);
  window.onBeforePayment = window.shop.beforepayment;
</script></head>
<body><header class="shop-header"><h1>My shop · checkout</h1></header><main class="shop-main"><div ${div}></div></main>
<script${scriptNonce} src="${gateway}/scripts/widget-min.js"></script></body></html>`;
}

/** The shop's own style sheet: a rule written for Payline's widget must beat the defaults. */
const SHOP_CSS = `body{margin:0;font-family:Georgia,serif;background:#f6f3ee}
.shop-header{background:#2d3a4a;color:#fff;padding:.75rem 1rem}.shop-header h1{margin:0;font-size:1.1rem}
.shop-main{padding:1rem;max-width:40rem;margin:0 auto}
#PaylineWidget .pl-ticket-title{letter-spacing:.02em}
#PaylineWidget .pl-pay-btn{border-radius:24px}`;

/** A merchant's checkout on its own origin, served with a strict CSP and a nonce. */
export async function startCheckoutSite(gateway: string): Promise<CheckoutSite> {
  const local = await listenLocally((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://checkout.invalid');
    if (url.pathname === '/shop.css') {
      res.writeHead(200, { 'content-type': 'text/css' });
      return res.end(SHOP_CSS);
    }
    const token = url.searchParams.get('token');
    if (url.pathname !== '/checkout' || !token) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': strictCsp(gateway),
    });
    return res.end(checkoutPage(gateway, token, url.searchParams));
  });
  const { url: origin, close } = local;
  return {
    origin,
    url(token, opts = {}) {
      const q = new URLSearchParams({ token });
      if (opts.template) q.set('template', opts.template);
      if (opts.autoInit === false) q.set('autoInit', 'false');
      if (opts.data) q.set('data', JSON.stringify(opts.data));
      if (opts.vetoes) q.set('vetoes', opts.vetoes.join(','));
      if (opts.scriptWithoutNonce) q.set('noNonce', '1');
      if (opts.withoutStyleSheet) q.set('noStyle', '1');
      return `${origin}/checkout?${q}`;
    },
    close,
  };
}

export const eventsOf = (page: Page): Promise<WidgetEvent[]> => page.evaluate(() => (window as Wire).events);

/** Waits until the widget shows this state (the container's `data-pl-state`). */
export async function waitForState(page: Page, state: string): Promise<void> {
  await page.waitForSelector(`#PaylineWidget[data-pl-state="${state}"]`, { state: 'attached' });
}

/** The page broke no rule of its strict CSP (no blocked script, style, connection or HTML sink). */
export async function assertNoCspViolation(page: Page): Promise<void> {
  assert.deepEqual(await page.evaluate(() => (window as Wire).violations), []);
}

/** The first events every widget fires, once per init: willinit, willshow, then the first state shown. */
export const opening = (state: string): WidgetEvent[] => [['willinit'], ['willshow'], ['didshowstate', { state }]];

/** A payment on the widget's test shop: gateway, return pages and a checkout page for its token. */
export async function widgetPayment(
  e: E2E,
  site: CheckoutSite,
  opts: CheckoutOptions = {},
  fields: Parameters<E2E['createPayment']>[0] = {},
) {
  const { token } = await e.createPayment(fields);
  return {
    token,
    url: site.url(token, opts),
    returnUrl: `${e.shop.returnUrl}?paylinetoken=${token}`,
    cancelUrl: `${e.shop.cancelUrl}?paylinetoken=${token}`,
  };
}

/** The suite's gateway, return pages, browser and merchant checkout, started before its tests and closed after. */
export function widgetShop(): { readonly e: E2E; readonly site: CheckoutSite } {
  const started: { e?: E2E; site?: CheckoutSite } = {};
  before(
    async () => {
      started.e = await startE2E();
      started.site = await startCheckoutSite(started.e.t.baseUrl);
    },
    { timeout: HOOK_TIMEOUT_MS },
  );
  after(
    async () => {
      await started.site?.close();
      await started.e?.close();
    },
    { timeout: HOOK_TIMEOUT_MS },
  );
  return {
    get e() {
      return started.e!;
    },
    get site() {
      return started.site!;
    },
  };
}
