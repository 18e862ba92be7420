import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { printable } from '../../../backoffice/form-input.js';
import {
  listNotificationAttempts,
  sendNotificationAgain,
  type AttemptQuery,
} from '../../../backoffice/notifications.js';
import { can } from '../../../backoffice/policy.js';
import type { AttemptCursor } from '../../../ports/notification-log.js';
import { formBody, type BackOffice, type MerchantContext } from '../context.js';
import { merchantPath } from '../nav.js';
import { NotificationsPage, type AttemptFilterValues } from '../views/notification-pages.js';
import { forMerchant, safeNext } from './route-kit.js';

const field = (v: unknown, max: number) =>
  typeof v === 'string' && v.trim() !== '' && v.length <= max && printable(v) ? v.trim() : undefined;

/** `2026-01-31` as the start of that day (UTC), `days` later; anything else is no bound. */
function day(v: string | undefined, days = 0): Date | undefined {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const d = new Date(`${v}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? undefined : new Date(d.getTime() + days * 86_400_000);
}

/** The keyset cursor of the `after` parameter: `<milliseconds>.<attempt id>`. */
function cursor(v: string | undefined): AttemptCursor | undefined {
  const m = v && /^(\d{1,15})\.(\d{1,18})$/.exec(v);
  return m ? { startedAt: new Date(Number(m[1])), id: m[2]! } : undefined;
}

/** The filters of the page's query: what is not understood is no filter (and shown as typed). */
function readQuery(q: Record<string, unknown>): { values: AttemptFilterValues; query: AttemptQuery } {
  const values: AttemptFilterValues = {
    from: field(q['from'], 10),
    to: field(q['to'], 10),
    type: field(q['type'], 10),
    outcome: field(q['outcome'], 10),
    httpStatus: field(q['httpStatus'], 3),
    reference: field(q['reference'], 100),
    pointOfSaleId: field(q['pointOfSaleId'], 100),
  };
  const { type, outcome, httpStatus } = values;
  return {
    values,
    query: {
      from: day(values.from),
      to: day(values.to, 1),
      type: type === 'WEBTRS' || type === 'TRS' ? type : undefined,
      outcome: outcome === 'delivered' || outcome === 'failed' || outcome === 'pending' ? outcome : undefined,
      httpStatus: httpStatus && /^\d{3}$/.test(httpStatus) ? Number(httpStatus) : undefined,
      reference: values.reference,
      pointOfSaleId: values.pointOfSaleId,
      after: cursor(field(q['after'], 40)),
    },
  };
}

/** The notifications page (every delivery attempt) and "send again". */
export async function notificationRoutes(app: FastifyInstance, bo: BackOffice) {
  const { deps } = bo;
  const base = '/merchants/:merchantId/notifications';

  app.get(
    base,
    forMerchant(bo, async (c: MerchantContext) => {
      const q = c.req.query as Record<string, unknown>;
      const { values, query } = readQuery(q);
      const page = await listNotificationAttempts(deps, c.actor, c.merchant.id, query);
      const params = new URLSearchParams(
        Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined),
      );
      const here = `${merchantPath(c.merchant.id, 'notifications')}?${params.toString()}`;
      if (page.next) params.set('after', `${page.next.startedAt.getTime()}.${page.next.id}`);
      const sent = q['sent'];
      return c.page(
        h(NotificationsPage, {
          chrome: c.chrome,
          csrf: c.csrf,
          merchantId: c.merchant.id,
          attempts: page.attempts,
          pointsOfSale: page.pointsOfSale,
          values,
          olderHref: page.next ? `${merchantPath(c.merchant.id, 'notifications')}?${params.toString()}` : undefined,
          canSendAgain: can(c.actor.user, 'refund'),
          sent: sent === 'queued' || sent === 'already-pending' ? sent : undefined,
          back: here,
        }),
      );
    }),
  );

  /** Back to the page the form was on (one of this merchant's), saying what was done. */
  app.post(
    `${base}/send-again`,
    forMerchant(bo, async (c) => {
      const form = formBody(c.req);
      const outcome = await sendNotificationAgain(deps, c.actor, c.merchant.id, form);
      const own = merchantPath(c.merchant.id);
      const asked = safeNext(form['back']);
      const back = new URL(asked?.startsWith(own) ? asked : `${own}notifications`, 'http://back-office');
      back.searchParams.set('sent', outcome);
      return c.redirect(`${back.pathname}${back.search}`);
    }),
  );
}
