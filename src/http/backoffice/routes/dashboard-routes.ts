import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import {
  DASHBOARD_PERIODS,
  DEFAULT_PERIOD,
  merchantDashboard,
  type DashboardPeriod,
} from '../../../backoffice/dashboard.js';
import type { BackOffice } from '../context.js';
import { DashboardPage } from '../views/dashboard-page.js';
import { forMerchant } from './route-kit.js';

/** `?days=` takes one of the periods offered; anything else is a 400 page. */
const querystring = {
  type: 'object',
  properties: { days: { type: 'string', enum: DASHBOARD_PERIODS.map(String) } },
} as const;

/** The merchant's home page: the dashboard. */
export async function dashboardRoutes(app: FastifyInstance, bo: BackOffice) {
  app.get(
    '/merchants/:merchantId/',
    { schema: { querystring } },
    forMerchant(bo, async (c) => {
      const { days } = c.req.query as { days?: string };
      const period = (days ? Number(days) : DEFAULT_PERIOD) as DashboardPeriod;
      const dashboard = await merchantDashboard(bo.deps, c.actor, c.merchant.id, period);
      return c.page(
        h(DashboardPage, { chrome: c.chrome, merchant: c.merchant, dashboard, sections: c.chrome.nav?.merchant ?? [] }),
      );
    }),
  );
}
