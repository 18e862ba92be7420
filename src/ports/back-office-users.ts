import type { BackOfficeUser, UserCredentials } from '../domain/back-office-user.js';

export interface NewBackOfficeUser {
  user: BackOfficeUser;
  passwordHash: string;
}

export interface UserChanges {
  displayName?: string;
  profile?: BackOfficeUser['profile'];
  pointOfSaleIds?: string[];
  disabledAt?: Date | null;
}

/**
 * The back-office's users and what their sign-in needs. An email already taken throws
 * DuplicateKeyError.
 */
export interface BackOfficeUsers {
  create(input: NewBackOfficeUser): Promise<void>;
  get(id: string): Promise<BackOfficeUser | undefined>;
  /** By e-mail (compared lower-cased), with its credentials. */
  findByEmail(email: string): Promise<{ user: BackOfficeUser; credentials: UserCredentials } | undefined>;
  credentials(id: string): Promise<UserCredentials | undefined>;
  listOfMerchant(merchantId: string): Promise<BackOfficeUser[]>;
  countOperators(): Promise<number>;
  update(id: string, changes: UserChanges): Promise<void>;
  setPassword(id: string, passwordHash: string): Promise<void>;
  /**
   * Counts one failure at `at` (the count restarts when the window since the first one is over)
   * and locks the account until `at + lock` once it reaches `limit`. Returns the new state.
   */
  recordFailure(
    id: string,
    at: Date,
    rule: { limit: number; windowMs: number; lockMs: number },
  ): Promise<Pick<UserCredentials, 'failedAttempts' | 'lockedUntil'>>;
  clearFailures(id: string): Promise<void>;
  /**
   * A sign-in succeeded: clears the count, unless the account is locked at `at` (guesses sent
   * at the same time may have locked it meanwhile). Returns the lock that holds, if any.
   */
  clearFailuresUnlessLocked(id: string, at: Date): Promise<{ lockedUntil?: Date | undefined }>;
  setPendingTotp(id: string, sealedSecret: string | null): Promise<void>;
  /** Turns the second factor on with the confirmed secret and the recovery codes' hashes (replacing old ones). */
  enableTotp(id: string, sealedSecret: string, step: number, recoveryCodeHashes: string[], at: Date): Promise<void>;
  disableTotp(id: string): Promise<void>;
  /** Records the step accepted, only if it is later than the last one (false: replayed or raced). */
  useTotpStep(id: string, step: number): Promise<boolean>;
  /** Marks one unused recovery code of the user used; false when none has that hash. */
  useRecoveryCode(id: string, codeHash: string, at: Date): Promise<boolean>;
  unusedRecoveryCodes(id: string): Promise<number>;
}
