import { z } from 'zod';
import { hashPassword } from '../security/password-hash.js';
import { base32Decode, base32Encode, matchTotp, totpUri } from '../security/totp.js';
import type { Actor } from './actor.js';
import { auditedChange } from './audit.js';
import type { BackOfficeDeps } from './deps.js';
import { FormRejected, rejectField } from './errors.js';
import { parseForm } from './form-input.js';
import { newPassword, passwordIsEmail } from './passwords.js';
import { checkPasswordAgain, hashRecoveryCode } from './sign-in.js';

type AccountDeps = Pick<BackOfficeDeps, 'users' | 'atomically' | 'clock' | 'boIds' | 'secrets' | 'log'>;

export const RECOVERY_CODE_COUNT = 10;
export const TOTP_ISSUER = 'Passerelle';

async function requirePassword(deps: AccountDeps, actor: Actor, password: string, field: string) {
  const outcome = await checkPasswordAgain(deps, actor.user, password, actor.address);
  if (outcome === 'locked') {
    // Someone is trying passwords with a session of the user's: the lock ends all of them.
    await deps.atomically((tx) => tx.sessions.deleteOfUser(actor.user.id));
    rejectField(field, 'account-locked');
  }
  if (outcome === 'wrong') rejectField(field, 'password-wrong');
}

/**
 * The user's own password. The current one is asked; every other session of the user ends (a
 * password changed because it leaked must shut the door it opened).
 */
export async function changePassword(deps: AccountDeps, actor: Actor, currentSessionHash: string, form: unknown) {
  const input = parseForm(
    z.object({ current: z.string({ error: 'required' }), password: newPassword, confirm: z.string().default('') }),
    form,
  );
  if (input.password !== input.confirm) rejectField('confirm', 'password-mismatch');
  if (passwordIsEmail(input.password, actor.user.email)) rejectField('password', 'password-same-as-email');
  await requirePassword(deps, actor, input.current, 'current');
  const passwordHash = await hashPassword(input.password); // before the transaction: it takes a while
  await auditedChange(
    deps,
    actor,
    async (tx) => {
      await tx.users.setPassword(actor.user.id, passwordHash);
      return tx.sessions.deleteOfUser(actor.user.id, currentSessionHash);
    },
    (ended) => ({
      action: 'user.password-change',
      merchantId: actor.user.merchantId,
      target: actor.user.email,
      after: { otherSessionsEnded: ended },
    }),
  );
}

/** Ends every session of the user, this one included. */
export async function signOutEverywhere(deps: AccountDeps, actor: Actor) {
  await auditedChange(
    deps,
    actor,
    (tx) => tx.sessions.deleteOfUser(actor.user.id),
    (ended) => ({
      action: 'user.sign-out-everywhere',
      merchantId: actor.user.merchantId,
      target: actor.user.email,
      after: { sessionsEnded: ended },
    }),
  );
}

export interface TotpEnrolment {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** The otpauth:// URI the QR code carries. */
  uri: string;
}

/** Starts (or restarts) enrolling a second factor: a new secret, kept sealed until a code confirms it. */
export async function startTotpEnrolment(deps: AccountDeps, actor: Actor): Promise<void> {
  await deps.users.setPendingTotp(actor.user.id, deps.secrets.seal(base32Encode(deps.boIds.totpSecret())));
}

/** The secret being enrolled, to show to its owner (only while it is pending). */
export async function pendingTotpEnrolment(deps: AccountDeps, actor: Actor): Promise<TotpEnrolment | undefined> {
  const sealed = (await deps.users.credentials(actor.user.id))?.totpPendingSealed;
  if (!sealed) return undefined;
  const secret = deps.secrets.open(sealed);
  return { secret, uri: totpUri(base32Decode(secret), TOTP_ISSUER, actor.user.email) };
}

/**
 * The first code from the app confirms the pending secret: the second factor is on, and the
 * recovery codes are returned, once (only their hashes are kept).
 */
export async function confirmTotpEnrolment(deps: AccountDeps, actor: Actor, form: unknown): Promise<string[]> {
  const { code } = parseForm(z.object({ code: z.string({ error: 'required' }).trim().min(1, 'required') }), form);
  const sealed = (await deps.users.credentials(actor.user.id))?.totpPendingSealed;
  if (!sealed) throw new FormRejected({ code: { code: 'invalid' } });
  const now = deps.clock.now();
  const step = matchTotp(base32Decode(deps.secrets.open(sealed)), code, now);
  if (step === undefined) rejectField('code', 'code-wrong');
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => deps.boIds.recoveryCode());
  await auditedChange(
    deps,
    actor,
    (tx) => tx.users.enableTotp(actor.user.id, sealed, step!, codes.map(hashRecoveryCode), now),
    {
      action: 'user.totp-enable',
      merchantId: actor.user.merchantId,
      target: actor.user.email,
      after: { recoveryCodes: codes.length },
    },
  );
  return codes;
}

/** Turns the second factor off; the password is asked again. */
export async function disableTotp(deps: AccountDeps, actor: Actor, form: unknown) {
  const { password } = parseForm(z.object({ password: z.string({ error: 'required' }) }), form);
  await requirePassword(deps, actor, password, 'password');
  await auditedChange(deps, actor, (tx) => tx.users.disableTotp(actor.user.id), {
    action: 'user.totp-disable',
    merchantId: actor.user.merchantId,
    target: actor.user.email,
  });
}

export async function recoveryCodesLeft(deps: AccountDeps, actor: Actor) {
  return deps.users.unusedRecoveryCodes(actor.user.id);
}
