import type { PartnerDirectory } from '../connectors/partner-port.js';
import { deliverDueNotifications } from '../payments/deliver-notifications.js';
import { expireDueSessions } from '../payments/expire-session.js';
import { pollDuePartnerPayments } from '../payments/sync-partner-payment.js';
import type { PaymentDeps } from '../payments/deps.js';
import { processDueRefunds } from '../payments/follow-refund.js';

export interface Worker {
  /** Runs one pass of every job now (tests, CLI), after the pass under way if any. */
  runOnce(): Promise<void>;
  /**
   * Takes no new item, abandons the partner and merchant calls under way (their leases run out
   * and they are taken again later, by this process or another) and resolves when the pass under
   * way has let go: within moments, whatever the partner does.
   */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  intervalMs: number;
  /** Start the timer (default true); without it passes run only through runOnce(). */
  autoStart?: boolean;
  /**
   * The partners the jobs reach, their connectors built on the worker's stop signal: each of their
   * HTTP calls must end when `stop` aborts (see fetch-until.ts).
   */
  partnersUntil: (stop: AbortSignal) => PartnerDirectory;
  /** Other surfaces' housekeeping (the back-office's ended sessions), run after the payment jobs. */
  extraJobs?: [string, () => Promise<unknown>][] | undefined;
}

/**
 * Background jobs of a gateway process: session expiry, partner polling, refund follow-up and
 * notification delivery. Every job is safe with several processes on one database (row locks,
 * SKIP LOCKED, leases). Passes never overlap.
 */
export function startWorker(
  deps: PaymentDeps,
  { intervalMs, autoStart = true, partnersUntil, extraJobs = [] }: WorkerOptions,
): Worker {
  const stopping = new AbortController();
  const { signal } = stopping;
  const jobDeps: PaymentDeps = { ...deps, partners: partnersUntil(signal) };
  const jobs: [string, () => Promise<unknown>][] = [
    ['session expiry', () => expireDueSessions(jobDeps, { signal })],
    ['partner polling', () => pollDuePartnerPayments(jobDeps, { signal })],
    ['refund follow-up', () => processDueRefunds(jobDeps)],
    ['merchant notifications', () => deliverDueNotifications(jobDeps, { signal })],
    ...extraJobs,
  ];
  const runJobs = async () => {
    // Each job on its own: one that throws does not keep the others from running.
    for (const [job, run] of jobs) {
      if (signal.aborted) return;
      try {
        await run();
      } catch (err) {
        if (!signal.aborted) deps.log.error({ err, job }, 'worker job failed');
      }
    }
  };
  let running: Promise<void> | undefined;
  const pass = (): Promise<void> => (running ??= runJobs().finally(() => (running = undefined)));
  const timer = autoStart ? setInterval(() => void pass(), intervalMs) : undefined;
  timer?.unref();

  return {
    async runOnce() {
      await running;
      await pass();
    },
    async stop() {
      if (timer) clearInterval(timer);
      stopping.abort(new Error('the worker is stopping'));
      await running;
    },
  };
}
