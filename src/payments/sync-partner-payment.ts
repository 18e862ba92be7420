import { PartnerError } from '../connectors/partner-port.js';
import type { PaymentSession } from '../domain/payment-session.js';
import type { SessionEvent } from '../ports/session-history.js';
import type { PaymentDeps } from './deps.js';
import { partnerUpdateOf } from './steps/partner-details.js';
import { nextPollAt } from './steps/poll-schedule.js';
import { settlePayment } from './steps/settle-payment.js';

/** A poll holds its payment this long (longer than the partner calls it makes); then any process may take it again. */
const POLL_LEASE_MS = 60_000;
/**
 * Polls in flight at once in one process: one slow answer does not hold the pass, and a rate-limited partner is not
 * flooded.
 */
const POLL_CONCURRENCY = 4;

/**
 * Asks the partner for the payment's status (GET) and applies it: the fallback when no callback
 * came, and what the buyer's return to the page triggers. A partner failure is recorded and polled
 * again later. Once `signal` aborts (the worker stops) nothing more is written: the call is
 * abandoned with the signal's reason, and the poll's lease lets it be taken again later. `known`:
 * the session as this request read it.
 */
export async function syncPartnerPayment(
  deps: PaymentDeps,
  token: string,
  source: SessionEvent['source'],
  signal?: AbortSignal,
  known?: PaymentSession,
): Promise<PaymentSession | undefined> {
  const session = known ?? (await deps.sessions.get(token));
  if (!session?.partnerPaymentId || session.finalAt) return session;
  const partner = await deps.partners.connect(session.merchantId, session.contractNumber);
  if (!partner) return session;
  const attempts = session.pollAttempts + 1;
  try {
    const payment = await partner.getPayment(session.partnerPaymentId);
    const update = await partnerUpdateOf(deps, session, payment, partner, source);
    signal?.throwIfAborted();
    const after = await settlePayment(
      deps,
      token,
      { ...update, nextPollAt: nextPollAt(attempts, deps.clock.now()) },
      session,
    );
    if (source === 'poll') return (await bumpPollAttempts(deps, token, attempts, after)) ?? after;
    return after;
  } catch (err) {
    // An aborted call looks like an unreachable partner: it must not be recorded as one.
    if (signal?.aborted) throw signal.reason;
    if (!(err instanceof PartnerError)) throw err;
    const now = deps.clock.now();
    deps.log.warn(
      { token, kind: err.kind, httpStatus: err.httpStatus, partnerCode: err.partnerCode },
      'partner status unavailable; polled again later',
    );
    return deps.sessions.update(
      token,
      (s) =>
        s.finalAt
          ? undefined
          : {
              session: {
                ...s,
                nextPollAt: nextPollAt(attempts, now),
                pollAttempts: attempts,
                partnerCode: err.partnerCode ?? s.partnerCode,
              },
              event: {
                source,
                at: now,
                detail: { error: err.kind, httpStatus: err.httpStatus, partnerCode: err.partnerCode },
              },
            },
      session,
    );
  }
}

function bumpPollAttempts(
  deps: PaymentDeps,
  token: string,
  attempts: number,
  known: PaymentSession | undefined,
): Promise<PaymentSession | undefined> {
  return deps.sessions.update(
    token,
    (s) => (s.finalAt || s.pollAttempts >= attempts ? undefined : { session: { ...s, pollAttempts: attempts } }),
    known,
  );
}

export interface PollOptions {
  batch?: number;
  /** The worker's stop: no poll starts after it, and one it interrupts writes nothing. */
  signal?: AbortSignal;
}

/**
 * Worker job: polls the open partner payments whose next poll is due and that this process
 * claimed (one process per payment), a few at a time. Returns how many it claimed.
 */
export async function pollDuePartnerPayments(
  deps: PaymentDeps,
  { batch = 50, signal }: PollOptions = {},
): Promise<number> {
  const tokens = await deps.sessions.claimDuePolls(deps.clock.now(), batch, POLL_LEASE_MS);
  const queue = [...tokens];
  const pollInTurn = async (): Promise<void> => {
    for (let token = queue.shift(); token !== undefined && !signal?.aborted; token = queue.shift()) {
      try {
        await syncPartnerPayment(deps, token, 'poll', signal);
      } catch (err) {
        if (!signal?.aborted) deps.log.error({ err, token }, 'partner poll failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(POLL_CONCURRENCY, tokens.length) }, pollInTurn));
  return tokens.length;
}
