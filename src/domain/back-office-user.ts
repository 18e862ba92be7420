/**
 * Who signs in to the back-office. Operators run the gateway and reach every merchant; merchant
 * users belong to one merchant, with one of Monext's profiles.
 */
export const MERCHANT_PROFILES = ['merchant-admin', 'pos-manager', 'powers', 'read-only'] as const;
export type MerchantProfile = (typeof MERCHANT_PROFILES)[number];
export type Profile = 'operator' | MerchantProfile;

export const isMerchantProfile = (value: string): value is MerchantProfile =>
  (MERCHANT_PROFILES as readonly string[]).includes(value);

export interface BackOfficeUser {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  displayName: string;
  profile: Profile;
  /** Set for merchant users, never for operators. */
  merchantId?: string | undefined;
  /** A point-of-sale manager's points of sale (empty for every other profile). */
  pointOfSaleIds: string[];
  createdAt: Date;
  disabledAt?: Date | undefined;
  /** When the second factor was turned on; undefined = password only. */
  totpEnabledAt?: Date | undefined;
}

/** What the sign-in checks, kept apart from what pages show. */
export interface UserCredentials {
  passwordHash: string;
  /** Consecutive failures (password or second factor) since `failuresSince`. */
  failedAttempts: number;
  failuresSince?: Date | undefined;
  lockedUntil?: Date | undefined;
  /** Sealed (src/security/secret-box.ts). */
  totpSecretSealed?: string | undefined;
  /** The secret being enrolled, sealed, until a first code confirms it. */
  totpPendingSealed?: string | undefined;
  /** The last TOTP step accepted: a code is never taken twice. */
  totpLastStep?: number | undefined;
}

/**
 * Lock-out: this many failures within the window lock the account for the lock time. A success
 * (password and, when enabled, second factor) clears the count.
 */
export const LOCK_OUT = { failures: 5, windowMinutes: 15, lockMinutes: 15 } as const;

/** Sessions end after an hour without a request, and after 12 hours whatever happens. */
export const SESSION_LIMITS = { idleMinutes: 60, absoluteHours: 12, secondFactorMinutes: 5 } as const;
/**
 * Wrong codes allowed on one second-factor step before it is thrown away and the password is
 * asked again (they count for the account's lock-out too).
 */
export const SECOND_FACTOR_ATTEMPTS = 3;
