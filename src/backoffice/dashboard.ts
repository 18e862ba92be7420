import type { DayFigures, FiguresScope, NotificationFigures, PartnerErrorFigures } from '../ports/dashboard-figures.js';
import type { Actor } from './actor.js';
import type { BackOfficeDeps } from './deps.js';
import { can, merchantInScope, pointsOfSaleInReach, reachesWholeMerchant, requireCapability } from './policy.js';

type Deps = Pick<BackOfficeDeps, 'merchants' | 'clock' | 'dashboard'>;

/** The periods offered, in days ending today (UTC). */
export const DASHBOARD_PERIODS = [7, 30, 90] as const;
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];
export const DEFAULT_PERIOD: DashboardPeriod = 30;

/** How many undelivered notifications and failed partner calls the page lists. */
const LATEST = 5;

/** Counts of sessions over a day or the whole period, every currency together (amounts apart). */
export interface DashboardTotals {
  payments: number;
  finished: number;
  accepted: number;
  abandoned: number;
  partnerErrors: number;
  /** Accepted ÷ finished, undefined when nothing finished. */
  acceptanceRate?: number | undefined;
  abandonmentRate?: number | undefined;
}

/** One UTC day. */
export interface DashboardDay extends DashboardTotals {
  day: string;
}

/** The accepted amounts of one currency, a value for each day of the period. */
export interface CurrencySeries {
  currency: number;
  total: number;
  perDay: number[];
}

export interface DashboardNumbers {
  /** Every day of the period, oldest first; a day without sessions is there with zeros. */
  days: DashboardDay[];
  currencies: CurrencySeries[];
  totals: DashboardTotals;
  notifications: NotificationFigures;
  partnerErrors: PartnerErrorFigures;
}

export interface MerchantDashboard {
  merchantId: string;
  period: DashboardPeriod;
  /** The first day's start and the day after the last one's (UTC midnights). */
  from: Date;
  to: Date;
  /** Only for a profile that reads transactions; the others see the sections only. */
  numbers?: DashboardNumbers | undefined;
  /** A manager's figures cover their points of sale only. */
  limitedToPointsOfSale: boolean;
}

const DAY_MS = 86_400_000;
const utcMidnight = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
const isoDay = (at: Date) => at.toISOString().slice(0, 10);

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : undefined);

/** The days of the period, with zeros where the store had no row, and each currency's series. */
export function fillDays(rows: readonly DayFigures[], from: Date, period: number) {
  const days: DashboardDay[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < period; i++) {
    const day = isoDay(new Date(from.getTime() + i * DAY_MS));
    index.set(day, i);
    days.push({ day, payments: 0, finished: 0, accepted: 0, abandoned: 0, partnerErrors: 0 });
  }
  const amounts = new Map<number, number[]>();
  for (const r of rows) {
    const i = index.get(r.day);
    if (i === undefined) continue;
    const d = days[i]!;
    d.payments += r.payments;
    d.finished += r.finished;
    d.accepted += r.accepted;
    d.abandoned += r.abandoned;
    d.partnerErrors += r.partnerErrors;
    const series = amounts.get(r.currency) ?? new Array<number>(period).fill(0);
    series[i]! += r.acceptedAmount;
    amounts.set(r.currency, series);
  }
  for (const d of days) {
    d.acceptanceRate = rate(d.accepted, d.finished);
    d.abandonmentRate = rate(d.abandoned, d.finished);
  }
  const currencies = [...amounts]
    .sort(([a], [b]) => a - b)
    .map(([currency, perDay]) => ({ currency, perDay, total: perDay.reduce((a, b) => a + b, 0) }));
  return { days, currencies };
}

function totalsOf(days: readonly DashboardDay[]): DashboardTotals {
  const sum = (key: 'payments' | 'finished' | 'accepted' | 'abandoned' | 'partnerErrors') =>
    days.reduce((a, d) => a + d[key], 0);
  const finished = sum('finished');
  return {
    payments: sum('payments'),
    finished,
    accepted: sum('accepted'),
    abandoned: sum('abandoned'),
    partnerErrors: sum('partnerErrors'),
    acceptanceRate: rate(sum('accepted'), finished),
    abandonmentRate: rate(sum('abandoned'), finished),
  };
}

/**
 * The merchant's home page: its payments per UTC day over the period, and what needs looking
 * at (notifications not delivered, partner calls that failed). A manager's figures are those of
 * their points of sale; a profile that does not read transactions gets none.
 */
export async function merchantDashboard(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  period: DashboardPeriod,
): Promise<MerchantDashboard> {
  requireCapability(actor.user, 'configuration.read');
  const merchantId = merchantInScope(actor.user, named);
  const to = new Date(utcMidnight(deps.clock.now()).getTime() + DAY_MS);
  const from = new Date(to.getTime() - period * DAY_MS);
  const limited = !reachesWholeMerchant(actor.user);
  const base = { merchantId, period, from, to, limitedToPointsOfSale: limited };
  if (!can(actor.user, 'transactions.read')) return base;

  const scope: FiguresScope = { merchantId, from, to };
  if (limited)
    scope.pointOfSaleIds = pointsOfSaleInReach(actor.user, await deps.merchants.listPointsOfSale(merchantId)).map(
      (p) => p.id,
    );
  const [rows, notifications, partnerErrors] = await Promise.all([
    deps.dashboard.paymentsByDay(scope),
    deps.dashboard.notifications(scope, LATEST),
    deps.dashboard.partnerErrors(scope, LATEST),
  ]);
  const { days, currencies } = fillDays(rows, from, period);
  return { ...base, numbers: { days, currencies, totals: totalsOf(days), notifications, partnerErrors } };
}
