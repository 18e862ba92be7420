import type { ConnectionCheckStep, PaymentMethods } from '../../../connectors/partner-port.js';
import { CONTRACT_CURRENCIES, type PaymentMethodView } from '../../../backoffice/payment-methods.js';
import type { SettingsField } from '../../../backoffice/settings-fields.js';
import type { PointOfSale } from '../../../domain/merchant.js';
import { merchantPath } from '../nav.js';
import {
  CheckboxField,
  Notice,
  PostForm,
  ProblemSummary,
  SelectField,
  TextField,
  type Problems,
  type Values,
} from './form-kit.js';
import { AdminPage, type Chrome } from './layout.js';
import { DelayWarnings } from './point-of-sale-pages.js';

const methodPath = (merchantId: string, contractNumber?: string) =>
  merchantPath(
    merchantId,
    contractNumber ? `payment-methods/${encodeURIComponent(contractNumber)}` : 'payment-methods',
  );

export function PaymentMethodsPage({
  chrome,
  merchantId,
  methods,
  canEdit,
}: {
  chrome: Chrome;
  merchantId: string;
  methods: PaymentMethodView[];
  canEdit: boolean;
}) {
  const { t } = chrome;
  return (
    <AdminPage chrome={{ ...chrome, current: 'payment-methods' }} title={t.methodsTitle}>
      {canEdit && (
        <p>
          <a class="button" href={merchantPath(merchantId, 'payment-methods/new')} data-testid="new-method">
            {t.newMethod}
          </a>
        </p>
      )}
      <div class="table-wrap">
        <table data-testid="payment-methods">
          <thead>
            <tr>
              <th scope="col">{t.contractNumber}</th>
              <th scope="col">{t.label}</th>
              <th scope="col">{t.methodType}</th>
              <th scope="col">{t.pointOfSale}</th>
              <th scope="col">{t.status}</th>
            </tr>
          </thead>
          <tbody>
            {methods.map((m) => (
              <tr key={m.contract.contractNumber}>
                <td>
                  <a href={methodPath(merchantId, m.contract.contractNumber)}>{m.contract.contractNumber}</a>
                </td>
                <td>{m.contract.label}</td>
                <td>{m.contract.cardCode}</td>
                <td>
                  {m.pointOfSale?.label}
                  {m.warnings.length > 0 && (
                    <span class="badge badge-warning" data-testid="delay-warning-badge">
                      {' '}
                      ⚠ {t.delayWarning(m.warnings[0]!.method, m.warnings[0]!.requiredMinutes)}
                    </span>
                  )}
                </td>
                <td>{m.contract.active ? t.statusActive : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminPage>
  );
}

export interface PaymentMethodFormProps {
  chrome: Chrome;
  csrf: string;
  merchantId: string;
  pointsOfSale: PointOfSale[];
  paymentMethods: PaymentMethods;
  homologation: boolean;
  canEdit: boolean;
  /** Undefined: a new one. */
  existing?: PaymentMethodView | undefined;
  /** The card code chosen for a new one (its settings fields are shown). */
  cardCode?: string | undefined;
  fields: SettingsField[];
  values?: Values | undefined;
  problems?: Problems | undefined;
  saved?: boolean;
  test?: ConnectionCheckStep[] | undefined;
}

function SettingsFields({
  chrome,
  fields,
  values,
  problems,
  existing,
}: {
  chrome: Chrome;
  fields: SettingsField[];
  values: Values;
  problems?: Problems | undefined;
  existing?: PaymentMethodView | undefined;
}) {
  const { t, lang } = chrome;
  return (
    <>
      {fields.map((f) => {
        const name = `partner.${f.name}`;
        const help = f.secret
          ? existing?.secretsSet.includes(f.name)
            ? t.secretSet
            : t.secretNotSet
          : f.defaultValue
            ? t.defaultValue(f.defaultValue)
            : undefined;
        return (
          <TextField
            key={f.name}
            t={t}
            name={name}
            label={f.title[lang]}
            type={f.secret ? 'password' : 'text'}
            value={f.secret ? undefined : values[name]}
            required={f.required && !existing?.secretsSet.includes(f.name)}
            autocomplete={f.secret ? 'off' : undefined}
            help={help}
            problems={problems}
            placeholder={f.defaultValue}
            maxLength={2000}
          />
        );
      })}
    </>
  );
}

function ConnectionTest({ chrome, steps }: { chrome: Chrome; steps: ConnectionCheckStep[] }) {
  const { t } = chrome;
  const ok = steps.every((s) => s.ok);
  return (
    <Notice kind={ok ? 'success' : 'error'} testId="connection-test">
      <p>
        <strong>{t.testOutcome(ok)}</strong>
      </p>
      <ul>
        {steps.map((s) => (
          <li key={s.name} data-ok={String(s.ok)}>
            {s.ok ? '✔' : '✘'} <code>{s.name}</code>: {s.detail}
          </li>
        ))}
      </ul>
    </Notice>
  );
}

/** "Configuration - Moyens de paiement - {number}": the functional description's screen, field for field. */
export function PaymentMethodFormPage(props: PaymentMethodFormProps) {
  const { chrome, csrf, merchantId, pointsOfSale, existing, problems, fields } = props;
  const { t, lang } = chrome;
  const c = existing?.contract;
  const values: Values = props.values ?? {
    active: c ? (c.active ? 'on' : undefined) : 'on',
    label: c?.label,
    currency: String(c?.currency ?? 978),
    pointOfSaleId: c?.pointOfSaleId,
    description: c?.description,
    contractNumber: c?.contractNumber,
    partnerContractId: c?.partnerContractId,
    tradeName: c?.tradeName,
    cardCode: props.cardCode,
    ...Object.fromEntries(Object.entries(existing?.values ?? {}).map(([k, v]) => [`partner.${k}`, v])),
  };
  const title = c ? t.methodTitle(c.contractNumber) : t.newMethod;
  const labels: Record<string, string> = {
    label: t.label,
    currency: t.currency,
    pointOfSaleId: t.pointOfSale,
    description: t.description,
    contractNumber: t.contractNumber,
    cardCode: t.methodType,
    partnerContractId: t.partnerContractId,
    tradeName: t.contractTradeName,
    ...Object.fromEntries(fields.map((f) => [`partner.${f.name}`, f.title[lang]])),
  };
  const action = c ? methodPath(merchantId, c.contractNumber) : merchantPath(merchantId, 'payment-methods/new');
  if (pointsOfSale.length === 0)
    return (
      <AdminPage chrome={{ ...chrome, current: 'payment-methods' }} title={title}>
        <Notice kind="info">
          <p>
            <a href={merchantPath(merchantId, 'points-of-sale/new')}>{t.noPointOfSale}</a>
          </p>
        </Notice>
      </AdminPage>
    );
  const connectionText = {
    settings: t.connectionSettings,
    simulator: t.connectionSimulator,
    none: t.connectionNone,
  };
  return (
    <AdminPage chrome={{ ...chrome, current: 'payment-methods' }} title={title}>
      {props.saved && (
        <Notice kind="success" testId="saved">
          <p>{t.saved}</p>
        </Notice>
      )}
      {props.test && <ConnectionTest chrome={chrome} steps={props.test} />}
      {existing && (
        <DelayWarnings
          chrome={chrome}
          warnings={existing.warnings}
          fix={
            existing.pointOfSale && {
              href: merchantPath(merchantId, `points-of-sale/${encodeURIComponent(existing.pointOfSale.id)}`),
              label: t.editPointOfSale,
            }
          }
        />
      )}
      <ProblemSummary t={t} problems={problems} labels={labels} />
      <PostForm action={action} csrf={csrf} testId="method-form">
        <fieldset class="panel" disabled={!props.canEdit}>
          <legend>{t.informations}</legend>
          <div class="grid">
            <CheckboxField
              t={t}
              name="active"
              label={t.statusCheckbox}
              checked={values['active'] !== undefined && values['active'] !== ''}
              problems={problems}
            />
            <TextField t={t} name="label" label={t.label} value={values['label']} problems={problems} maxLength={100} />
            {c ? (
              <div class="field">
                <span class="label">{t.methodType}</span>
                <p class="value" data-testid="method-type">
                  <strong>{c.cardCode}</strong>
                </p>
              </div>
            ) : (
              <SelectField
                t={t}
                name="cardCode"
                label={t.methodType}
                value={values['cardCode']}
                required
                problems={problems}
                options={props.paymentMethods.cardCodes.map((code) => ({
                  value: code,
                  label: `${code} (${props.paymentMethods.byCardCode(code)?.displayName ?? code})`,
                }))}
              />
            )}
            <SelectField
              t={t}
              name="currency"
              label={t.currency}
              value={values['currency']}
              required
              problems={problems}
              options={CONTRACT_CURRENCIES.map((cur) => ({
                value: String(cur.code),
                label: `${cur.name} (${cur.code})`,
              }))}
            />
            <SelectField
              t={t}
              name="pointOfSaleId"
              label={t.pointOfSale}
              value={values['pointOfSaleId']}
              required
              problems={problems}
              options={pointsOfSale.map((p) => ({ value: p.id, label: p.label }))}
            />
            <TextField
              t={t}
              name="description"
              label={t.description}
              value={values['description']}
              problems={problems}
              maxLength={200}
            />
            {c ? (
              <div class="field">
                <span class="label">{t.contractNumber}</span>
                <p class="value" data-testid="contract-number">
                  {c.contractNumber}
                </p>
              </div>
            ) : (
              <TextField
                t={t}
                name="contractNumber"
                label={t.contractNumber}
                value={values['contractNumber']}
                required
                problems={problems}
                maxLength={64}
              />
            )}
          </div>
        </fieldset>
        <fieldset class="panel" disabled={!props.canEdit}>
          <legend>{t.specific}</legend>
          <div class="grid">
            <TextField
              t={t}
              name="partnerContractId"
              label={t.partnerContractId}
              value={values['partnerContractId']}
              required
              problems={problems}
              maxLength={100}
            />
            <TextField
              t={t}
              name="tradeName"
              label={t.contractTradeName}
              value={values['tradeName']}
              help={t.contractTradeNameHelp}
              problems={problems}
              maxLength={100}
            />
          </div>
          {existing && (
            <dl class="facts">
              <dt>{t.connection}</dt>
              <dd data-testid="partner-connection">{connectionText[existing.connection]}</dd>
            </dl>
          )}
          {props.homologation && (
            <CheckboxField
              t={t}
              name="useSimulator"
              label={t.useSimulator}
              checked={props.values ? props.values['useSimulator'] !== undefined : existing?.connection === 'simulator'}
            />
          )}
          <div class="grid">
            <SettingsFields chrome={chrome} fields={fields} values={values} problems={problems} existing={existing} />
          </div>
        </fieldset>
        {props.canEdit && (
          <button type="submit" data-testid="save-method">
            {c ? t.save : t.create}
          </button>
        )}
      </PostForm>
      {c && props.canEdit && (
        <PostForm action={`${methodPath(merchantId, c.contractNumber)}/test`} csrf={csrf} class="actions">
          <button type="submit" class="secondary" data-testid="test-connection">
            {t.testConnection}
          </button>
        </PostForm>
      )}
      <p>
        <a href={methodPath(merchantId)}>{t.back}</a>
      </p>
    </AdminPage>
  );
}
