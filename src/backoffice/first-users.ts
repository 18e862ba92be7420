import { randomBytes } from 'node:crypto';
import type { BackOfficeUser } from '../domain/back-office-user.js';
import { DuplicateKeyError } from '../ports/duplicate-key-error.js';
import { hashPassword } from '../security/password-hash.js';
import { recordChange } from './audit.js';
import type { BackOfficeDeps } from './deps.js';

type Deps = Pick<BackOfficeDeps, 'users' | 'atomically' | 'clock' | 'boIds'>;

export interface CreatedUser {
  email: string;
  /** Known only when it was drawn now: printed once, never stored in clear. */
  password?: string | undefined;
}

const drawnPassword = () => randomBytes(15).toString('base64url');

async function createOnce(deps: Deps, user: Omit<BackOfficeUser, 'id' | 'createdAt'>, password: string) {
  const created: BackOfficeUser = { ...user, id: deps.boIds.userId(), createdAt: deps.clock.now() };
  const passwordHash = await hashPassword(password); // before the transaction: it takes a while
  try {
    await deps.atomically(async (tx) => {
      await tx.users.create({ user: created, passwordHash });
      await recordChange(
        { audit: tx.audit, clock: deps.clock },
        { actor: { kind: 'operator-api' } },
        {
          action: 'user.create',
          merchantId: created.merchantId,
          target: created.email,
          after: { profile: created.profile, displayName: created.displayName },
        },
      );
    });
  } catch (err) {
    // Several processes starting on one database: one of them creates it.
    if (err instanceof DuplicateKeyError) return false;
    throw err;
  }
  return true;
}

/**
 * The first operator, when there is none: the configured e-mail and password, or
 * `admin@localhost` with a password drawn now and returned to be printed once.
 */
export async function ensureFirstOperator(
  deps: Deps,
  configured: { email?: string | undefined; password?: string | undefined },
): Promise<CreatedUser | undefined> {
  if ((await deps.users.countOperators()) > 0) return undefined;
  const email = (configured.email ?? 'admin@localhost').toLowerCase();
  const password = configured.password ?? drawnPassword();
  const user = { email, displayName: 'Operator', profile: 'operator' as const, pointOfSaleIds: [] };
  if (!(await createOnce(deps, user, password))) return undefined;
  return { email, password: configured.password ? undefined : password };
}

export const DEMO_USER_EMAIL = 'demo@passerelle.local';

/** Homologation: the demo merchant's administrator, created with it (its password printed once). */
export async function ensureDemoUser(deps: Deps, merchantId: string): Promise<CreatedUser | undefined> {
  if ((await deps.users.listOfMerchant(merchantId)).length > 0) return undefined;
  const password = drawnPassword();
  const user = {
    email: DEMO_USER_EMAIL,
    displayName: 'Demo',
    profile: 'merchant-admin' as const,
    merchantId,
    pointOfSaleIds: [],
  };
  return (await createOnce(deps, user, password)) ? { email: DEMO_USER_EMAIL, password } : undefined;
}
