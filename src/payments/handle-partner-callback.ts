import { CallbackRejected } from '../connectors/partner-port.js';
import type { PaymentDeps } from './deps.js';
import { partnerUpdateOf } from './steps/partner-details.js';
import { settlePayment } from './steps/settle-payment.js';

export type CallbackOutcome =
  { status: 200; detail: 'applied' | 'replayed' } | { status: 400 | 401 | 404 | 503; detail: string };

/**
 * A partner callback, at its payment method's URL: find the session of the payment, verify the
 * signature against *that* contract's settings (Payconiq: its PPID) and the callback URL the
 * payment was created with (so a callback signed for another merchant cannot settle this one), drop
 * replays by jti, then apply the status. A callback that fails any check changes nothing.
 */
export async function handlePartnerCallback(
  deps: PaymentDeps,
  callbackId: string,
  rawBody: Buffer,
  headers: Readonly<Record<string, string | undefined>>,
): Promise<CallbackOutcome> {
  const method = deps.paymentMethods.byCallbackId(callbackId);
  if (!method) return { status: 404, detail: 'no such partner' };
  const paymentId = method.peekCallbackPaymentId(rawBody);
  if (!paymentId) return { status: 400, detail: 'body is not a partner payment callback' };
  const session = await deps.sessions.findByPartnerPayment(paymentId);
  if (!session?.partnerCallbackUrl || session.cardCode !== method.cardCode)
    return { status: 404, detail: 'unknown payment' };
  const partner = await deps.partners.connect(session.merchantId, session.contractNumber);
  if (!partner) return { status: 404, detail: 'unknown payment' };

  let verified;
  try {
    verified = await partner.verifyCallback(rawBody, headers, session.partnerCallbackUrl);
  } catch (err) {
    if (!(err instanceof CallbackRejected)) throw err;
    deps.log.warn({ paymentId, token: session.token, reason: err.message }, 'partner callback rejected');
    // The partner's keys could not be fetched: 503 makes the partner retry the same callback later.
    if ((err as { transient?: boolean }).transient) return { status: 503, detail: err.message };
    return { status: 401, detail: err.message };
  }
  if (verified.payment.partnerPaymentId !== paymentId) return { status: 400, detail: 'payment id mismatch' };

  // Applying is idempotent, so the jti is recorded only once the update is stored: a retry of a
  // callback whose processing failed half-way is applied, not dropped as a replay.
  if (await deps.callbacks.hasSeen(verified.jti)) return { status: 200, detail: 'replayed' };
  const update = await partnerUpdateOf(deps, session, verified.payment, partner, 'callback');
  await settlePayment(deps, session.token, update, session);
  await deps.callbacks.record(verified.jti, paymentId, deps.clock.now());
  return { status: 200, detail: 'applied' };
}
