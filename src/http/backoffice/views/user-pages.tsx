import { MERCHANT_PROFILES, type BackOfficeUser, type Profile } from '../../../domain/back-office-user.js';
import type { PointOfSale } from '../../../domain/merchant.js';
import { merchantPath } from '../nav.js';
import {
  CheckboxField,
  CheckboxGroup,
  Notice,
  PostForm,
  ProblemSummary,
  SelectField,
  TextField,
  type Problems,
  type Values,
} from './form-kit.js';
import { AdminPage, type Chrome } from './layout.js';

const userPath = (merchantId: string, userId?: string) =>
  merchantPath(merchantId, userId ? `users/${encodeURIComponent(userId)}` : 'users');

export function UsersPage({
  chrome,
  merchantId,
  users,
  pointsOfSale,
  me,
}: {
  chrome: Chrome;
  merchantId: string;
  users: BackOfficeUser[];
  pointsOfSale: PointOfSale[];
  me: string;
}) {
  const { t } = chrome;
  const posLabel = (id: string) => pointsOfSale.find((p) => p.id === id)?.label ?? id;
  return (
    <AdminPage chrome={{ ...chrome, current: 'users' }} title={t.usersTitle}>
      <p>
        <a class="button" href={merchantPath(merchantId, 'users/new')} data-testid="new-user">
          {t.newUser}
        </a>
      </p>
      <div class="table-wrap">
        <table data-testid="users">
          <thead>
            <tr>
              <th scope="col">{t.email}</th>
              <th scope="col">{t.displayName}</th>
              <th scope="col">{t.profile}</th>
              <th scope="col">{t.pointsOfSale}</th>
              <th scope="col">{t.totp}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} class={u.disabledAt ? 'disabled' : undefined}>
                <td>
                  {u.id === me ? (
                    <>
                      {u.email} {t.you}
                    </>
                  ) : (
                    <a href={userPath(merchantId, u.id)}>{u.email}</a>
                  )}
                  {u.disabledAt && <span class="badge"> {t.disabled.split(' (')[0]}</span>}
                </td>
                <td>{u.displayName}</td>
                <td>{t.profiles[u.profile]}</td>
                <td>{u.profile === 'pos-manager' ? u.pointOfSaleIds.map(posLabel).join(', ') : '—'}</td>
                <td>{u.totpEnabledAt ? t.yes : t.no}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminPage>
  );
}

export interface UserFormProps {
  chrome: Chrome;
  csrf: string;
  merchantId: string;
  pointsOfSale: PointOfSale[];
  profiles: readonly Profile[];
  user?: BackOfficeUser | undefined;
  values?: Values | undefined;
  problems?: Problems | undefined;
  notice?: string | undefined;
  resetProblems?: Problems | undefined;
}

export function UserFormPage(props: UserFormProps) {
  const { chrome, csrf, merchantId, user, problems } = props;
  const { t } = chrome;
  const values: Values = props.values ?? {
    email: user?.email,
    displayName: user?.displayName,
    profile: user?.profile ?? 'read-only',
    pointOfSaleIds: user?.pointOfSaleIds ?? [],
    disabled: user?.disabledAt ? 'on' : undefined,
  };
  const chosen = values['pointOfSaleIds'];
  const checked = Array.isArray(chosen) ? chosen.map(String) : typeof chosen === 'string' ? [chosen] : [];
  const labels = {
    email: t.email,
    displayName: t.displayName,
    profile: t.profile,
    pointOfSaleIds: t.pointsOfSale,
    password: t.initialPassword,
  };
  return (
    <AdminPage chrome={{ ...chrome, current: 'users' }} title={user ? user.email : t.newUser}>
      {props.notice && (
        <Notice kind="success" testId="saved">
          <p>{props.notice}</p>
        </Notice>
      )}
      <ProblemSummary t={t} problems={problems} labels={labels} />
      <PostForm
        action={user ? userPath(merchantId, user.id) : merchantPath(merchantId, 'users/new')}
        csrf={csrf}
        class="narrow"
        testId="user-form"
      >
        {!user && (
          <TextField
            t={t}
            name="email"
            label={t.email}
            type="email"
            value={values['email']}
            required
            autocomplete="off"
            problems={problems}
            maxLength={254}
          />
        )}
        <TextField
          t={t}
          name="displayName"
          label={t.displayName}
          value={values['displayName']}
          required
          problems={problems}
          maxLength={100}
        />
        <SelectField
          t={t}
          name="profile"
          label={t.profile}
          value={values['profile']}
          required
          problems={problems}
          options={MERCHANT_PROFILES.filter((p) => props.profiles.includes(p)).map((p) => ({
            value: p,
            label: t.profiles[p],
          }))}
        />
        <CheckboxGroup
          t={t}
          name="pointOfSaleIds"
          legend={t.pointsOfSale}
          help={t.pointsOfSaleHelp}
          options={props.pointsOfSale.map((p) => ({ value: p.id, label: p.label }))}
          checked={checked}
          problems={problems}
        />
        {!user && (
          <TextField
            t={t}
            name="password"
            label={t.initialPassword}
            type="password"
            required
            autocomplete="new-password"
            help={t.initialPasswordHelp}
            problems={problems}
          />
        )}
        {user && <CheckboxField t={t} name="disabled" label={t.disabled} checked={values['disabled'] !== undefined} />}
        <button type="submit" data-testid="save-user">
          {user ? t.save : t.create}
        </button>
      </PostForm>
      {user && (
        <section aria-labelledby="reset-title">
          <h2 id="reset-title">{t.resetPassword}</h2>
          <PostForm action={`${userPath(merchantId, user.id)}/password`} csrf={csrf} class="narrow">
            <TextField
              t={t}
              name="password"
              label={t.newPassword}
              type="password"
              required
              autocomplete="new-password"
              help={t.resetPasswordHelp}
              problems={props.resetProblems}
            />
            <button type="submit" class="secondary">
              {t.resetPassword}
            </button>
          </PostForm>
        </section>
      )}
      <p>
        <a href={userPath(merchantId)}>{t.back}</a>
      </p>
    </AdminPage>
  );
}
