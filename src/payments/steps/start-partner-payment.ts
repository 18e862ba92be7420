import { PartnerError, type PartnerConnection } from '../../connectors/partner-port.js';
import { isFinal, type PaymentSession } from '../../domain/payment-session.js';
import type { PaymentSessionChange } from '../../ports/payment-sessions.js';
import { hostedPageUrl, partnerCallbackUrl, type PaymentDeps } from '../deps.js';
import { nextPollAt } from './poll-schedule.js';
import { changeToResult } from './session-change.js';
import { updateSession } from './update-session.js';

/** A creation that has not finished after this long (crashed process) may be retried. */
const CREATION_LEASE_MS = 30_000;

/**
 * Creates the partner payment of a session when the buyer opens the page (not at doWebPayment:
 * most sessions are never paid), or at once for a direct payment. One process creates it;
 * concurrent tabs see it once stored. No database transaction is held during the partner call.
 * A partner that fails answers 02106. `alongside`, another change of the session (the buyer's
 * arrival), is written with the claim, in one write.
 */
export async function startPartnerPayment(
  deps: PaymentDeps,
  known: PaymentSession,
  alongside?: (s: PaymentSession) => PaymentSessionChange | undefined,
): Promise<PaymentSession> {
  const partner = await deps.partners.connect(known.merchantId, known.contractNumber);
  const method = deps.paymentMethods.byCardCode(known.cardCode);
  const now = deps.clock.now();
  const staleBefore = new Date(now.getTime() - CREATION_LEASE_MS);
  let claimed = false;
  const claimedSession = await deps.sessions.update(
    known.token,
    (s) => {
      const base = alongside?.(s);
      const next = base?.session ?? s;
      claimed =
        !!partner &&
        !!method &&
        !next.partnerPaymentId &&
        !isFinal(next.resultCode) &&
        !(next.partnerCreationStartedAt && next.partnerCreationStartedAt >= staleBefore);
      if (!claimed) return base;
      return { ...base, session: { ...next, partnerCreationStartedAt: now } };
    },
    known,
  );
  const session = claimedSession ?? known;
  if (!claimed || !partner || !method) {
    // Another tab is creating it: it may have stored it since this request read the session.
    const creating = !session.partnerPaymentId && !isFinal(session.resultCode) && session.partnerCreationStartedAt;
    return (creating && (await deps.sessions.get(known.token))) || session;
  }

  const callbackUrl = partnerCallbackUrl(deps.publicUrl, method.callbackId);
  // The app sends the payer back to the hosted page; a direct payment has none.
  const returnUrl = session.channel === 'web' ? hostedPageUrl(deps.publicUrl, session.token) : undefined;
  try {
    const payment = await partner.createPayment({
      amount: session.amount,
      currency: 'EUR',
      reference: session.orderRef,
      description: session.softDescriptor,
      callbackUrl,
      returnUrl,
    });
    const at = deps.clock.now();
    const stored = await updateSession(
      deps,
      session.token,
      (s) => ({
        session: {
          ...s,
          partnerPaymentId: payment.partnerPaymentId,
          partnerPaymentLink: payment.paymentLink,
          partnerQrCodeLink: payment.qrCodeLink,
          partnerExpiresAt: payment.expiresAt,
          partnerStatus: payment.rawStatus,
          partnerCallbackUrl: callbackUrl,
          nextPollAt: nextPollAt(0, at),
        },
        event: {
          source: 'partner-create',
          partnerStatus: payment.rawStatus,
          at,
          detail: { paymentId: payment.partnerPaymentId },
        },
      }),
      session,
    );
    if (stored?.finalAt) await cancelLatePartnerPayment(deps, partner, stored);
    return stored ?? session;
  } catch (err) {
    if (!(err instanceof PartnerError)) throw err;
    deps.log.error(
      { token: session.token, kind: err.kind, httpStatus: err.httpStatus, partnerCode: err.partnerCode },
      'partner payment creation failed',
    );
    const at = deps.clock.now();
    const partnerCode = err.partnerCode ?? (err.httpStatus ? `HTTP_${err.httpStatus}` : err.kind.toUpperCase());
    return (
      (await updateSession(
        deps,
        session.token,
        (s) => {
          const change = changeToResult(deps, s, '02106', at, { partnerCode });
          return (
            change && {
              ...change,
              event: {
                source: 'partner-create',
                at,
                detail: { error: err.kind, httpStatus: err.httpStatus, partnerCode },
              },
            }
          );
        },
        session,
      )) ?? session
    );
  }
}

/**
 * The session ended (buyer cancel, merchant reset, expiry) while its partner payment was being
 * created: the new payment is kept on the session for the record and cancelled at the partner,
 * so nobody can pay a QR code whose session is already over.
 */
async function cancelLatePartnerPayment(
  deps: PaymentDeps,
  partner: PartnerConnection,
  session: PaymentSession,
): Promise<void> {
  const paymentId = session.partnerPaymentId!;
  const fields = { token: session.token, partnerPaymentId: paymentId, resultCode: session.resultCode };
  try {
    if ((await partner.cancelPayment(paymentId)) === 'cancelled') {
      deps.log.info(fields, 'partner payment created after its session ended: cancelled at the partner');
      return;
    }
    deps.log.error(fields, 'partner payment created after its session ended is no longer pending at the partner');
  } catch (err) {
    if (!(err instanceof PartnerError)) throw err;
    deps.log.error(
      { ...fields, kind: err.kind },
      'partner payment created after its session ended could not be cancelled; it expires at the partner',
    );
  }
}
