/**
 * Back-office sign-in sessions, server-side so that every gateway process sees them. Only the
 * hash of a session id is stored: a database dump signs nobody in.
 */
export interface BackOfficeSession {
  idHash: string;
  userId: string;
  /** 'second-factor': the password was right, a TOTP or recovery code is still due. */
  stage: 'second-factor' | 'active';
  /** The synchronizer token every form of the session carries. */
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Wrong second-factor codes on this session. */
  secondFactorFailures: number;
  address?: string | undefined;
}

export interface BackOfficeSessions {
  create(session: BackOfficeSession): Promise<void>;
  get(idHash: string): Promise<BackOfficeSession | undefined>;
  touch(idHash: string, at: Date): Promise<void>;
  /** Counts a wrong second-factor code; returns the new count. */
  countSecondFactorFailure(idHash: string): Promise<number>;
  delete(idHash: string): Promise<void>;
  /** Every session of the user ("sign out everywhere"), but `except` when given. */
  deleteOfUser(userId: string, except?: string): Promise<number>;
  /** Sessions last seen before `idleBefore` or created before `createdBefore`. */
  deleteExpired(idleBefore: Date, createdBefore: Date): Promise<number>;
}
