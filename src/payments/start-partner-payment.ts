import { PartnerError } from '../connectors/partner-port.js';
import { isFinal, type WebSession } from '../domain/web-session.js';
import { hostedPageUrl, partnerCallbackUrl, type PaymentDeps } from './deps.js';
import { nextPollAt } from './poll-schedule.js';
import { changeToResult } from './session-change.js';
import { updateSession } from './update-session.js';

/** A creation that has not finished after this long (crashed process) may be retried. */
const CREATION_LEASE_MS = 30_000;

/**
 * Creates the partner payment of a session when the buyer opens the page (not at doWebPayment:
 * most sessions are never paid), or at once for a direct payment. One process creates it;
 * concurrent tabs see it once stored. No database transaction is held during the partner call.
 * A partner that fails answers 02106.
 */
export async function startPartnerPayment(deps: PaymentDeps, session: WebSession): Promise<WebSession> {
  if (session.partnerPaymentId || isFinal(session.resultCode)) return session;
  const contract = await deps.partners.configFor(session.merchantId, session.contractNumber);
  if (!contract) return session;
  const now = deps.clock.now();
  if (!(await deps.store.claimPartnerCreation(session.token, now, new Date(now.getTime() - CREATION_LEASE_MS)))) {
    return (await deps.store.getWebSession(session.token)) ?? session;
  }

  const callbackUrl = partnerCallbackUrl(deps.publicUrl);
  // The app sends the payer back to the hosted page; a direct payment has none.
  const returnUrl = session.channel === 'web' ? hostedPageUrl(deps.publicUrl, session.token) : undefined;
  try {
    const payment = await deps.connector.createPayment(contract, {
      amount: session.amount,
      currency: 'EUR',
      reference: session.orderRef,
      description: session.softDescriptor,
      callbackUrl,
      returnUrl,
    });
    const at = deps.clock.now();
    return (
      (await updateSession(deps.store, session.token, (s) => ({
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
        event: { source: 'partner-create', partnerStatus: payment.rawStatus, at, detail: { paymentId: payment.partnerPaymentId } },
      }))) ?? session
    );
  } catch (err) {
    if (!(err instanceof PartnerError)) throw err;
    deps.log.error({ token: session.token, kind: err.kind, httpStatus: err.httpStatus, partnerCode: err.partnerCode }, 'partner payment creation failed');
    const at = deps.clock.now();
    const partnerCode = err.partnerCode ?? (err.httpStatus ? `HTTP_${err.httpStatus}` : err.kind.toUpperCase());
    return (
      (await updateSession(deps.store, session.token, (s) => {
        const change = changeToResult(s, '02106', at, { partnerCode });
        return change && { ...change, event: { source: 'partner-create', at, detail: { error: err.kind, httpStatus: err.httpStatus, partnerCode } } };
      })) ?? session
    );
  }
}
