import { RESULT_CODES } from '../../../domain/result-codes.js';
import { isResultCode, statusOf } from '../../../domain/transaction-status.js';
import type { ListedTransaction } from '../../../ports/transaction-listing.js';
import { formatAttemptTime } from '../notification-texts.js';
import type { BoLanguage } from '../i18n.js';
import { merchantPath } from '../nav.js';
import type { TransactionTexts } from '../transactions-texts.js';
import { formatAmount } from './dashboard-texts.js';

/** The row's cells, each labelled for the phone layout (a card per transaction). */
export function TransactionCells({
  lang,
  x,
  merchantId,
  transaction: t,
  posLabel,
}: {
  lang: BoLanguage;
  x: TransactionTexts;
  merchantId: string;
  transaction: ListedTransaction;
  posLabel: ReadonlyMap<string, string>;
}) {
  const status = statusOf(t.resultCode);
  return (
    <>
      <td data-label={x.when}>{formatAttemptTime(lang, t.createdAt)}</td>
      <th scope="row" data-label={x.id}>
        <span>
          <a
            href={merchantPath(merchantId, 'transactions/' + encodeURIComponent(t.id))}
            aria-label={x.detailOf(t.id)}
            data-testid="transaction-link"
          >
            <code>{t.id}</code>
          </a>
          {t.token && <code class="reference">{t.token}</code>}
        </span>
      </th>
      <td data-label={x.type}>
        <span>
          {x.types[t.type] ?? t.type}
          {t.originalTransactionId && <span class="muted reference">{x.refundOf(t.originalTransactionId)}</span>}
        </span>
      </td>
      <td data-label={x.order}>
        <span>
          {t.orderRef && <span class="reference">{t.orderRef}</span>}
          <span class="muted reference">
            {t.contractNumber}
            {t.pointOfSaleId && ` · ${posLabel.get(t.pointOfSaleId) ?? t.pointOfSaleId}`}
          </span>
        </span>
      </td>
      <td data-label={x.amount} class="number">
        {formatAmount(lang, t.currency, t.amount)}
      </td>
      <td data-label={x.result}>
        <span>
          <span class={`badge status-${status}`}>{x.statuses[status]}</span>{' '}
          <abbr title={isResultCode(t.resultCode) ? RESULT_CODES[t.resultCode].long : undefined}>{t.resultCode}</abbr>
        </span>
      </td>
      <td data-label={x.buyerColumn}>
        <span>
          {t.buyerName}
          {t.payerName && t.payerName !== t.buyerName && <span class="muted reference">{t.payerName}</span>}
        </span>
      </td>
    </>
  );
}
