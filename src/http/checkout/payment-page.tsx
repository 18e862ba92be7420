import { RESULT_CODES } from '../../domain/result-codes.js';
import { isFinal, payableUntil, type PaymentSession } from '../../domain/payment-session.js';
import type { SimulatorPanel } from '../../payments/simulate-payer.js';
import { QrCode } from '../views/qr-code.js';
import { renderPage } from '../views/render.js';
import { CheckoutDocument, TokenForm, type CheckoutAssets } from './checkout-document.js';
import type { Language, Texts } from './i18n.js';
import { SimulatorPanelSection } from './simulator-panel.js';

type OutcomeKind = 'accepted' | 'cancelled' | 'refused' | 'expired' | 'error';

function outcomeKind(session: PaymentSession): OutcomeKind {
  const short = RESULT_CODES[session.resultCode].short;
  if (session.resultCode === '02324' || session.resultCode === '02534') return 'expired';
  if (short === 'ACCEPTED') return 'accepted';
  if (short === 'CANCELLED') return 'cancelled';
  if (short === 'REFUSED') return 'refused';
  return 'error';
}

export interface PaymentPageView {
  session: PaymentSession;
  assets: CheckoutAssets;
  lang: Language;
  t: Texts;
  /** Where the buyer goes once the result is final. */
  exitUrl: string;
  /** The homologation panel (homologation only). */
  panel?: SimulatorPanel | undefined;
}

/** One formatter per language: building an Intl.NumberFormat costs more than the rest of the page's text. */
const euroFormats = new Map<Language, Intl.NumberFormat>();

function euros(lang: Language, cents: number): string {
  let format = euroFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(`${lang}-BE`, { style: 'currency', currency: 'EUR' });
    euroFormats.set(lang, format);
  }
  return format.format(cents / 100);
}

/** Who is paid, how much, for which order. */
function Summary({ session, lang, t }: { session: PaymentSession; lang: Language; t: Texts }) {
  const amount = euros(lang, session.amount);
  return (
    <header>
      <p class="merchant" data-testid="merchant">
        {session.softDescriptor}
      </p>
      <p class="amount" data-testid="amount">
        {amount}
      </p>
      <p class="order">
        {t.order}: <span data-testid="order-ref">{session.orderRef}</span>
      </p>
    </header>
  );
}

function Outcome({ session, t, exitUrl }: { session: PaymentSession; t: Texts; exitUrl: string }) {
  const kind = outcomeKind(session);
  return (
    <section class={`outcome outcome-${kind}`} data-testid="outcome" data-result-code={session.resultCode}>
      <h1>{t[kind]}</h1>
      <a class="button" href={exitUrl}>
        {t.back}
      </a>
    </section>
  );
}

/** The QR code of the partner payment (drawn by the gateway, no third-party image host) and the app link for phones. */
function PayWith({ session, t }: { session: PaymentSession; t: Texts }) {
  const until = payableUntil(session).toISOString();
  const link = session.partnerPaymentLink;
  return (
    <section
      class="pay-with"
      data-testid="status"
      data-result-code={session.resultCode}
      data-status-url={`/v2/status?token=${session.token}`}
      data-expires-at={until}
    >
      <h1>{t.payWith}</h1>
      {link ? (
        <>
          <div class="qr" data-testid="qr" role="img" aria-label={t.scan}>
            <QrCode value={link} />
          </div>
          <p class="scan">{t.scan}</p>
          <a class="button app-link" data-testid="app-link" href={link}>
            {t.openApp}
          </a>
        </>
      ) : (
        <p class="preparing" data-testid="preparing">
          {t.preparing}
        </p>
      )}
      <p class="pending">{t.pending}</p>
      <p class="expiry">
        {t.expires} {until.slice(11, 16)} UTC · {t.timeLeft} <span data-testid="countdown" class="countdown"></span>
      </p>
    </section>
  );
}

/**
 * The hosted payment page: the summary, then the way to pay (or the final outcome); the simulator panel in
 * homologation.
 */
export function renderPaymentPage({ session, assets, lang, t, exitUrl, panel }: PaymentPageView): string {
  return renderPage(
    <CheckoutDocument assets={assets} lang={lang} t={t}>
      <Summary session={session} lang={lang} t={t} />
      {isFinal(session.resultCode) ? (
        <Outcome session={session} t={t} exitUrl={exitUrl} />
      ) : (
        <>
          <PayWith session={session} t={t} />
          {panel && <SimulatorPanelSection panel={panel} token={session.token} t={t} />}
          <TokenForm action="/v2/cancel" token={session.token}>
            <button class="link" type="submit" data-testid="cancel">
              {t.cancel}
            </button>
          </TokenForm>
        </>
      )}
    </CheckoutDocument>,
  );
}
