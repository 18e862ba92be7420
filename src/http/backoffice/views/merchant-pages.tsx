import type { Merchant } from '../../../domain/merchant.js';
import { formatDateTime } from '../i18n.js';
import { merchantPath } from '../nav.js';
import { Notice, PostForm, ProblemSummary, Secret, TextField, type Problems, type Values } from './form-kit.js';
import { AdminPage, type Chrome } from './layout.js';

export function MerchantsPage({ chrome, merchants }: { chrome: Chrome; merchants: Merchant[] }) {
  const { t, lang } = chrome;
  return (
    <AdminPage chrome={{ ...chrome, current: 'merchants' }} title={t.merchantsTitle}>
      <p>
        <a class="button" href="/admin/merchants/new" data-testid="new-merchant">
          {t.newMerchant}
        </a>
      </p>
      <div class="table-wrap">
        <table data-testid="merchants">
          <thead>
            <tr>
              <th scope="col">{t.merchantId}</th>
              <th scope="col">{t.companyName}</th>
              <th scope="col">{t.tradeName}</th>
              <th scope="col">{t.createdAt}</th>
            </tr>
          </thead>
          <tbody>
            {merchants.map((m) => (
              <tr key={m.id}>
                <td>
                  <a href={merchantPath(m.id)}>{m.id}</a>
                  {m.demo && <span class="badge"> {t.demo}</span>}
                </td>
                <td>{m.companyName}</td>
                <td>{m.tradeName}</td>
                <td>{formatDateTime(lang, m.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminPage>
  );
}

function AccountFields({
  chrome,
  values,
  problems,
}: {
  chrome: Chrome;
  values: Values;
  problems?: Problems | undefined;
}) {
  const { t } = chrome;
  return (
    <>
      <TextField
        t={t}
        name="companyName"
        label={t.companyName}
        value={values['companyName']}
        required
        problems={problems}
        maxLength={200}
      />
      <TextField
        t={t}
        name="tradeName"
        label={t.tradeName}
        value={values['tradeName']}
        required
        help={t.merchantTradeNameHelp}
        problems={problems}
        maxLength={200}
      />
    </>
  );
}

export function NewMerchantPage({
  chrome,
  csrf,
  values = {},
  problems,
}: {
  chrome: Chrome;
  csrf: string;
  values?: Values;
  problems?: Problems | undefined;
}) {
  const { t } = chrome;
  return (
    <AdminPage chrome={{ ...chrome, current: 'merchants' }} title={t.newMerchant}>
      <ProblemSummary
        t={t}
        problems={problems}
        labels={{ id: t.merchantId, companyName: t.companyName, tradeName: t.tradeName }}
      />
      <PostForm action="/admin/merchants/new" csrf={csrf} class="narrow">
        <TextField
          t={t}
          name="id"
          label={t.merchantId}
          value={values['id']}
          help={t.merchantIdHelp}
          problems={problems}
          maxLength={64}
        />
        <AccountFields chrome={chrome} values={values} problems={problems} />
        <button type="submit" data-testid="create-merchant">
          {t.create}
        </button>
      </PostForm>
    </AdminPage>
  );
}

export function MerchantCreatedPage({
  chrome,
  merchant,
  accessKey,
}: {
  chrome: Chrome;
  merchant: Merchant;
  accessKey: string;
}) {
  const { t } = chrome;
  return (
    <AdminPage chrome={{ ...chrome, current: 'merchants' }} title={merchant.tradeName}>
      <Notice kind="warning">
        <p>{t.merchantCreated}</p>
      </Notice>
      <dl class="facts">
        <dt>{t.merchantId}</dt>
        <dd data-testid="created-merchant-id">{merchant.id}</dd>
        <dt>{t.accessKey}</dt>
        <dd>
          <Secret value={accessKey} testId="created-access-key" />
        </dd>
      </dl>
      <p>
        <a class="button" href={merchantPath(merchant.id)}>
          {t.navDashboard}
        </a>
      </p>
    </AdminPage>
  );
}

/** The merchant's home: a placeholder for the dashboard, linking to the sections. */
export function MerchantAccountPage({
  chrome,
  csrf,
  merchant,
  editable,
  values,
  problems,
  saved,
}: {
  chrome: Chrome;
  csrf: string;
  merchant: Merchant;
  editable: boolean;
  values?: Values | undefined;
  problems?: Problems | undefined;
  saved?: boolean;
}) {
  const { t, lang } = chrome;
  const shown: Values = values ?? { companyName: merchant.companyName, tradeName: merchant.tradeName };
  return (
    <AdminPage chrome={{ ...chrome, current: 'account' }} title={t.accountTitleMerchant}>
      {saved && (
        <Notice kind="success" testId="saved">
          <p>{t.saved}</p>
        </Notice>
      )}
      <dl class="facts">
        <dt>{t.merchantId}</dt>
        <dd>{merchant.id}</dd>
        <dt>{t.createdAt}</dt>
        <dd>{formatDateTime(lang, merchant.createdAt)}</dd>
      </dl>
      {editable ? (
        <>
          <ProblemSummary t={t} problems={problems} labels={{ companyName: t.companyName, tradeName: t.tradeName }} />
          <PostForm action={merchantPath(merchant.id, 'account')} csrf={csrf} class="narrow">
            <AccountFields chrome={chrome} values={shown} problems={problems} />
            <button type="submit" data-testid="save-account">
              {t.save}
            </button>
          </PostForm>
        </>
      ) : (
        <dl class="facts">
          <dt>{t.companyName}</dt>
          <dd>{merchant.companyName}</dd>
          <dt>{t.tradeName}</dt>
          <dd>{merchant.tradeName}</dd>
        </dl>
      )}
    </AdminPage>
  );
}
