import type { DelayWarning, PointOfSaleView } from '../../../backoffice/points-of-sale.js';
import type { PointOfSale } from '../../../domain/merchant.js';
import { merchantPath } from '../nav.js';
import { Notice, PostForm, ProblemSummary, TextField, type Problems, type Values } from './form-kit.js';
import { AdminPage, type Chrome } from './layout.js';
import { WebhookSecretSection, type SigningView } from './webhook-secret-section.js';

/** The point of sale's delay is not the one a payment method it offers requires: what, and why. */
export function DelayWarnings({
  chrome,
  warnings,
  fix,
}: {
  chrome: Chrome;
  warnings: readonly DelayWarning[];
  /** Where the delay is changed, when not on this page. */
  fix?: { href: string; label: string } | undefined;
}) {
  const { t } = chrome;
  if (warnings.length === 0) return null;
  return (
    <Notice kind="warning" testId="delay-warning">
      {warnings.map((w) => (
        <p key={w.method}>
          <strong>⚠ {t.delayWarning(w.method, w.requiredMinutes)}</strong> {t.delayWhy}
        </p>
      ))}
      {fix && (
        <p>
          <a href={fix.href}>{fix.label}</a>
        </p>
      )}
    </Notice>
  );
}

export function PointsOfSalePage({
  chrome,
  merchantId,
  pointsOfSale,
  canEdit,
  canCreate,
}: {
  chrome: Chrome;
  merchantId: string;
  pointsOfSale: PointOfSaleView[];
  canEdit: boolean;
  canCreate: boolean;
}) {
  const { t } = chrome;
  return (
    <AdminPage chrome={{ ...chrome, current: 'points-of-sale' }} title={t.posTitle}>
      {canCreate && (
        <p>
          <a class="button" href={merchantPath(merchantId, 'points-of-sale/new')} data-testid="new-pos">
            {t.newPos}
          </a>
        </p>
      )}
      {pointsOfSale.map(({ pointOfSale: p, contracts, warnings }) => (
        <section class="card" key={p.id} aria-labelledby={`pos-${p.id}`} data-testid="pos">
          <h2 id={`pos-${p.id}`}>{p.label}</h2>
          <DelayWarnings chrome={chrome} warnings={warnings} />
          <dl class="facts">
            <dt>{t.paymentDelay}</dt>
            <dd data-testid="pos-delay">{p.paymentDelayMinutes}</dd>
            <dt>{t.notificationUrl}</dt>
            <dd>{p.notificationUrl ?? t.none}</dd>
            <dt>{t.contracts}</dt>
            <dd>
              {contracts.length === 0
                ? t.none
                : contracts.map((c, i) => (
                    <span key={c.contractNumber}>
                      {i > 0 && ', '}
                      <a href={merchantPath(merchantId, `payment-methods/${encodeURIComponent(c.contractNumber)}`)}>
                        {c.contractNumber}
                      </a>{' '}
                      ({c.cardCode})
                    </span>
                  ))}
            </dd>
          </dl>
          {canEdit && (
            <p>
              <a href={merchantPath(merchantId, `points-of-sale/${encodeURIComponent(p.id)}`)} data-testid="edit-pos">
                {t.edit}
                <span class="visually-hidden"> {p.label}</span>
              </a>
            </p>
          )}
        </section>
      ))}
    </AdminPage>
  );
}

export function PointOfSaleFormPage({
  chrome,
  csrf,
  merchantId,
  pointOfSale,
  warnings = [],
  values,
  problems,
  saved,
  signing,
}: {
  chrome: Chrome;
  csrf: string;
  merchantId: string;
  /** Its notification signature (an existing point of sale). */
  signing?: SigningView | undefined;
  /** Undefined: a new one. */
  pointOfSale?: PointOfSale | undefined;
  warnings?: readonly DelayWarning[];
  values?: Values | undefined;
  problems?: Problems | undefined;
  saved?: boolean;
}) {
  const { t } = chrome;
  const shown: Values = values ?? {
    label: pointOfSale?.label,
    paymentDelayMinutes: pointOfSale?.paymentDelayMinutes ?? 61,
    notificationUrl: pointOfSale?.notificationUrl,
  };
  const action = merchantPath(
    merchantId,
    pointOfSale ? `points-of-sale/${encodeURIComponent(pointOfSale.id)}` : 'points-of-sale/new',
  );
  return (
    <AdminPage chrome={{ ...chrome, current: 'points-of-sale' }} title={pointOfSale ? pointOfSale.label : t.newPos}>
      {saved && (
        <Notice kind="success" testId="saved">
          <p>{t.saved}</p>
        </Notice>
      )}
      <DelayWarnings chrome={chrome} warnings={warnings} />
      <ProblemSummary
        t={t}
        problems={problems}
        labels={{ label: t.label, paymentDelayMinutes: t.paymentDelay, notificationUrl: t.notificationUrl }}
      />
      <PostForm action={action} csrf={csrf} class="narrow" testId="pos-form">
        <TextField
          t={t}
          name="label"
          label={t.label}
          value={shown['label']}
          required
          problems={problems}
          maxLength={100}
        />
        <TextField
          t={t}
          name="paymentDelayMinutes"
          label={t.paymentDelay}
          value={shown['paymentDelayMinutes']}
          required
          inputMode="numeric"
          help={t.paymentDelayHelp}
          problems={problems}
          maxLength={5}
        />
        <TextField
          t={t}
          name="notificationUrl"
          label={t.notificationUrl}
          type="url"
          value={shown['notificationUrl']}
          help={t.notificationUrlHelp}
          problems={problems}
          maxLength={2000}
        />
        <button type="submit" data-testid="save-pos">
          {pointOfSale ? t.save : t.create}
        </button>
      </PostForm>
      {pointOfSale && signing && (
        <WebhookSecretSection
          chrome={chrome}
          csrf={csrf}
          merchantId={merchantId}
          pointOfSaleId={pointOfSale.id}
          signing={signing}
        />
      )}
      <p>
        <a href={merchantPath(merchantId, 'points-of-sale')}>{t.back}</a>
      </p>
    </AdminPage>
  );
}
