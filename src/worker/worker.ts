import { expireDueSessions } from '../payments/expire-session.js';
import { pollDuePartnerPayments } from '../payments/sync-partner-payment.js';
import type { PaymentDeps } from '../payments/deps.js';
import { deliverDueNotifications } from './deliver-notifications.js';
import { processDueRefunds } from '../payments/follow-refund.js';

export interface Worker {
  /** Runs one pass of every job now (tests, CLI). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Background jobs of a gateway process: session expiry, partner polling, refund follow-up and
 * notification delivery. Every job is safe with several processes on one database (row locks,
 * SKIP LOCKED). Passes never overlap.
 */
export function startWorker(deps: PaymentDeps, intervalMs: number, autoStart = true): Worker {
  let running: Promise<void> | undefined;
  let stopped = false;

  const runOnce = async () => {
    try {
      await expireDueSessions(deps);
      await pollDuePartnerPayments(deps);
      await processDueRefunds(deps);
      await deliverDueNotifications(deps);
    } catch (err) {
      deps.log.error({ err }, 'worker pass failed');
    }
  };
  const tick = () => {
    if (running || stopped) return;
    running = runOnce().finally(() => (running = undefined));
  };
  const timer = autoStart ? setInterval(tick, intervalMs) : undefined;
  timer?.unref();

  return {
    async runOnce() {
      if (running) await running;
      await runOnce();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
