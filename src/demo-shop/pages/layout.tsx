import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { VNode } from 'preact';

export const SHOP_NAME = 'Le Petit Comptoir';

export interface LayoutProps {
  title: string;
  /** This response's CSP nonce: every style sheet and script of the page carries it. */
  nonce: string;
  /** Extra `<head>` content (the widget's style sheet). */
  head?: ComponentChildren;
  children: ComponentChildren;
}

/** Every page of the shop: its header and navigation, its one style sheet. */
export function Layout({ title, nonce, head, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${SHOP_NAME}`}</title>
        {head}
        <link rel="stylesheet" href="/shop.css" nonce={nonce} />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/">
            {SHOP_NAME}
          </a>
          <nav aria-label="Shop">
            <a href="/">Basket</a>
            <a href="/orders">Orders</a>
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer class="foot">
          A demo shop paying with Payconiq through Passerelle (homologation: no real money moves).
        </footer>
      </body>
    </html>
  );
}

/** Preact escapes every text and attribute it renders; the doctype is the one thing JSX cannot write. */
export const renderPage = (page: VNode): string => `<!doctype html>\n${renderToString(page)}`;

export function ErrorPage({ nonce, title, message }: { nonce: string; title: string; message: string }) {
  return (
    <Layout title={title} nonce={nonce}>
      <h1>{title}</h1>
      <p class="notice notice-error" role="alert">
        {message}
      </p>
      <p>
        <a href="/">Back to the basket</a>
      </p>
    </Layout>
  );
}
