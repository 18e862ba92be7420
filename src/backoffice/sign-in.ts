import { createHash } from 'node:crypto';
import { LOCK_OUT, SECOND_FACTOR_ATTEMPTS, type BackOfficeUser } from '../domain/back-office-user.js';
import { decoyPasswordHash, MAX_PASSWORD_LENGTH, verifyPassword } from '../security/password-hash.js';
import { base32Decode, matchTotp } from '../security/totp.js';
import { recordChange } from './audit.js';
import type { BackOfficeDeps } from './deps.js';
import { endSession, hashSessionId, openSession, sessionIsOver } from './sessions.js';

type SignInDeps = Pick<BackOfficeDeps, 'users' | 'sessions' | 'atomically' | 'clock' | 'boIds' | 'secrets' | 'log'>;

export type SignInOutcome =
  /** `sessionId` is the cookie to set (a new one). */
  | { kind: 'signed-in'; sessionId: string; user: BackOfficeUser }
  /** The password was right; the second factor is due on this new, short session. */
  | { kind: 'second-factor'; sessionId: string }
  /** Wrong e-mail or password (which one is not told). */
  | { kind: 'refused' }
  | { kind: 'locked'; until: Date };

const MINUTE = 60_000;
const LOCK_RULE = {
  limit: LOCK_OUT.failures,
  windowMs: LOCK_OUT.windowMinutes * MINUTE,
  lockMs: LOCK_OUT.lockMinutes * MINUTE,
};

/** Recovery codes are 79-bit random values: a SHA-256 of the normalised code is enough. */
export const hashRecoveryCode = (code: string) =>
  createHash('sha256').update(code.trim().toLowerCase().replace(/\s+/g, ''), 'utf8').digest('hex');

/** The lock and its audit entry are one transaction, like every change (src/backoffice/audit.ts). */
async function countFailure(
  deps: Pick<SignInDeps, 'atomically' | 'clock' | 'log'>,
  user: BackOfficeUser,
  address: string | undefined,
) {
  const lockedUntil = await deps.atomically(async (tx) => {
    const { lockedUntil } = await tx.users.recordFailure(user.id, deps.clock.now(), LOCK_RULE);
    if (lockedUntil)
      await recordChange(
        { audit: tx.audit, clock: deps.clock },
        { actor: { kind: 'user', userId: user.id, email: user.email }, address },
        { action: 'user.locked', merchantId: user.merchantId, target: user.email, after: { lockedUntil } },
      );
    return lockedUntil;
  });
  if (lockedUntil) deps.log.warn({ userId: user.id, until: lockedUntil.toISOString() }, 'back-office account locked');
  return lockedUntil;
}

async function signedIn(
  deps: SignInDeps,
  user: BackOfficeUser,
  address: string | undefined,
  method: string,
): Promise<{ kind: 'signed-in'; sessionId: string; user: BackOfficeUser } | { kind: 'locked'; until: Date }> {
  return deps.atomically(async (tx) => {
    // Checked again as the count is cleared: guesses sent along with this one may have locked the account.
    const { lockedUntil } = await tx.users.clearFailuresUnlessLocked(user.id, deps.clock.now());
    if (lockedUntil) return { kind: 'locked', until: lockedUntil };
    const { id } = await openSession({ ...deps, sessions: tx.sessions }, user.id, 'active', address);
    await recordChange(
      { audit: tx.audit, clock: deps.clock },
      { actor: { kind: 'user', userId: user.id, email: user.email }, address },
      { action: 'user.sign-in', merchantId: user.merchantId, target: user.email, after: { method } },
    );
    return { kind: 'signed-in', sessionId: id, user };
  });
}

/**
 * E-mail and password. Whatever session the browser had ends here and the result is a new one
 * (no session fixation). An unknown e-mail takes as long as a known one, and is answered alike.
 */
export async function signIn(
  deps: SignInDeps,
  input: { email: string; password: string; address?: string | undefined; previousSessionId?: string | undefined },
): Promise<SignInOutcome> {
  await endSession(deps, input.previousSessionId);
  const email = input.email.trim().toLowerCase();
  const found = email.length <= 320 && !email.includes('\0') ? await deps.users.findByEmail(email) : undefined;
  const password = input.password.length <= MAX_PASSWORD_LENGTH ? input.password : '';
  if (!found || found.user.disabledAt) {
    await verifyPassword(password, await decoyPasswordHash);
    return { kind: 'refused' };
  }
  const { user, credentials } = found;
  const now = deps.clock.now();
  // A locked account stays locked even to the right password: the lock is what stops guessing.
  if (credentials.lockedUntil && credentials.lockedUntil > now)
    return { kind: 'locked', until: credentials.lockedUntil };
  const right = await verifyPassword(password, credentials.passwordHash);
  // Guesses sent all at once all passed the check above before any was counted: once the slow
  // hash is done the lock is read again, so those still in flight when it is set are refused.
  const lockedMeanwhile = (await deps.users.credentials(user.id))?.lockedUntil;
  if (lockedMeanwhile && lockedMeanwhile > deps.clock.now()) return { kind: 'locked', until: lockedMeanwhile };
  if (!right) {
    const lockedUntil = await countFailure(deps, user, input.address);
    return lockedUntil ? { kind: 'locked', until: lockedUntil } : { kind: 'refused' };
  }
  if (user.totpEnabledAt && credentials.totpSecretSealed) {
    const { id } = await openSession(deps, user.id, 'second-factor', input.address);
    return { kind: 'second-factor', sessionId: id };
  }
  return signedIn(deps, user, input.address, 'password');
}

/**
 * A password asked again while signed in (to change it, to turn the second factor off). Wrong
 * ones count for the lock-out as at sign-in: else whoever holds a session could try passwords
 * freely. A locked account is refused even the right one.
 */
export async function checkPasswordAgain(
  deps: Pick<SignInDeps, 'users' | 'atomically' | 'clock' | 'log'>,
  user: BackOfficeUser,
  password: string,
  address: string | undefined,
): Promise<'right' | 'wrong' | 'locked'> {
  const isLocked = async () => {
    const until = (await deps.users.credentials(user.id))?.lockedUntil;
    return until !== undefined && until > deps.clock.now();
  };
  const credentials = await deps.users.credentials(user.id);
  if (!credentials || (await isLocked())) return credentials ? 'locked' : 'wrong';
  const right = await verifyPassword(password.slice(0, MAX_PASSWORD_LENGTH), credentials.passwordHash);
  if (await isLocked()) return 'locked';
  if (right) return 'right';
  return (await countFailure(deps, user, address)) ? 'locked' : 'wrong';
}

export type SecondFactorOutcome =
  | { kind: 'signed-in'; sessionId: string; user: BackOfficeUser }
  /** A wrong code: try again on the same step. */
  | { kind: 'wrong-code' }
  /** No second-factor step under way (expired, too many wrong codes): sign in again. */
  | { kind: 'start-again' }
  | { kind: 'locked'; until: Date };

/**
 * The TOTP code, or one of the recovery codes, on the session the password opened. Wrong codes
 * count against the account's lock-out and against the step itself (SECOND_FACTOR_ATTEMPTS), a
 * TOTP code is taken once, a recovery code once ever. Success ends this step's session and opens
 * a new one.
 */
export async function completeSecondFactor(
  deps: SignInDeps,
  input: { sessionId: string; code: string; address?: string | undefined },
): Promise<SecondFactorOutcome> {
  const idHash = hashSessionId(input.sessionId);
  const session = await deps.sessions.get(idHash);
  const user = session?.stage === 'second-factor' ? await deps.users.get(session.userId) : undefined;
  const credentials = user && (await deps.users.credentials(user.id));
  const now = deps.clock.now();
  if (!session || !user || user.disabledAt || !credentials?.totpSecretSealed || sessionIsOver(session, now)) {
    if (session) await deps.sessions.delete(idHash);
    return { kind: 'start-again' };
  }
  if (credentials.lockedUntil && credentials.lockedUntil > now) {
    await deps.sessions.delete(idHash);
    return { kind: 'locked', until: credentials.lockedUntil };
  }
  const code = input.code.trim().slice(0, 64);
  let method: string | undefined;
  if (/^\d{3}\s?\d{3}$/.test(code)) {
    const secret = base32Decode(deps.secrets.open(credentials.totpSecretSealed));
    const step = matchTotp(secret, code, now, credentials.totpLastStep);
    if (step !== undefined && (await deps.users.useTotpStep(user.id, step))) method = 'totp';
  } else if (code !== '' && (await deps.users.useRecoveryCode(user.id, hashRecoveryCode(code), now))) {
    method = 'recovery-code';
  }
  if (method) {
    await deps.sessions.delete(idHash);
    return signedIn(deps, user, input.address, method);
  }
  const lockedUntil = await countFailure(deps, user, input.address);
  const failures = await deps.sessions.countSecondFactorFailure(idHash);
  if (lockedUntil || failures >= SECOND_FACTOR_ATTEMPTS) {
    await deps.sessions.delete(idHash);
    return lockedUntil ? { kind: 'locked', until: lockedUntil } : { kind: 'start-again' };
  }
  return { kind: 'wrong-code' };
}
