import type { FieldProblem } from '../../../backoffice/errors.js';
import type { TransactionFilterValues } from '../../../backoffice/transaction-query.js';
import { CONTRACT_CURRENCIES } from '../../../backoffice/payment-methods.js';
import type { Contract, PointOfSale } from '../../../domain/merchant.js';
import { RESULT_CODES } from '../../../domain/result-codes.js';
import { TRANSACTION_STATUSES } from '../../../domain/transaction-status.js';
import type { ListedTransaction } from '../../../ports/transaction-listing.js';
import { merchantPath } from '../nav.js';
import { transactionTexts, type TransactionTexts } from '../transactions-texts.js';
import { fieldId, Notice, problemText, SelectField, TextField } from './form-kit.js';
import { AdminPage, type Chrome } from './layout.js';
import { TransactionCells } from './transaction-cells.js';

type Problems = Readonly<Record<string, FieldProblem>>;

function FilterForm({
  chrome,
  x,
  merchantId,
  values,
  problems,
  pointsOfSale,
  contracts,
}: {
  chrome: Chrome;
  x: TransactionTexts;
  merchantId: string;
  values: TransactionFilterValues;
  problems: Problems;
  pointsOfSale: readonly PointOfSale[];
  contracts: readonly Contract[];
}) {
  const { t } = chrome;
  const text = (name: keyof TransactionFilterValues, label: string, more: Record<string, unknown> = {}) => (
    <TextField t={t} name={name} label={label} value={values[name]} problems={problems} {...more} />
  );
  const select = (name: keyof TransactionFilterValues, label: string, options: { value: string; label: string }[]) => (
    <SelectField t={t} name={name} label={label} value={values[name]} problems={problems} options={options} />
  );
  return (
    <form
      method="get"
      action={merchantPath(merchantId, 'transactions')}
      class="filters compact"
      role="search"
      aria-label={x.filtersLabel}
      data-testid="transaction-filter"
    >
      {text('from', x.from, { placeholder: x.datePlaceholder, maxLength: 10 })}
      {text('to', x.to, { placeholder: x.datePlaceholder, maxLength: 10 })}
      {select('status', x.status, [
        { value: '', label: x.anyStatus },
        ...TRANSACTION_STATUSES.map((s) => ({ value: s, label: x.statuses[s] })),
      ])}
      {select('resultCode', x.resultCode, [
        { value: '', label: x.anyResultCode },
        ...Object.entries(RESULT_CODES).map(([code, r]) => ({ value: code, label: `${code} ${r.short}` })),
      ])}
      {text('minAmount', x.minAmount, { inputMode: 'text', maxLength: 20, help: x.amountHelp })}
      {text('maxAmount', x.maxAmount, { inputMode: 'text', maxLength: 20 })}
      {CONTRACT_CURRENCIES.length > 1 &&
        select(
          'currency',
          x.currency,
          CONTRACT_CURRENCIES.map((c) => ({ value: String(c.code), label: c.name })),
        )}
      {text('orderRef', x.orderRef, { maxLength: 50 })}
      {text('token', x.token, { maxLength: 50 })}
      {text('transactionId', x.transactionId, { maxLength: 50, help: x.transactionIdHelp })}
      {select('contractNumber', x.contract, [
        { value: '', label: x.anyContract },
        ...contracts.map((c) => ({ value: c.contractNumber, label: `${c.contractNumber} · ${c.label}` })),
      ])}
      {select('pointOfSaleId', x.pointOfSale, [
        { value: '', label: x.anyPointOfSale },
        ...pointsOfSale.map((p) => ({ value: p.id, label: p.label })),
      ])}
      {text('buyer', x.buyer, { maxLength: 100, help: x.buyerHelp })}
      <button type="submit">{x.filter}</button>
    </form>
  );
}

const LABELS = (x: TransactionTexts): Record<string, string> => ({
  from: x.from,
  to: x.to,
  status: x.status,
  resultCode: x.resultCode,
  minAmount: x.minAmount,
  maxAmount: x.maxAmount,
  currency: x.currency,
  orderRef: x.orderRef,
  token: x.token,
  transactionId: x.transactionId,
  contractNumber: x.contract,
  pointOfSaleId: x.pointOfSale,
  buyer: x.buyer,
});

export function TransactionsPage({
  chrome,
  merchantId,
  transactions,
  pointsOfSale,
  contracts,
  values,
  problems,
  olderHref,
  newestHref,
  exportQuery,
}: {
  chrome: Chrome;
  merchantId: string;
  transactions: readonly ListedTransaction[];
  pointsOfSale: readonly PointOfSale[];
  contracts: readonly Contract[];
  values: TransactionFilterValues;
  problems: Problems;
  olderHref?: string | undefined;
  /** The first page, when this one is not. */
  newestHref?: string | undefined;
  /** The filters' query string, for the export links. */
  exportQuery: string;
}) {
  const { t, lang } = chrome;
  const x = transactionTexts(lang);
  const posLabel = new Map(pointsOfSale.map((p) => [p.id, p.label]));
  const entries = Object.entries(problems);
  const csv = (charset: string) =>
    `${merchantPath(merchantId, 'transactions.csv')}?${exportQuery ? `${exportQuery}&` : ''}charset=${charset}`;
  return (
    <AdminPage chrome={{ ...chrome, current: 'transactions' }} title={x.title}>
      <p class="help">{x.intro}</p>
      {entries.length > 0 && (
        <Notice kind="error" testId="filter-problems">
          <p>{x.problems}</p>
          <ul>
            {entries.map(([name, problem]) => (
              <li key={name}>
                <a href={`#${fieldId(name)}`}>{LABELS(x)[name] ?? name}</a>: {problemText(t, problem)}
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <FilterForm
        chrome={chrome}
        x={x}
        merchantId={merchantId}
        values={values}
        problems={problems}
        pointsOfSale={pointsOfSale}
        contracts={contracts}
      />
      {exportQuery && (
        <p>
          <a href={merchantPath(merchantId, 'transactions')}>{x.clear}</a>
        </p>
      )}
      {transactions.length === 0 ? (
        entries.length === 0 && <p data-testid="no-transactions">{x.none}</p>
      ) : (
        <div class="table-wrap" role="region" aria-labelledby="transactions-caption" tabindex={0}>
          <table data-testid="transactions" class="transactions">
            <caption id="transactions-caption" class="visually-hidden">
              {x.tableLabel}
            </caption>
            <thead>
              <tr>
                <th scope="col">{x.when}</th>
                <th scope="col">{x.id}</th>
                <th scope="col">{x.type}</th>
                <th scope="col">{x.order}</th>
                <th scope="col" class="number">
                  {x.amount}
                </th>
                <th scope="col">{x.result}</th>
                <th scope="col">{x.buyerColumn}</th>
              </tr>
            </thead>
            <tbody>
              {transactions.map((tx) => (
                <tr key={tx.id} data-testid="transaction" data-id={tx.id}>
                  <TransactionCells lang={lang} x={x} merchantId={merchantId} transaction={tx} posLabel={posLabel} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ul class="pager">
        {newestHref && (
          <li>
            <a href={newestHref} data-testid="transactions-newest">
              {x.newest}
            </a>
          </li>
        )}
        {olderHref && (
          <li>
            <a href={olderHref} data-testid="transactions-older">
              {x.older}
            </a>
          </li>
        )}
      </ul>
      {entries.length === 0 && transactions.length > 0 && (
        <section aria-label={x.export} class="exports">
          <h2>{x.export}</h2>
          <ul>
            <li>
              <a href={csv('utf-8')} data-testid="export-utf-8" download>
                {x.exportUtf8}
              </a>
            </li>
            <li>
              <a href={csv('iso-8859-1')} data-testid="export-iso-8859-1" download>
                {x.exportLatin1}
              </a>
            </li>
          </ul>
        </section>
      )}
    </AdminPage>
  );
}
