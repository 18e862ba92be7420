import type { Chrome } from './layout.js';
import { AdminPage } from './layout.js';
import { Notice, PostForm, TextField } from './form-kit.js';

export function SignInPage({
  chrome,
  csrf,
  email,
  next,
  message,
}: {
  chrome: Chrome;
  csrf: string;
  email?: string | undefined;
  next?: string | undefined;
  message?: { kind: 'info' | 'error'; text: string } | undefined;
}) {
  const { t } = chrome;
  const action = next ? `/admin/sign-in?next=${encodeURIComponent(next)}` : '/admin/sign-in';
  return (
    <AdminPage chrome={chrome} title={t.signInTitle}>
      {message && (
        <Notice kind={message.kind} testId="sign-in-message">
          <p>{message.text}</p>
        </Notice>
      )}
      <PostForm action={action} csrf={csrf} class="narrow" testId="sign-in-form">
        <TextField t={t} name="email" label={t.email} type="email" value={email} required autocomplete="username" />
        <TextField t={t} name="password" label={t.password} type="password" required autocomplete="current-password" />
        <button type="submit" data-testid="sign-in">
          {t.signIn}
        </button>
      </PostForm>
    </AdminPage>
  );
}

export function SecondFactorPage({ chrome, csrf, wrong }: { chrome: Chrome; csrf: string; wrong?: boolean }) {
  const { t } = chrome;
  return (
    <AdminPage chrome={chrome} title={t.secondFactorTitle}>
      {wrong && (
        <Notice kind="error" testId="second-factor-message">
          <p>{t.wrongCode}</p>
        </Notice>
      )}
      <PostForm action="/admin/sign-in/code" csrf={csrf} class="narrow">
        <TextField
          t={t}
          name="code"
          label={t.code}
          help={t.secondFactorHelp}
          required
          autocomplete="one-time-code"
          maxLength={64}
        />
        <button type="submit" data-testid="verify-code">
          {t.verify}
        </button>
      </PostForm>
      <p>
        <a href="/admin/sign-in">{t.back}</a>
      </p>
    </AdminPage>
  );
}
