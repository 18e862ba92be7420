/**
 * When to ask the partner again about a payment that sent no final callback: soon at first (the
 * buyer is probably scanning), then less often. Callbacks remain the main path.
 */
const DELAYS_MS = [10_000, 20_000, 30_000, 60_000, 120_000];
const MAX_DELAY_MS = 300_000;

export function nextPollAt(attempts: number, now: Date): Date {
  return new Date(now.getTime() + (DELAYS_MS[attempts] ?? MAX_DELAY_MS));
}
