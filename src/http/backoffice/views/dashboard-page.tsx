import { DASHBOARD_PERIODS, type DashboardNumbers, type MerchantDashboard } from '../../../backoffice/dashboard.js';
import type { Merchant } from '../../../domain/merchant.js';
import { formatDateTime } from '../i18n.js';
import { merchantPath, type NavLink } from '../nav.js';
import { BarChart, RateChart } from './dashboard-charts.js';
import {
  currencyName,
  dashboardTexts,
  formatAmount,
  formatCount,
  formatDay,
  formatRate,
  type DashboardTexts,
} from './dashboard-texts.js';
import { AdminPage, type Chrome } from './layout.js';

const DAY_MS = 86_400_000;

function PeriodSwitch({ dashboard, d }: { dashboard: MerchantDashboard; d: DashboardTexts }) {
  return (
    <nav class="period" aria-label={d.periodLabel}>
      <ul>
        {DASHBOARD_PERIODS.map((days) => (
          <li key={days}>
            <a
              href={`${merchantPath(dashboard.merchantId)}?days=${days}`}
              aria-current={days === dashboard.period ? 'page' : undefined}
              data-testid={`period-${days}`}
            >
              {d.periodDays(days)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Tile({ label, value, note, testId }: { label: string; value: string; note?: string; testId: string }) {
  return (
    <div class="tile" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <span class="tile-value">{value}</span>
        {note && <span class="tile-note">{note}</span>}
      </dd>
    </div>
  );
}

function Summary({ chrome, numbers, d }: { chrome: Chrome; numbers: DashboardNumbers; d: DashboardTexts }) {
  const { lang } = chrome;
  const { totals } = numbers;
  const open = totals.payments - totals.finished;
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{d.summaryTitle}</h2>
      <dl class="tiles">
        <Tile
          label={d.payments}
          value={formatCount(lang, totals.payments)}
          note={open > 0 ? d.inProgress(open) : undefined}
          testId="total-payments"
        />
        <Tile
          label={d.acceptanceRate}
          value={formatRate(lang, totals.acceptanceRate, d.noRate)}
          note={`${formatCount(lang, totals.accepted)} ${d.accepted.toLowerCase()}, ${d.ofFinished}`}
          testId="acceptance-rate"
        />
        <Tile
          label={d.abandonmentRate}
          value={formatRate(lang, totals.abandonmentRate, d.noRate)}
          note={`${formatCount(lang, totals.abandoned)} ${d.abandoned.toLowerCase()}, ${d.ofFinished}`}
          testId="abandonment-rate"
        />
        {numbers.currencies.length === 0 ? (
          <Tile label={d.acceptedAmount} value={formatAmount(lang, 978, 0)} note={d.noAmount} testId="accepted-none" />
        ) : (
          numbers.currencies.map((c) => (
            <Tile
              key={c.currency}
              label={`${d.acceptedAmount} (${currencyName(c.currency)})`}
              value={formatAmount(lang, c.currency, c.total)}
              testId={`accepted-${c.currency}`}
            />
          ))
        )}
      </dl>
      <p class="help">{d.definitions}</p>
    </section>
  );
}

function Charts({ chrome, numbers, d }: { chrome: Chrome; numbers: DashboardNumbers; d: DashboardTexts }) {
  const { lang } = chrome;
  const { days, totals } = numbers;
  const labels = days.map((x) => formatDay(lang, x.day));
  const first = formatDay(lang, days[0]!.day, true);
  const last = formatDay(lang, days.at(-1)!.day, true);
  const barsDesc = (values: number[], text: (n: number) => string) => {
    const peak = Math.max(...values);
    if (peak <= 0) return d.chartBarsEmpty(days.length, first, last);
    const peakDay = formatDay(lang, days[values.indexOf(peak)]!.day, true);
    const total = values.reduce((a, b) => a + b, 0);
    return d.chartBarsDesc(days.length, first, last, text(total), text(peak), peakDay);
  };
  const payments = days.map((x) => x.payments);
  const count = (n: number) => formatCount(lang, n);
  const percent = (r: number) => formatRate(lang, r, d.noRate);
  return (
    <div class="charts">
      <figure class="chart">
        <figcaption>{d.chartPayments}</figcaption>
        <BarChart
          id="chart-payments"
          title={d.chartPayments}
          desc={barsDesc(payments, (n) => `${count(n)} ${d.payments.toLowerCase()}`)}
          labels={labels}
          values={payments}
          tooltips={days.map((x, i) => d.paymentsOn(labels[i]!, x.payments))}
          tick={(v) => (Number.isInteger(v) ? count(v) : '')}
        />
      </figure>
      {numbers.currencies.map((c) => {
        const name = currencyName(c.currency);
        const money = (minor: number) => formatAmount(lang, c.currency, minor);
        return (
          <figure class="chart" key={c.currency}>
            <figcaption>{d.chartAmount(name)}</figcaption>
            <BarChart
              id={`chart-amount-${c.currency}`}
              title={d.chartAmount(name)}
              desc={barsDesc(c.perDay, money)}
              labels={labels}
              values={c.perDay}
              tooltips={c.perDay.map((v, i) => d.amountOn(labels[i]!, money(v)))}
              tick={(v) => formatAmount(lang, c.currency, v, true)}
              tone="money"
            />
          </figure>
        );
      })}
      <figure class="chart">
        <figcaption>{d.chartRates}</figcaption>
        <RateChart
          id="chart-rates"
          title={d.chartRates}
          desc={d.chartRatesDesc(
            days.length,
            first,
            last,
            formatRate(lang, totals.acceptanceRate, d.noRate),
            formatRate(lang, totals.abandonmentRate, d.noRate),
          )}
          labels={labels}
          percent={percent}
          series={[
            {
              key: 'accepted',
              label: d.acceptanceRate,
              values: days.map((x) => x.acceptanceRate),
              colour: '#1f7a4d',
            },
            {
              key: 'abandoned',
              label: d.abandonmentRate,
              values: days.map((x) => x.abandonmentRate),
              colour: '#b3261e',
            },
          ]}
        />
        <ul class="legend" aria-hidden="true">
          <li>
            <span class="swatch swatch-accepted" /> {d.acceptanceRate}
          </li>
          <li>
            <span class="swatch swatch-abandoned" /> {d.abandonmentRate}
          </li>
        </ul>
      </figure>
    </div>
  );
}

function DayTable({ chrome, numbers, d }: { chrome: Chrome; numbers: DashboardNumbers; d: DashboardTexts }) {
  const { lang } = chrome;
  return (
    <details class="figures" data-testid="figures">
      <summary>{d.tableSummary}</summary>
      <div class="table-wrap">
        <table data-testid="figures-table">
          <thead>
            <tr>
              <th scope="col">{d.day}</th>
              <th scope="col">{d.payments}</th>
              <th scope="col">{d.finished}</th>
              <th scope="col">{d.accepted}</th>
              <th scope="col">{d.abandoned}</th>
              <th scope="col">{d.acceptanceRate}</th>
              <th scope="col">{d.abandonmentRate}</th>
              {numbers.currencies.map((c) => (
                <th scope="col" key={c.currency}>
                  {d.acceptedAmount} ({currencyName(c.currency)})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {numbers.days.map((x, i) => (
              <tr key={x.day} data-day={x.day}>
                <th scope="row">{formatDay(lang, x.day, true)}</th>
                <td>{formatCount(lang, x.payments)}</td>
                <td>{formatCount(lang, x.finished)}</td>
                <td>{formatCount(lang, x.accepted)}</td>
                <td>{formatCount(lang, x.abandoned)}</td>
                <td>{formatRate(lang, x.acceptanceRate, '—')}</td>
                <td>{formatRate(lang, x.abandonmentRate, '—')}</td>
                {numbers.currencies.map((c) => (
                  <td key={c.currency}>{formatAmount(lang, c.currency, c.perDay[i]!)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function Notifications({ chrome, numbers, d }: { chrome: Chrome; numbers: DashboardNumbers; d: DashboardTexts }) {
  const { lang } = chrome;
  const n = numbers.notifications;
  return (
    <section class="card" aria-labelledby="notifications-title" data-testid="glance-notifications">
      <h3 id="notifications-title">{d.notificationsTitle}</h3>
      <dl class="facts">
        <dt>{d.pendingNotifications}</dt>
        <dd data-testid="notifications-pending">{formatCount(lang, n.pending)}</dd>
        <dt>{d.retryingNotifications}</dt>
        <dd data-testid="notifications-retrying">{formatCount(lang, n.retrying)}</dd>
        <dt>{d.abandonedNotifications}</dt>
        <dd data-testid="notifications-abandoned">{formatCount(lang, n.abandoned)}</dd>
      </dl>
      <h4>{d.failedDeliveries}</h4>
      {n.latest.length === 0 ? (
        <p class="muted">{d.noFailedDeliveries}</p>
      ) : (
        <ul class="troubles" data-testid="failed-deliveries">
          {n.latest.map((x) => (
            <li key={x.id}>
              <span class={x.status === 'abandoned' ? 'badge badge-danger' : 'badge badge-warning'}>
                {x.status === 'abandoned' ? d.statusAbandoned : d.statusRetrying}
              </span>{' '}
              {x.type} · {formatDateTime(lang, x.createdAt)} · {d.attempts}: {x.attempts}
              <br />
              <span class="muted">{d.url}:</span> <span class="mono">{x.url}</span>
              {x.lastError && (
                <>
                  <br />
                  <span class="muted">{d.lastError}:</span> {x.lastError}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PartnerErrors({ chrome, numbers, d }: { chrome: Chrome; numbers: DashboardNumbers; d: DashboardTexts }) {
  const { lang } = chrome;
  const p = numbers.partnerErrors;
  return (
    <section class="card" aria-labelledby="partner-title" data-testid="glance-partner">
      <h3 id="partner-title">{d.partnerTitle}</h3>
      <dl class="facts">
        <dt>{d.partnerCalls}</dt>
        <dd data-testid="partner-calls">{formatCount(lang, p.events)}</dd>
        <dt>{d.partnerSessions}</dt>
        <dd data-testid="partner-sessions">{formatCount(lang, p.sessions)}</dd>
        <dt>{d.partnerEnded}</dt>
        <dd data-testid="partner-ended">{formatCount(lang, numbers.totals.partnerErrors)}</dd>
      </dl>
      <h4>{d.latestPartnerErrors}</h4>
      {p.latest.length === 0 ? (
        <p class="muted">{d.noPartnerErrors}</p>
      ) : (
        <ul class="troubles" data-testid="partner-errors">
          {p.latest.map((x, i) => (
            <li key={i}>
              {formatDateTime(lang, x.at)} · {d.steps[x.source] ?? x.source} · {d.error}: {x.error}
              {x.httpStatus !== undefined && ` · ${d.httpStatus} ${x.httpStatus}`}
              {x.partnerCode && ` · ${d.partnerCode} ${x.partnerCode}`}
              <br />
              <span class="muted">{d.orderRef}:</span> <span class="mono">{x.orderRef}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The merchant's home: the period's figures and charts, then what needs looking at. */
export function DashboardPage({
  chrome,
  merchant,
  dashboard,
  sections,
}: {
  chrome: Chrome;
  merchant: Merchant;
  dashboard: MerchantDashboard;
  sections: NavLink[];
}) {
  const { t, lang } = chrome;
  const d = dashboardTexts(lang);
  const { numbers } = dashboard;
  const lastDay = new Date(dashboard.to.getTime() - DAY_MS).toISOString().slice(0, 10);
  const from = formatDay(lang, dashboard.from.toISOString().slice(0, 10), true);
  return (
    <AdminPage chrome={{ ...chrome, current: 'dashboard' }} title={`${t.dashboardTitle} · ${merchant.tradeName}`}>
      {numbers ? (
        <>
          <PeriodSwitch dashboard={dashboard} d={d} />
          <p class="help" data-testid="period-note">
            {d.utcNote(from, formatDay(lang, lastDay, true))}
            {dashboard.limitedToPointsOfSale && ` ${d.managerNote}`}
          </p>
          <Summary chrome={chrome} numbers={numbers} d={d} />
          <Charts chrome={chrome} numbers={numbers} d={d} />
          <DayTable chrome={chrome} numbers={numbers} d={d} />
          <h2>{d.glanceTitle}</h2>
          <div class="glance">
            <Notifications chrome={chrome} numbers={numbers} d={d} />
            <PartnerErrors chrome={chrome} numbers={numbers} d={d} />
          </div>
        </>
      ) : (
        <>
          <p>{d.noFiguresHelp}</p>
          <ul class="sections">
            {sections
              .filter((s) => s.key !== 'dashboard')
              .map((s) => (
                <li key={s.key}>
                  <a href={s.href}>{s.label}</a>
                </li>
              ))}
          </ul>
        </>
      )}
    </AdminPage>
  );
}
