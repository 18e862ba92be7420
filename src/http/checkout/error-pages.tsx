import { renderPage } from '../views/render.js';
import { CheckoutDocument, type CheckoutAssets } from './checkout-document.js';
import type { Language, Texts } from './i18n.js';

/** A homologation button that could not act: why, and the way back to the payment page. */
export function renderSimulatorNotice(
  assets: CheckoutAssets,
  lang: Language,
  t: Texts,
  message: string,
  token: string,
): string {
  return renderPage(
    <CheckoutDocument assets={assets} lang={lang} t={t}>
      <section class="outcome outcome-error" data-testid="simulator-notice">
        <h1>{t.simulator}</h1>
        <p>{message}</p>
        <a class="button" href={`/v2/?token=${token}`}>
          {t.backToPayment}
        </a>
      </section>
    </CheckoutDocument>,
  );
}

export function renderUnknownSession(assets: CheckoutAssets, lang: Language, t: Texts): string {
  return renderPage(
    <CheckoutDocument assets={assets} lang={lang} t={t}>
      <section class="outcome outcome-error" data-testid="outcome">
        <h1>{t.unknown}</h1>
      </section>
    </CheckoutDocument>,
  );
}
