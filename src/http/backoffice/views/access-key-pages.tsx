import type { AccessKeyInfo } from '../../../domain/merchant.js';
import { formatDateTime } from '../i18n.js';
import { merchantPath } from '../nav.js';
import { Notice, PostForm, ProblemSummary, Secret, TextField, type Problems, type Values } from './form-kit.js';
import { AdminPage, type Chrome } from './layout.js';

export function AccessKeysPage({
  chrome,
  csrf,
  merchantId,
  keys,
  created,
  values = {},
  problems,
}: {
  chrome: Chrome;
  csrf: string;
  merchantId: string;
  keys: AccessKeyInfo[];
  /** The key just created, shown this once. */
  created?: { id: string; accessKey: string } | undefined;
  values?: Values;
  problems?: Problems | undefined;
}) {
  const { t, lang } = chrome;
  const path = (p: string) => merchantPath(merchantId, `access-keys${p}`);
  return (
    <AdminPage chrome={{ ...chrome, current: 'keys' }} title={t.keysTitle}>
      <p>{t.keysHelp}</p>
      {created && (
        <Notice kind="warning" testId="key-created">
          <p>{t.keyShownOnce}</p>
          <Secret value={created.accessKey} testId="created-access-key" />
        </Notice>
      )}
      <div class="table-wrap">
        <table data-testid="access-keys">
          <thead>
            <tr>
              <th scope="col">{t.label}</th>
              <th scope="col">{t.createdAt}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.actions}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-key-id={k.id}>
                <td>
                  <PostForm action={path('/label')} csrf={csrf} class="inline-form">
                    <input type="hidden" name="keyId" value={k.id} />
                    <label class="visually-hidden" for={`label-${k.id}`}>
                      {t.label}
                    </label>
                    <input id={`label-${k.id}`} name="label" value={k.label} maxlength={100} required />
                    <button type="submit" class="secondary">
                      {t.rename}
                    </button>
                  </PostForm>
                </td>
                <td>{formatDateTime(lang, k.createdAt)}</td>
                <td>{k.revokedAt ? `${t.revoked} ${formatDateTime(lang, k.revokedAt)}` : t.active}</td>
                <td>
                  {!k.revokedAt && (
                    <PostForm action={path('/revoke')} csrf={csrf}>
                      <input type="hidden" name="keyId" value={k.id} />
                      <button
                        type="submit"
                        class="danger"
                        data-testid="revoke-key"
                        data-confirm={`${t.revoke}: ${k.label}?`}
                      >
                        {t.revoke}
                      </button>
                    </PostForm>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="new-key">
        <h2 id="new-key">{t.newKey}</h2>
        <ProblemSummary t={t} problems={problems} labels={{ label: t.label }} />
        <PostForm action={path('')} csrf={csrf} class="narrow">
          <TextField
            t={t}
            name="label"
            label={t.label}
            value={values['label']}
            required
            problems={problems}
            maxLength={100}
          />
          <button type="submit" data-testid="create-key">
            {t.create}
          </button>
        </PostForm>
      </section>
    </AdminPage>
  );
}
