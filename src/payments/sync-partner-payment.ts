import { PartnerError } from '../connectors/partner-port.js';
import type { WebSession } from '../domain/web-session.js';
import type { SessionEvent } from '../ports.js';
import type { PaymentDeps } from './deps.js';
import { partnerUpdateOf } from './partner-details.js';
import { nextPollAt } from './poll-schedule.js';
import { settleWebPayment } from './settle-web-payment.js';

/**
 * Asks the partner for the payment's status (GET) and applies it: the fallback when no callback
 * came, and what the buyer's return to the page triggers. A partner failure is recorded and polled again later.
 */
export async function syncPartnerPayment(deps: PaymentDeps, token: string, source: SessionEvent['source']): Promise<WebSession | undefined> {
  const session = await deps.store.getWebSession(token);
  if (!session?.partnerPaymentId || session.finalAt) return session;
  const contract = await deps.partners.configFor(session.merchantId, session.contractNumber);
  if (!contract) return session;
  const attempts = session.pollAttempts + 1;
  try {
    const payment = await deps.connector.getPayment(contract, session.partnerPaymentId);
    const update = await partnerUpdateOf(deps, session, payment, contract, source);
    const after = await settleWebPayment(deps, token, { ...update, nextPollAt: nextPollAt(attempts, deps.clock.now()) });
    if (source === 'poll') await bumpPollAttempts(deps, token, attempts);
    return after;
  } catch (err) {
    if (!(err instanceof PartnerError)) throw err;
    const now = deps.clock.now();
    deps.log.warn({ token, kind: err.kind, httpStatus: err.httpStatus, partnerCode: err.partnerCode }, 'partner status unavailable; polled again later');
    await deps.store.updateWebSession(token, (s) =>
      s.finalAt
        ? undefined
        : {
            session: { ...s, nextPollAt: nextPollAt(attempts, now), pollAttempts: attempts, partnerCode: err.partnerCode ?? s.partnerCode },
            event: { source, at: now, detail: { error: err.kind, httpStatus: err.httpStatus, partnerCode: err.partnerCode } },
          },
    );
    return deps.store.getWebSession(token);
  }
}

async function bumpPollAttempts(deps: PaymentDeps, token: string, attempts: number): Promise<void> {
  await deps.store.updateWebSession(token, (s) => (s.finalAt || s.pollAttempts >= attempts ? undefined : { session: { ...s, pollAttempts: attempts } }));
}

/** Worker job: polls the open partner payments whose next poll is due. */
export async function pollDuePartnerPayments(deps: PaymentDeps, batch = 50): Promise<number> {
  const tokens = await deps.store.findSessionsDueForPoll(deps.clock.now(), batch);
  for (const token of tokens) await syncPartnerPayment(deps, token, 'poll');
  return tokens.length;
}
