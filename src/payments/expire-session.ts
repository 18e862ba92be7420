import { PartnerError } from '../connectors/partner-port.js';
import { expiryResult, isFinal, resultForPartnerStatus, type PaymentSession } from '../domain/payment-session.js';
import type { PaymentDeps } from './deps.js';
import { partnerUpdateOf } from './steps/partner-details.js';
import { changeToResult } from './steps/session-change.js';
import { settlePayment } from './steps/settle-payment.js';
import { updateSession } from './steps/update-session.js';

/**
 * Applies the payment delay to one session: once it has elapsed without a final result the
 * session ends in 02324 (buyer came) or 02534 (buyer never came). A partner payment is cancelled
 * first (DELETE); if the partner says it is no longer pending, its own final status wins.
 * Safe to call any number of times; the row is locked only when the session is due.
 */
export async function expireSessionIfDue(
  deps: PaymentDeps,
  token: string,
  known?: PaymentSession,
): Promise<PaymentSession | undefined> {
  const now = deps.clock.now();
  const current = known ?? (await deps.sessions.get(token));
  if (!current || !expiryResult(current, now)) return current;
  if (current.expiryRetryAt && current.expiryRetryAt > now) return current;
  if (current.partnerPaymentId) return expireAtPartner(deps, current);
  return updateSession(
    deps,
    token,
    (s) => {
      const code = expiryResult(s, now);
      const change = code && changeToResult(deps, s, code, now);
      return change && { ...change, event: { source: 'expiry', at: now } };
    },
    current,
  );
}

async function expireAtPartner(deps: PaymentDeps, session: PaymentSession): Promise<PaymentSession | undefined> {
  const partner = await deps.partners.connect(session.merchantId, session.contractNumber);
  const paymentId = session.partnerPaymentId!;
  if (!partner)
    return settlePayment(deps, session.token, { status: 'EXPIRED', rawStatus: 'EXPIRED', source: 'expiry' });
  // Marked before the DELETE: the partner's CANCELLED callback may arrive before the DELETE's answer.
  const marked = await deps.sessions.update(
    session.token,
    (s) => (s.finalAt || s.partnerCancelReason ? undefined : { session: { ...s, partnerCancelReason: 'expiry' } }),
    session,
  );
  try {
    if ((await partner.cancelPayment(paymentId)) === 'cancelled') {
      return settlePayment(
        deps,
        session.token,
        { status: 'EXPIRED', rawStatus: 'CANCELLED', partnerCode: 'CANCELLED', source: 'partner-cancel' },
        marked,
      );
    }
    const payment = await partner.getPayment(paymentId);
    const update = await partnerUpdateOf(deps, session, payment, partner, 'partner-cancel');
    const mapped = update.result ?? resultForPartnerStatus(update.status);
    // Still authorising at the partner: the payment may yet succeed, so it is not given up; polled again.
    if (mapped && !isFinal(mapped)) return settlePayment(deps, session.token, update, marked);
    return settlePayment(deps, session.token, mapped ? update : { ...update, result: '02012' }, marked);
  } catch (err) {
    if (!(err instanceof PartnerError)) throw err;
    const partnerCode = err.partnerCode ?? (err.httpStatus ? `HTTP_${err.httpStatus}` : err.kind.toUpperCase());
    const now = deps.clock.now();
    // The payment may still be paid at the partner: reporting an error now could hide money taken.
    // The session stays open and the cancel is retried; only after a long outage does it end in 02106.
    if (now.getTime() - session.expiresAt.getTime() >= EXPIRY_GIVE_UP_MS) {
      deps.log.error({ token: session.token, kind: err.kind }, 'partner still unreachable a day after expiry: 02106');
      return settlePayment(deps, session.token, {
        status: 'UNKNOWN',
        result: '02106',
        partnerCode,
        source: 'partner-cancel',
      });
    }
    deps.log.warn(
      { token: session.token, kind: err.kind, httpStatus: err.httpStatus },
      'partner unreachable at expiry; cancel retried later',
    );
    return deps.sessions.update(session.token, (s) =>
      s.finalAt
        ? undefined
        : {
            session: { ...s, expiryRetryAt: new Date(now.getTime() + EXPIRY_RETRY_MS), partnerCode },
            event: {
              source: 'partner-cancel',
              at: now,
              detail: { error: err.kind, httpStatus: err.httpStatus, partnerCode, retryInMs: EXPIRY_RETRY_MS },
            },
          },
    );
  }
}

/** While the partner cannot be reached at expiry, the cancel is retried this often, for a day at most. */
const EXPIRY_RETRY_MS = 60_000;
const EXPIRY_GIVE_UP_MS = 24 * 60 * 60_000;

/**
 * Worker job: ends every session whose payment delay is over, one after the other until `signal`
 * aborts (the worker stops). Returns how many it looked at.
 */
export async function expireDueSessions(
  deps: PaymentDeps,
  { batch = 100, signal }: { batch?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const tokens = await deps.sessions.findExpired(deps.clock.now(), batch);
  for (const token of tokens) {
    if (signal?.aborted) break;
    const s = await expireSessionIfDue(deps, token);
    if (s?.finalAt) deps.log.info({ token, resultCode: s.resultCode }, 'web payment ended by the payment delay');
  }
  return tokens.length;
}
