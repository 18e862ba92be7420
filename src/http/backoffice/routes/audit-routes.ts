import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { listAuditEntries } from '../../../backoffice/audit.js';
import { printable } from '../../../backoffice/form-input.js';
import type { BackOffice } from '../context.js';
import { AuditPage, type AuditQuery } from '../views/audit-page.js';
import { signedIn } from './route-kit.js';

const field = (v: unknown, max: number) =>
  typeof v === 'string' && v.trim() !== '' && v.length <= max && printable(v) ? v.trim() : undefined;

/** `2026-01-31` as the start of that day (UTC); anything else is no bound. */
function day(v: string | undefined): Date | undefined {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const d = new Date(`${v}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Operators: the audit log, newest first, filtered by merchant, action, user and dates. */
export async function auditRoutes(app: FastifyInstance, bo: BackOffice) {
  app.get(
    '/audit',
    signedIn(bo, async (c) => {
      const q = c.req.query as Record<string, unknown>;
      const query: AuditQuery = {
        merchantId: field(q['merchantId'], 64),
        action: field(q['action'], 100),
        actor: field(q['actor'], 254),
        from: field(q['from'], 10),
        to: field(q['to'], 10),
      };
      const before = field(q['before'], 20);
      const { entries, nextBeforeId } = await listAuditEntries(bo.deps, c.actor, {
        merchantId: query.merchantId,
        action: query.action,
        actor: query.actor?.toLowerCase(),
        from: day(query.from),
        to: day(query.to),
        beforeId: before && /^\d+$/.test(before) ? Number(before) : undefined,
      });
      const params = new URLSearchParams(
        Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined),
      );
      if (nextBeforeId !== undefined) params.set('before', String(nextBeforeId));
      return c.page(
        h(AuditPage, {
          chrome: c.chrome,
          entries,
          query,
          olderHref: nextBeforeId !== undefined ? `/admin/audit?${params.toString()}` : undefined,
        }),
      );
    }),
  );
}
