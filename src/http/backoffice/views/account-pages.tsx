import type { BackOfficeUser } from '../../../domain/back-office-user.js';
import type { TotpEnrolment } from '../../../backoffice/my-account.js';
import { QrCode } from '../../views/qr-code.js';
import { formatDateTime } from '../i18n.js';
import { Notice, PostForm, Secret, TextField, type Problems } from './form-kit.js';
import { AdminPage, type Chrome } from './layout.js';

export interface AccountPageProps {
  chrome: Chrome;
  csrf: string;
  user: BackOfficeUser;
  recoveryCodesLeft: number;
  notice?: string | undefined;
  passwordProblems?: Problems | undefined;
  disableProblems?: Problems | undefined;
}

export function AccountPage({
  chrome,
  csrf,
  user,
  recoveryCodesLeft,
  notice,
  passwordProblems,
  disableProblems,
}: AccountPageProps) {
  const { t, lang } = chrome;
  return (
    <AdminPage chrome={{ ...chrome, current: 'my-account' }} title={t.accountTitle}>
      {notice && (
        <Notice kind="success" testId="account-notice">
          <p>{notice}</p>
        </Notice>
      )}
      <dl class="facts">
        <dt>{t.email}</dt>
        <dd data-testid="account-email">{user.email}</dd>
        <dt>{t.displayName}</dt>
        <dd>{user.displayName}</dd>
        <dt>{t.profile}</dt>
        <dd data-testid="account-profile">{t.profiles[user.profile]}</dd>
      </dl>

      <section aria-labelledby="password-title">
        <h2 id="password-title">{t.changePassword}</h2>
        <PostForm action="/admin/account/password" csrf={csrf} class="narrow">
          <input type="text" name="username" value={user.email} autocomplete="username" hidden />
          <TextField
            t={t}
            name="current"
            label={t.currentPassword}
            type="password"
            required
            autocomplete="current-password"
            problems={passwordProblems}
          />
          <TextField
            t={t}
            name="password"
            label={t.newPassword}
            type="password"
            required
            autocomplete="new-password"
            help={t.passwordHelp}
            problems={passwordProblems}
          />
          <TextField
            t={t}
            name="confirm"
            label={t.confirmPassword}
            type="password"
            required
            autocomplete="new-password"
            problems={passwordProblems}
          />
          <button type="submit" data-testid="change-password">
            {t.changePassword}
          </button>
        </PostForm>
      </section>

      <section aria-labelledby="totp-title">
        <h2 id="totp-title">{t.totpTitle}</h2>
        {user.totpEnabledAt ? (
          <>
            <p data-testid="totp-status">{t.totpOn(formatDateTime(lang, user.totpEnabledAt), recoveryCodesLeft)}</p>
            <PostForm action="/admin/account/totp/disable" csrf={csrf} class="narrow">
              <TextField
                t={t}
                name="password"
                label={t.password}
                type="password"
                required
                autocomplete="current-password"
                help={t.totpDisableHelp}
                problems={disableProblems}
              />
              <button type="submit" class="secondary">
                {t.totpDisable}
              </button>
            </PostForm>
          </>
        ) : (
          <>
            <p data-testid="totp-status">{t.totpOff}</p>
            <PostForm action="/admin/account/totp/start" csrf={csrf}>
              <button type="submit" data-testid="totp-start">
                {t.totpStart}
              </button>
            </PostForm>
          </>
        )}
      </section>

      <section aria-labelledby="everywhere-title">
        <h2 id="everywhere-title">{t.signOutEverywhere}</h2>
        <p>{t.signOutEverywhereHelp}</p>
        <PostForm action="/admin/account/sign-out-everywhere" csrf={csrf}>
          <button type="submit" class="danger" data-testid="sign-out-everywhere" data-confirm={t.signOutEverywhereHelp}>
            {t.signOutEverywhere}
          </button>
        </PostForm>
      </section>
    </AdminPage>
  );
}

export function TotpEnrolPage({
  chrome,
  csrf,
  enrolment,
  problems,
}: {
  chrome: Chrome;
  csrf: string;
  enrolment: TotpEnrolment;
  problems?: Problems | undefined;
}) {
  const { t } = chrome;
  return (
    <AdminPage chrome={{ ...chrome, current: 'my-account' }} title={t.totpStart}>
      <p>{t.totpScan}</p>
      <figure class="qr" data-testid="totp-qr">
        <QrCode value={enrolment.uri} />
      </figure>
      <p>
        {t.totpKey}: <code data-testid="totp-secret">{enrolment.secret.replace(/(.{4})(?=.)/g, '$1 ')}</code>
      </p>
      <PostForm action="/admin/account/totp/confirm" csrf={csrf} class="narrow">
        <TextField
          t={t}
          name="code"
          label={t.code}
          required
          autocomplete="one-time-code"
          inputMode="numeric"
          problems={problems}
          maxLength={7}
        />
        <button type="submit" data-testid="totp-confirm">
          {t.totpConfirm}
        </button>
      </PostForm>
      <p>
        <a href="/admin/account">{t.cancel}</a>
      </p>
    </AdminPage>
  );
}

export function RecoveryCodesPage({ chrome, codes }: { chrome: Chrome; codes: string[] }) {
  const { t } = chrome;
  return (
    <AdminPage chrome={{ ...chrome, current: 'my-account' }} title={t.recoveryTitle}>
      <Notice kind="warning">
        <p>{t.recoveryHelp}</p>
      </Notice>
      <ul class="codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <Secret value={code} testId="recovery-code" />
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href="/admin/account" data-testid="recovery-done">
          {t.recoveryDone}
        </a>
      </p>
    </AdminPage>
  );
}
