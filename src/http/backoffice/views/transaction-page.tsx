import { Fragment, type ComponentChildren } from 'preact';
import type { TransactionDetail } from '../../../backoffice/transaction-detail.js';
import { resultOf, RESULT_CODES, type ResultCode } from '../../../domain/result-codes.js';
import type { Refund } from '../../../domain/refund.js';
import { formatDateTime, type BoLanguage } from '../i18n.js';
import { merchantPath } from '../nav.js';
import { notificationTexts } from '../notification-texts.js';
import { transactionTexts, type TransactionTexts } from '../transaction-detail-i18n.js';
import { formatAmount } from './dashboard-texts.js';
import { Notice, type Problems, type Values } from './form-kit.js';
import { AdminPage, type Chrome } from './layout.js';
import { NotificationAttempts } from './notification-attempts.js';
import { RefundForm } from './refund-form.js';
import { PartnerExchanges, StatusHistory } from './transaction-history.js';

/** The refund form's state: its key, and what was typed when it comes back refused. */
export interface RefundFormState {
  formKey: string;
  values?: Values | undefined;
  problems?: Problems | undefined;
}

export const transactionPath = (merchantId: string, transactionId: string) =>
  merchantPath(merchantId, `transactions/${encodeURIComponent(transactionId)}`);

function ResultBadge({ code }: { code: string }) {
  const known = code in RESULT_CODES ? resultOf(code as ResultCode) : undefined;
  const ok = code === '00000';
  return (
    <span>
      <span class={ok ? 'badge badge-ok' : 'badge'} data-testid="result-code">
        {code} {known?.shortMessage}
      </span>{' '}
      {known && <span class="muted">{known.longMessage}</span>}
    </span>
  );
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The facts of the transaction and of its payment. */
function Summary({ lang, x, detail }: { lang: BoLanguage; x: TransactionTexts; detail: TransactionDetail }) {
  const tx = detail.record.transaction;
  const payment = detail.payment.transaction;
  const session = detail.payment.session;
  const buyer = session?.request.buyer;
  const buyerName = [text(buyer?.['firstName']), text(buyer?.['lastName'])].filter(Boolean).join(' ');
  const money = (minor: number) => formatAmount(lang, payment.currency, minor);
  const refunded = payment.amount - detail.refundable;
  const accepted = payment.type === 'AUTHOR+CAP' && payment.resultCode === '00000';
  const rows: [string, ComponentChildren, string?][] = [
    [x.transactionId, <code>{tx.id}</code>],
    [x.type, x.types[tx.type] ?? tx.type],
    [x.result, <ResultBadge code={tx.resultCode} />],
    [x.amount, money(tx.amount), 'amount'],
    [x.date, formatDateTime(lang, tx.createdAt)],
    [x.contract, tx.contractNumber],
    [x.pointOfSale, detail.payment.pointOfSale?.label ?? '—'],
    [x.orderRef, session?.orderRef ?? '—', 'order-ref'],
    [x.buyer, buyerName || '—', 'buyer'],
    ...(payment.payerName ? [[x.payer, payment.payerName, 'payer'] as [string, string, string]] : []),
    [x.softDescriptor, tx.softDescriptor || '—'],
    [x.token, session ? <code>{session.token}</code> : '—'],
    [x.partnerPaymentId, session?.partnerPaymentId ? <code>{session.partnerPaymentId}</code> : '—'],
    [x.partnerStatus, session?.partnerStatus ?? '—'],
    ...(accepted
      ? [
          [x.refundedSoFar, money(refunded), 'refunded'] as [string, string, string],
          [x.refundable, money(detail.refundable), 'refundable'] as [string, string, string],
        ]
      : []),
  ];
  return (
    <section class="card" aria-labelledby="summary" data-testid="transaction-summary">
      <h2 id="summary">{x.summary}</h2>
      <dl class="facts">
        {rows.map(([label, value, testId]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

function Refunds({
  lang,
  x,
  merchantId,
  refunds,
}: {
  lang: BoLanguage;
  x: TransactionTexts;
  merchantId: string;
  refunds: readonly Refund[];
}) {
  return (
    <section class="card" aria-labelledby="refunds" data-testid="refunds">
      <h2 id="refunds">{x.refunds}</h2>
      {refunds.length === 0 ? (
        <p>{x.noRefunds}</p>
      ) : (
        <div class="table-wrap">
          <table class="attempts">
            <thead>
              <tr>
                <th scope="col">{x.date}</th>
                <th scope="col">{x.transactionId}</th>
                <th scope="col">{x.amount}</th>
                <th scope="col">{x.status}</th>
                <th scope="col">{x.comment}</th>
              </tr>
            </thead>
            <tbody>
              {refunds.map((r) => (
                <tr key={r.id} data-testid="refund" data-id={r.id} data-status={r.status}>
                  <td data-label={x.date}>{formatDateTime(lang, r.createdAt)}</td>
                  <td data-label={x.transactionId}>
                    <a href={transactionPath(merchantId, r.id)}>
                      <code>{r.id}</code>
                    </a>
                  </td>
                  <td class="number" data-label={x.amount}>
                    {formatAmount(lang, r.currency, r.amount)}
                  </td>
                  <td data-label={x.status}>
                    <span>
                      <span class={r.status === 'REFUNDED' ? 'badge badge-ok' : 'badge'}>
                        {x.refundStatus[r.status] ?? r.status}
                      </span>{' '}
                      <span class="muted">
                        {r.resultCode}
                        {r.partnerCode ? ` (${r.partnerCode})` : ''}
                      </span>
                    </span>
                  </td>
                  <td data-label={x.comment}>{r.comment ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A transaction: its facts, its payment's history, partner exchanges, refunds (and the form), notifications. */
export function TransactionPage({
  chrome,
  csrf,
  merchantId,
  detail,
  refundForm,
  canSendAgain,
  done,
  sent,
}: {
  chrome: Chrome;
  csrf: string;
  merchantId: string;
  detail: TransactionDetail;
  /** Shown when the user may refund this payment now. */
  refundForm?: RefundFormState | undefined;
  canSendAgain: boolean;
  /** The refund just made here. */
  done?: Refund | undefined;
  /** What the last "send again" did. */
  sent?: 'queued' | 'already-pending' | undefined;
}) {
  const { t, lang } = chrome;
  const x = transactionTexts(lang);
  const n = notificationTexts(lang);
  const tx = detail.record.transaction;
  const payment = detail.payment.transaction;
  const here = transactionPath(merchantId, tx.id);
  return (
    <AdminPage chrome={{ ...chrome, current: 'transactions' }} title={x.title(tx.id)}>
      <p>
        <a href={merchantPath(merchantId, 'transactions')} data-testid="back-to-list">
          ← {x.back}
        </a>
        {payment.id !== tx.id && (
          <>
            {' · '}
            <a href={transactionPath(merchantId, payment.id)} data-testid="to-payment">
              {x.backToPayment}
            </a>
          </>
        )}
      </p>
      {done && (
        <Notice kind={done.status === 'FAILED' ? 'warning' : 'success'} testId="refund-done">
          <p>{x.refunded(done.id, formatAmount(lang, done.currency, done.amount))}</p>
          <p>{x.refundOutcome[done.status]}</p>
        </Notice>
      )}
      {sent && (
        <Notice kind={sent === 'queued' ? 'success' : 'info'} testId="sent-again">
          <p>{sent === 'queued' ? n.queued : n.alreadyPending}</p>
        </Notice>
      )}
      <Summary lang={lang} x={x} detail={detail} />
      {!refundForm && canSendAgain && payment.resultCode === '00000' && detail.refundable === 0 && (
        <p data-testid="nothing-to-refund">{x.refundNotOffered}</p>
      )}
      {refundForm && (
        <RefundForm
          t={t}
          x={x}
          csrf={csrf}
          action={`${transactionPath(merchantId, payment.id)}/refund`}
          formKey={refundForm.formKey}
          refundableText={formatAmount(lang, payment.currency, detail.refundable)}
          values={refundForm.values}
          problems={refundForm.problems}
        />
      )}
      <StatusHistory lang={lang} x={x} history={detail.history} />
      <PartnerExchanges lang={lang} x={x} events={detail.events} />
      <Refunds lang={lang} x={x} merchantId={merchantId} refunds={detail.refunds} />
      <NotificationAttempts
        lang={lang}
        csrf={csrf}
        merchantId={merchantId}
        notifications={detail.notifications}
        canSendAgain={canSendAgain}
        back={here}
      />
    </AdminPage>
  );
}
