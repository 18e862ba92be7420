import type { PointOfSale } from '../../../domain/merchant.js';
import type { LoggedAttempt } from '../../../ports/notification-log.js';
import { merchantPath } from '../nav.js';
import { formatAttemptTime, notificationTexts } from '../notification-texts.js';
import { Notice, SelectField, TextField } from './form-kit.js';
import { AdminPage, type Chrome } from './layout.js';
import { AttemptCells, SendAgainForm } from './notification-attempts.js';

/** The filters as typed (echoed into the form). */
export interface AttemptFilterValues {
  from?: string | undefined;
  to?: string | undefined;
  type?: string | undefined;
  outcome?: string | undefined;
  httpStatus?: string | undefined;
  reference?: string | undefined;
  pointOfSaleId?: string | undefined;
}

export function NotificationsPage({
  chrome,
  csrf,
  merchantId,
  attempts,
  pointsOfSale,
  values,
  olderHref,
  canSendAgain,
  sent,
  back,
}: {
  chrome: Chrome;
  csrf: string;
  merchantId: string;
  attempts: readonly LoggedAttempt[];
  pointsOfSale: readonly PointOfSale[];
  values: AttemptFilterValues;
  olderHref?: string | undefined;
  canSendAgain: boolean;
  /** What the last send again did. */
  sent?: 'queued' | 'already-pending' | undefined;
  /** This page, for the send-again forms to come back to. */
  back: string;
}) {
  const { t, lang } = chrome;
  const n = notificationTexts(lang);
  const posLabel = new Map(pointsOfSale.map((p) => [p.id, p.label]));
  return (
    <AdminPage chrome={{ ...chrome, current: 'notifications' }} title={n.title}>
      {sent && (
        <Notice kind={sent === 'queued' ? 'success' : 'info'} testId="sent-again">
          <p>{sent === 'queued' ? n.queued : n.alreadyPending}</p>
        </Notice>
      )}
      <p class="help">{n.intro}</p>
      <form
        method="get"
        action={merchantPath(merchantId, 'notifications')}
        class="filters compact"
        role="search"
        data-testid="attempt-filter"
      >
        <TextField t={t} name="from" label={n.from} value={values.from} placeholder="2026-01-31" maxLength={10} />
        <TextField t={t} name="to" label={n.to} value={values.to} placeholder="2026-02-28" maxLength={10} />
        <SelectField
          t={t}
          name="type"
          label={n.type}
          value={values.type}
          options={[
            { value: '', label: n.anyType },
            { value: 'WEBTRS', label: 'WEBTRS' },
            { value: 'TRS', label: 'TRS' },
          ]}
        />
        <SelectField
          t={t}
          name="outcome"
          label={n.outcome}
          value={values.outcome}
          options={[
            { value: '', label: n.anyOutcome },
            { value: 'delivered', label: n.delivered },
            { value: 'failed', label: n.failed },
            { value: 'pending', label: n.pending },
          ]}
        />
        <TextField
          t={t}
          name="httpStatus"
          label={n.httpStatus}
          value={values.httpStatus}
          inputMode="numeric"
          maxLength={3}
        />
        <TextField t={t} name="reference" label={n.reference} value={values.reference} maxLength={100} />
        <SelectField
          t={t}
          name="pointOfSaleId"
          label={n.pointOfSale}
          value={values.pointOfSaleId}
          options={[
            { value: '', label: n.anyPointOfSale },
            ...pointsOfSale.map((p) => ({ value: p.id, label: p.label })),
          ]}
        />
        <button type="submit">{n.filter}</button>
      </form>
      {attempts.length === 0 ? (
        <p data-testid="no-attempts">{n.noAttempts}</p>
      ) : (
        <div class="table-wrap">
          <table data-testid="attempts" class="attempts">
            <thead>
              <tr>
                <th scope="col">{n.when}</th>
                <th scope="col">{n.what}</th>
                <th scope="col">{n.url}</th>
                <th scope="col">{n.status}</th>
                <th scope="col">{n.duration}</th>
                <th scope="col">{n.result}</th>
                <th scope="col">{n.signed}</th>
                <th scope="col">{n.notificationNow}</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a) => (
                <tr key={a.id} data-testid="attempt" data-notification={a.notificationId}>
                  <td data-label={n.when}>{formatAttemptTime(lang, a.startedAt)}</td>
                  <td data-label={n.what}>
                    <span>
                      <strong>{a.type}</strong> #{a.notificationId}
                      <code class="reference">{a.token ?? a.transactionId ?? ''}</code>
                      {a.pointOfSaleId && posLabel.has(a.pointOfSaleId) && (
                        <span class="muted pos-label">{posLabel.get(a.pointOfSaleId)}</span>
                      )}
                    </span>
                  </td>
                  <AttemptCells lang={lang} attempt={a} />
                  <td data-label={n.notificationNow}>
                    <span>
                      <span class="badge">{n.statusNow[a.notificationStatus] ?? a.notificationStatus}</span>
                      {canSendAgain && (
                        <SendAgainForm
                          lang={lang}
                          csrf={csrf}
                          merchantId={merchantId}
                          notificationId={a.notificationId}
                          back={back}
                        />
                      )}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {olderHref && (
        <p>
          <a href={olderHref} data-testid="attempts-older">
            {n.older}
          </a>
        </p>
      )}
    </AdminPage>
  );
}
