import type { NotificationWithAttempts } from '../../../backoffice/notifications.js';
import type { LoggedAttempt } from '../../../ports/notification-log.js';
import { formatDateTime, type BoLanguage } from '../i18n.js';
import { merchantPath } from '../nav.js';
import { formatAttemptTime, notificationTexts, type NotificationTexts } from '../notification-texts.js';
import { PostForm } from './form-kit.js';

/** The form that queues a notification again; `back` is the back-office path to come back to. */
export function SendAgainForm({
  lang,
  csrf,
  merchantId,
  notificationId,
  back,
}: {
  lang: BoLanguage;
  csrf: string;
  merchantId: string;
  notificationId: string;
  back: string;
}) {
  const n = notificationTexts(lang);
  return (
    <PostForm
      action={merchantPath(merchantId, 'notifications/send-again')}
      csrf={csrf}
      class="inline"
      testId="send-again"
    >
      <input type="hidden" name="notificationId" value={notificationId} />
      <input type="hidden" name="back" value={back} />
      <button type="submit" class="secondary" aria-label={n.sendAgainOf(notificationId)}>
        {n.sendAgain}
      </button>
    </PostForm>
  );
}

/** What became of an attempt: delivered, the HTTP status, or the failure; and the answer's start. */
export function AttemptResult({ n, attempt }: { n: NotificationTexts; attempt: LoggedAttempt }) {
  return (
    <div>
      <span class={attempt.delivered ? 'badge badge-ok' : 'badge badge-warning'} data-testid="attempt-outcome">
        {attempt.delivered ? n.delivered : n.failed}
      </span>
      {attempt.failure && (
        <p class="attempt-error" data-testid="attempt-failure">
          {attempt.failure}
        </p>
      )}
      {attempt.bodyExcerpt && (
        <details class="excerpt">
          <summary>{n.answer}</summary>
          <pre data-testid="attempt-excerpt">{attempt.bodyExcerpt}</pre>
        </details>
      )}
    </div>
  );
}

/** The cells every attempts table shares, after its own first ones. */
export function AttemptCells({ lang, attempt }: { lang: BoLanguage; attempt: LoggedAttempt }) {
  const n = notificationTexts(lang);
  return (
    <>
      <td data-label={n.url}>
        <code class="url" data-testid="attempt-url">
          {attempt.url}
        </code>
      </td>
      <td data-label={n.status} data-testid="attempt-status">
        {attempt.httpStatus ?? '—'}
      </td>
      <td class="number" data-label={n.duration}>
        {n.ms(attempt.durationMs)}
      </td>
      <td data-label={n.result}>
        <AttemptResult n={n} attempt={attempt} />
      </td>
      <td data-label={n.signed}>{attempt.signed ? '✓' : '—'}</td>
    </>
  );
}

/**
 * The notifications of one payment (for its detail page): each one's state now, a send-again
 * button (`canSendAgain`: the user's `refund` capability) and every attempt, newest first.
 */
export function NotificationAttempts({
  lang,
  csrf,
  merchantId,
  notifications,
  canSendAgain,
  back,
}: {
  lang: BoLanguage;
  csrf: string;
  merchantId: string;
  notifications: readonly NotificationWithAttempts[];
  canSendAgain: boolean;
  /** The page to come back to after "send again" (the payment's detail page). */
  back: string;
}) {
  const n = notificationTexts(lang);
  return (
    <section class="card" aria-labelledby="payment-notifications" data-testid="payment-notifications">
      <h2 id="payment-notifications">{n.ofPayment}</h2>
      {notifications.length === 0 && <p>{n.noNotifications}</p>}
      {notifications.map(({ notification: no, attempts }) => (
        <div key={no.id} class="notification" data-testid="payment-notification" data-id={no.id}>
          <p>
            <strong>
              {no.type} #{no.id}
            </strong>{' '}
            <span class="badge">{n.statusNow[no.status] ?? no.status}</span>
            {no.status === 'pending' && no.nextAttemptAt && (
              <> ({n.nextAttempt(formatDateTime(lang, no.nextAttemptAt))})</>
            )}
          </p>
          {canSendAgain && (
            <SendAgainForm lang={lang} csrf={csrf} merchantId={merchantId} notificationId={no.id} back={back} />
          )}
          {attempts.length > 0 && (
            <div class="table-wrap">
              <table class="attempts">
                <thead>
                  <tr>
                    <th scope="col">{n.when}</th>
                    <th scope="col">{n.url}</th>
                    <th scope="col">{n.status}</th>
                    <th scope="col">{n.duration}</th>
                    <th scope="col">{n.result}</th>
                    <th scope="col">{n.signed}</th>
                  </tr>
                </thead>
                <tbody>
                  {attempts.map((a) => (
                    <tr key={a.id} data-testid="attempt">
                      <td data-label={n.when}>{formatAttemptTime(lang, a.startedAt)}</td>
                      <AttemptCells lang={lang} attempt={a} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      ))}
    </section>
  );
}
