import { createHash } from 'node:crypto';
import { SESSION_LIMITS, type BackOfficeUser } from '../domain/back-office-user.js';
import type { BackOfficeSession } from '../ports/back-office-sessions.js';
import type { BackOfficeDeps } from './deps.js';

type SessionDeps = Pick<BackOfficeDeps, 'sessions' | 'users' | 'clock' | 'boIds'>;

/** Only this is stored: the cookie's value never reaches the database. */
export const hashSessionId = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex');

const MINUTE = 60_000;
/** A session's last-seen time is written at most this often (not once per request). */
const TOUCH_EVERY_MS = MINUTE;

/** A new session (a new id every time: whatever id the browser had is never taken over). */
export async function openSession(
  { sessions, clock, boIds }: Pick<BackOfficeDeps, 'sessions' | 'clock' | 'boIds'>,
  userId: string,
  stage: BackOfficeSession['stage'],
  address: string | undefined,
): Promise<{ id: string; session: BackOfficeSession }> {
  const id = boIds.sessionId();
  const now = clock.now();
  const session: BackOfficeSession = {
    idHash: hashSessionId(id),
    userId,
    stage,
    csrfToken: boIds.csrfToken(),
    createdAt: now,
    lastSeenAt: now,
    secondFactorFailures: 0,
    address,
  };
  await sessions.create(session);
  return { id, session };
}

/** Whether a session is past its limits at `now` (idle, absolute, or a second-factor step left waiting). */
export function sessionIsOver(session: BackOfficeSession, now: Date): boolean {
  const idle = now.getTime() - session.lastSeenAt.getTime();
  const age = now.getTime() - session.createdAt.getTime();
  if (session.stage === 'second-factor') return age > SESSION_LIMITS.secondFactorMinutes * MINUTE;
  return idle > SESSION_LIMITS.idleMinutes * MINUTE || age > SESSION_LIMITS.absoluteHours * 60 * MINUTE;
}

export interface OpenSession {
  session: BackOfficeSession;
  user: BackOfficeUser;
}

/**
 * The session a cookie names, if it is still on: not idle for an hour, not older than its
 * absolute limit, its user not disabled. An ended one is deleted. Counts as activity.
 */
export async function resumeSession(deps: SessionDeps, id: string | undefined): Promise<OpenSession | undefined> {
  if (!id || id.length > 100) return undefined;
  const idHash = hashSessionId(id);
  const session = await deps.sessions.get(idHash);
  if (!session) return undefined;
  const now = deps.clock.now();
  const user = sessionIsOver(session, now) ? undefined : await deps.users.get(session.userId);
  if (!user || user.disabledAt) {
    await deps.sessions.delete(idHash);
    return undefined;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await deps.sessions.touch(idHash, now);
  return { session, user };
}

export async function endSession({ sessions }: Pick<BackOfficeDeps, 'sessions'>, id: string | undefined) {
  if (id && id.length <= 100) await sessions.delete(hashSessionId(id));
}

/** Housekeeping for the worker: sessions past their limits are removed. */
export async function deleteExpiredSessions({ sessions, clock }: Pick<BackOfficeDeps, 'sessions' | 'clock'>) {
  const now = clock.now().getTime();
  return sessions.deleteExpired(
    new Date(now - SESSION_LIMITS.idleMinutes * MINUTE),
    new Date(now - SESSION_LIMITS.absoluteHours * 60 * MINUTE),
  );
}
