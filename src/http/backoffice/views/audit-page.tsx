import type { StoredAuditEntry } from '../../../ports/audit-log.js';
import { formatDateTime } from '../i18n.js';
import { AdminPage, type Chrome } from './layout.js';
import { TextField } from './form-kit.js';

export interface AuditQuery {
  merchantId?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const show = (v: unknown) => (v === undefined ? '∅' : JSON.stringify(v));

/** What changed: each field whose value differs, `before → after` (or its value for a creation). */
export function changesOf(before?: Record<string, unknown>, after?: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.flatMap((k) => {
    const [b, a] = [before?.[k], after?.[k]];
    if (before && JSON.stringify(b) === JSON.stringify(a)) return [];
    return [before ? `${k}: ${show(b)} → ${show(a)}` : `${k}: ${show(a)}`];
  });
}

export function AuditPage({
  chrome,
  entries,
  query,
  olderHref,
}: {
  chrome: Chrome;
  entries: StoredAuditEntry[];
  query: AuditQuery;
  olderHref?: string | undefined;
}) {
  const { t, lang } = chrome;
  return (
    <AdminPage chrome={{ ...chrome, current: 'audit' }} title={t.auditTitle}>
      <form method="get" action="/admin/audit" class="filters" role="search" data-testid="audit-filter">
        <TextField t={t} name="merchantId" label={t.merchantId} value={query.merchantId} maxLength={64} />
        <TextField t={t} name="action" label={t.auditAction} value={query.action} maxLength={100} />
        <TextField t={t} name="actor" label={t.auditActor} value={query.actor} maxLength={254} />
        <TextField t={t} name="from" label={t.from} value={query.from} placeholder="2026-01-31" maxLength={10} />
        <TextField t={t} name="to" label={t.to} value={query.to} placeholder="2026-02-28" maxLength={10} />
        <button type="submit">{t.auditFilter}</button>
      </form>
      {entries.length === 0 ? (
        <p>{t.noEntries}</p>
      ) : (
        <div class="table-wrap">
          <table data-testid="audit-entries" class="audit">
            <thead>
              <tr>
                <th scope="col">{t.auditWhen}</th>
                <th scope="col">{t.auditWho}</th>
                <th scope="col">{t.auditWhat}</th>
                <th scope="col">{t.merchant}</th>
                <th scope="col">{t.auditTarget}</th>
                <th scope="col">{t.auditChanges}</th>
                <th scope="col">{t.auditAddress}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="audit-entry" data-action={e.action}>
                  <td>{formatDateTime(lang, e.at)}</td>
                  <td>{e.actor.kind === 'user' ? e.actor.email : t.operatorApi}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{e.merchantId ?? ''}</td>
                  <td>{e.target ?? ''}</td>
                  <td>
                    <ul class="changes">
                      {changesOf(e.before, e.after).map((line, i) => (
                        <li key={i}>{line}</li>
                      ))}
                    </ul>
                  </td>
                  <td>{e.address ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {olderHref && (
        <p>
          <a href={olderHref} data-testid="audit-older">
            {t.older}
          </a>
        </p>
      )}
    </AdminPage>
  );
}
