import type { NotificationType } from '../domain/notification.js';
import {
  ABANDONED_RESULTS,
  ACCEPTED_RESULTS,
  OPEN_RESULTS,
  PARTNER_ERROR_RESULTS,
  type DashboardFigures,
  type DayFigures,
  type FiguresScope,
  type NotificationFigures,
  type PartnerErrorFigures,
} from '../ports/dashboard-figures.js';
import type { Queryable, Row } from './db.js';

const count = (v: unknown) => Number(v ?? 0);
const at = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const optText = (v: unknown) => (v === null || v === undefined ? undefined : String(v));

/**
 * The merchant, period and points-of-sale condition on `web_sessions` aliased `s`, as the first
 * parameters ($1 merchant, $2 from, $3 to, $4 the points of sale when limited).
 */
function sessionScope(scope: FiguresScope, time = 's.created_at') {
  const params: unknown[] = [scope.merchantId, scope.from, scope.to];
  let where = `s.merchant_id = $1 AND ${time} >= $2 AND ${time} < $3`;
  if (scope.pointOfSaleIds) {
    params.push([...scope.pointOfSaleIds]);
    where += ` AND s.point_of_sale_id = ANY($${params.length})`;
  }
  return { where, params };
}

/**
 * The dashboard's aggregates. Each query reads one index range of the merchant
 * (migration 13): sessions by (merchant_id, created_at) with the columns counted included, so
 * the day totals come from the index alone; failed partner calls and undelivered notifications
 * from partial indexes, which hold only the rare rows they are about. A failed call's session is
 * found by token in an index that has its merchant and point of sale (migration 17, with the
 * statistics that tell the planner failed calls are few).
 */
export class SqlDashboardFigures implements DashboardFigures {
  constructor(private readonly db: Queryable) {}

  async paymentsByDay(scope: FiguresScope): Promise<DayFigures[]> {
    const { where, params } = sessionScope(scope);
    const codes = (list: readonly string[]) => {
      params.push([...list]);
      return `s.result_code = ANY($${params.length})`;
    };
    const accepted = codes(ACCEPTED_RESULTS);
    const open = codes(OPEN_RESULTS);
    const abandoned = codes(ABANDONED_RESULTS);
    const partner = codes(PARTNER_ERROR_RESULTS);
    const rows = await this.db.query(
      `SELECT to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, s.currency,
              count(*) AS payments,
              count(*) FILTER (WHERE NOT (${open})) AS finished,
              count(*) FILTER (WHERE ${accepted}) AS accepted,
              coalesce(sum(s.amount) FILTER (WHERE ${accepted}), 0) AS accepted_amount,
              count(*) FILTER (WHERE ${abandoned}) AS abandoned,
              count(*) FILTER (WHERE ${partner}) AS partner_errors
         FROM web_sessions s
        WHERE ${where}
        GROUP BY 1, 2
        ORDER BY 1, 2`,
      params,
    );
    return rows.map((r) => ({
      day: String(r.day),
      currency: Number(r.currency),
      payments: count(r.payments),
      finished: count(r.finished),
      accepted: count(r.accepted),
      acceptedAmount: count(r.accepted_amount),
      abandoned: count(r.abandoned),
      partnerErrors: count(r.partner_errors),
    }));
  }

  async notifications(scope: FiguresScope, latest: number): Promise<NotificationFigures> {
    // A notification names its session (WEBTRS) or a transaction: a payment's, or a refund's,
    // whose original payment has the session. A manager's points of sale are those sessions'.
    const params: unknown[] = [scope.merchantId, scope.from, scope.to];
    let reach = '';
    if (scope.pointOfSaleIds) {
      params.push([...scope.pointOfSaleIds]);
      reach = `AND EXISTS (SELECT 1 FROM web_sessions s
                LEFT JOIN transactions t ON t.id = n.transaction_id
                LEFT JOIN transactions o ON o.id = t.original_transaction_id
               WHERE s.token = coalesce(n.token, t.token, o.token) AND s.point_of_sale_id = ANY($${params.length}))`;
    }
    // Both statuses are in the partial index notifications_undelivered (merchant_id, created_at).
    const from = `FROM notifications n WHERE n.merchant_id = $1 AND n.status IN ('pending', 'abandoned') ${reach}`;
    const failed = `(n.status = 'pending' AND n.last_error IS NOT NULL OR n.status = 'abandoned' AND n.created_at >= $2 AND n.created_at < $3)`;
    const [totals] = await this.db.query(
      `SELECT count(*) FILTER (WHERE n.status = 'pending') AS pending,
              count(*) FILTER (WHERE n.status = 'pending' AND n.last_error IS NOT NULL) AS retrying,
              count(*) FILTER (WHERE n.status = 'abandoned' AND n.created_at >= $2 AND n.created_at < $3) AS abandoned
         ${from}`,
      params,
    );
    const rows = await this.db.query(
      `SELECT n.id, n.type, n.status, n.url, n.token, n.transaction_id, n.attempts, n.created_at, n.last_error
         ${from} AND ${failed}
        ORDER BY n.created_at DESC, n.id DESC LIMIT ${Math.trunc(latest)}`,
      params,
    );
    return {
      pending: count(totals?.pending),
      retrying: count(totals?.retrying),
      abandoned: count(totals?.abandoned),
      latest: rows.map((r: Row) => ({
        id: String(r.id),
        type: String(r.type) as NotificationType,
        status: r.status === 'abandoned' ? 'abandoned' : 'pending',
        url: String(r.url),
        token: optText(r.token),
        transactionId: optText(r.transaction_id),
        attempts: count(r.attempts),
        createdAt: at(r.created_at),
        lastError: optText(r.last_error),
      })),
    };
  }

  async partnerErrors(scope: FiguresScope, latest: number): Promise<PartnerErrorFigures> {
    const { where, params } = sessionScope(scope, 'e.at');
    // The condition of the partial index session_events_partner_errors, written the same way.
    const from = `FROM session_events e JOIN web_sessions s ON s.token = e.token
                 WHERE (e.detail ->> 'error') IS NOT NULL AND ${where}`;
    const [totals] = await this.db.query(
      `SELECT count(*) AS events, count(DISTINCT e.token) AS sessions ${from}`,
      params,
    );
    const rows = await this.db.query(
      `SELECT e.at, e.token, s.order_ref, e.source, e.detail ->> 'error' AS error,
              e.detail ->> 'httpStatus' AS http_status, e.detail ->> 'partnerCode' AS partner_code
         ${from}
        ORDER BY e.at DESC, e.id DESC LIMIT ${Math.trunc(latest)}`,
      params,
    );
    return {
      events: count(totals?.events),
      sessions: count(totals?.sessions),
      latest: rows.map((r) => ({
        at: at(r.at),
        token: String(r.token),
        orderRef: String(r.order_ref),
        source: String(r.source),
        error: String(r.error),
        httpStatus: r.http_status === null || r.http_status === undefined ? undefined : Number(r.http_status),
        partnerCode: optText(r.partner_code),
      })),
    };
  }
}
