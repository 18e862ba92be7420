import type { SigningStatus } from '../../../backoffice/webhook-secrets.js';
import { formatDateTime } from '../i18n.js';
import { merchantPath } from '../nav.js';
import { notificationTexts } from '../notification-texts.js';
import { Notice, PostForm, Secret } from './form-kit.js';
import type { Chrome } from './layout.js';

/** A secret just created or rotated: shown in this answer only. */
export interface IssuedSecret {
  secret: string;
  rotated: boolean;
}

export interface SigningView {
  status: SigningStatus;
  issued?: IssuedSecret | undefined;
}

/** The point of sale's notification signature: on or off, and the buttons to create, rotate or drop its secret. */
export function WebhookSecretSection({
  chrome,
  csrf,
  merchantId,
  pointOfSaleId,
  signing: { status, issued },
}: {
  chrome: Chrome;
  csrf: string;
  merchantId: string;
  pointOfSaleId: string;
  signing: SigningView;
}) {
  const { lang } = chrome;
  const n = notificationTexts(lang);
  const action = merchantPath(merchantId, `points-of-sale/${encodeURIComponent(pointOfSaleId)}/signing-secret`);
  return (
    <section class="card narrow signing" aria-labelledby="signing" data-testid="signing">
      <h2 id="signing">{n.signingTitle}</h2>
      <p class="help">{n.signingHelp}</p>
      {issued && (
        <Notice kind="success" testId="signing-secret-issued">
          <p>{issued.rotated ? n.rotatedSecret : n.newSecret}</p>
          <Secret value={issued.secret} testId="signing-secret" />
        </Notice>
      )}
      <p data-testid="signing-status">
        {status.signing && status.since ? n.signingOn(formatDateTime(lang, status.since)) : n.signingOff}
        {status.previousUntil && <> {n.previousStill(formatDateTime(lang, status.previousUntil))}</>}
      </p>
      <div class="actions">
        <PostForm action={action} csrf={csrf} class="inline" testId="issue-signing-secret">
          <button type="submit">{status.signing ? n.rotateSecret : n.createSecret}</button>
        </PostForm>
        {status.signing && (
          <PostForm action={`${action}/remove`} csrf={csrf} class="inline" testId="remove-signing-secret">
            <button type="submit" class="danger">
              {n.removeSecret}
            </button>
          </PostForm>
        )}
      </div>
    </section>
  );
}
