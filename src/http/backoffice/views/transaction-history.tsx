import type { StatusHistoryEntry } from '../../../domain/transaction-history.js';
import type { SessionEventRecord } from '../../../ports/session-history.js';
import type { BoLanguage } from '../i18n.js';
import { formatAttemptTime } from '../notification-texts.js';
import type { TransactionTexts } from '../transaction-detail-i18n.js';

/** The payment's statuses, oldest first (as getTransactionDetails' statusHistoryList). */
export function StatusHistory({
  lang,
  x,
  history,
}: {
  lang: BoLanguage;
  x: TransactionTexts;
  history: readonly StatusHistoryEntry[];
}) {
  return (
    <section class="card" aria-labelledby="status-history" data-testid="status-history">
      <h2 id="status-history">{x.history}</h2>
      {history.length === 0 ? (
        <p>{x.noHistory}</p>
      ) : (
        <ol class="history">
          {history.map((e, i) => (
            <li key={i} data-testid="history-entry">
              <time datetime={e.at.toISOString()}>{formatAttemptTime(lang, e.at)}</time>{' '}
              <span class="badge">{e.status}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Every recorded exchange with the partner (creation, callbacks, polls, errors) and the page's events. */
export function PartnerExchanges({
  lang,
  x,
  events,
}: {
  lang: BoLanguage;
  x: TransactionTexts;
  events: readonly SessionEventRecord[];
}) {
  return (
    <section class="card" aria-labelledby="partner-exchanges" data-testid="partner-exchanges">
      <h2 id="partner-exchanges">{x.exchanges}</h2>
      {events.length === 0 ? (
        <p>{x.noExchanges}</p>
      ) : (
        <div class="table-wrap">
          <table class="attempts">
            <thead>
              <tr>
                <th scope="col">{x.when}</th>
                <th scope="col">{x.source}</th>
                <th scope="col">{x.partnerSaid}</th>
                <th scope="col">{x.resultCode}</th>
                <th scope="col">{x.details}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e, i) => (
                <tr key={i} data-testid="exchange" data-source={e.source}>
                  <td data-label={x.when}>{formatAttemptTime(lang, e.at)}</td>
                  <td data-label={x.source}>{x.sources[e.source] ?? e.source}</td>
                  <td data-label={x.partnerSaid}>{e.partnerStatus ?? '—'}</td>
                  <td data-label={x.resultCode}>{e.resultCode ?? '—'}</td>
                  <td data-label={x.details}>
                    {e.detail ? <code class="reference">{JSON.stringify(e.detail)}</code> : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
