import type { ComponentChildren } from 'preact';
import { Document } from '../views/document.js';
import type { Language, Texts } from './i18n.js';

/** The page's stylesheet and script, at their content-hashed URLs. */
export interface CheckoutAssets {
  stylesheet: string;
  script: string;
}

/** Every checkout page: the card on the page's own stylesheet, with the live-status script. */
export function CheckoutDocument({
  assets,
  lang,
  t,
  children,
}: {
  assets: CheckoutAssets;
  lang: Language;
  t: Texts;
  children: ComponentChildren;
}) {
  return (
    <Document lang={lang} title={t.title} stylesheet={assets.stylesheet} script={assets.script} icon="data:,">
      <main class="card">{children}</main>
    </Document>
  );
}

/** A buyer's action: a plain form posting the session token, so it works without the script. */
export function TokenForm({ action, token, children }: { action: string; token: string; children: ComponentChildren }) {
  return (
    <form method="post" action={action}>
      <input type="hidden" name="token" value={token} />
      {children}
    </form>
  );
}
