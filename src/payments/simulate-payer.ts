import { GatewayError } from '../domain/gateway-error.js';
import { expiryResult, type PaymentSession } from '../domain/payment-session.js';
import type { PaymentDeps } from './deps.js';
import { openPaymentPage } from './open-payment-page.js';
import { syncPartnerPayment } from './sync-partner-payment.js';

/** What the homologation panel of a hosted page offers. */
export type SimulatorPanel =
  /**
   * The buttons, and the partner's own payer page of the payment ("scan with the simulator's phone") once it exists.
   */
  | { kind: 'simulator'; phoneUrl: string | undefined }
  /** A contract connected to the real partner: only its app pays. */
  | { kind: 'real-partner'; host: string };

export type SimulatePayerOutcome =
  | { kind: 'acted'; session: PaymentSession }
  | { kind: 'unknown' }
  | { kind: 'real-partner'; session: PaymentSession; host: string }
  | { kind: 'unavailable'; session: PaymentSession; host: string; reason: string };

/**
 * The panel for this session (homologation only). The partner is known by the payment link it
 * returned (the payer page of a simulator, the app link of the real partner), which costs no query
 * per page view; before that link exists the buttons are shown, and say so if they cannot act.
 */
export function simulatorPanel(
  deps: Pick<PaymentDeps, 'homologation' | 'paymentMethods'>,
  session: PaymentSession,
): SimulatorPanel | undefined {
  if (!deps.homologation) return undefined;
  const link = session.partnerPaymentId ? session.partnerPaymentLink : undefined;
  const host = link && deps.paymentMethods.byCardCode(session.cardCode)?.realPartnerHost(link);
  return host ? { kind: 'real-partner', host } : { kind: 'simulator', phoneUrl: link };
}

/**
 * Homologation: the MAKE A PAYMENT / ABORT buttons act as the buyer's phone at the contract's
 * partner, when that partner is a simulator (embedded, or standalone at the contract's API base
 * URL): it scans and pays, or cancels, through the simulator's control API. The simulator then
 * calls back like the partner; the gateway also reads the payment once (the buyer's return),
 * whichever comes first settles it. A real partner has no such API: the buyer pays in the app.
 */
export async function simulatePayer(
  deps: PaymentDeps,
  token: string,
  choice: 'pay' | 'abort',
): Promise<SimulatePayerOutcome> {
  if (!deps.homologation) throw new GatewayError('02010', 'simulator not available');
  const known = await deps.sessions.get(token);
  if (known?.channel !== 'web') return { kind: 'unknown' };
  const payer = (await deps.partners.connect(known.merchantId, known.contractNumber))?.simulatedPayer;
  if (payer?.kind === 'real-partner' && !known.finalAt)
    return { kind: 'real-partner', session: known, host: payer.host };

  // A payment waiting at the partner needs nothing more before acting (the state says so): the
  // page's work (expiry, partner payment creation, reading it back) only when it does not.
  const waiting = known.partnerPaymentId && !known.finalAt && !expiryResult(known, deps.clock.now());
  const session = waiting ? known : await openPaymentPage(deps, token, known);
  if (!session) return { kind: 'unknown' };
  if (payer?.kind !== 'simulator' || !session.partnerPaymentId || session.finalAt) return { kind: 'acted', session };
  const answer = await payer.act(session.partnerPaymentId, choice === 'pay' ? 'pay' : 'cancel');
  if (answer.outcome === 'unavailable') {
    deps.log.warn({ token, choice, reason: answer.reason }, 'simulator action not possible');
    return { kind: 'unavailable', session, host: payer.host, reason: answer.reason };
  }
  // A payment already final at the simulator (second tab, double click) refuses the action.
  if (answer.outcome === 'refused') deps.log.info({ token, choice, reason: answer.code }, 'simulator action refused');
  return {
    kind: 'acted',
    session: (await syncPartnerPayment(deps, token, 'simulator', undefined, session)) ?? session,
  };
}
