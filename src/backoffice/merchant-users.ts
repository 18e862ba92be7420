import { z } from 'zod';
import type { BackOfficeUser, MerchantProfile } from '../domain/back-office-user.js';
import { isMerchantProfile } from '../domain/back-office-user.js';
import { DuplicateKeyError } from '../ports/duplicate-key-error.js';
import { hashPassword } from '../security/password-hash.js';
import type { Actor } from './actor.js';
import { auditedChange } from './audit.js';
import type { BackOfficeDeps } from './deps.js';
import { BackOfficeError, rejectField } from './errors.js';
import { checkbox, parseForm, printable, repeated, requiredText } from './form-input.js';
import { assignableProfiles, merchantInScope, requireCapability } from './policy.js';
import { newPassword, passwordIsEmail } from './passwords.js';

type Deps = Pick<BackOfficeDeps, 'users' | 'merchants' | 'atomically' | 'clock' | 'boIds'>;

const email = z
  .string({ error: 'required' })
  .trim()
  .toLowerCase()
  .min(1, { error: 'required' })
  .max(254, { error: 'too-long' })
  .regex(/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/, { error: 'email' })
  .refine(printable, { error: 'email' });

const profileFields = {
  displayName: requiredText(100),
  profile: z.string({ error: 'required' }).refine(isMerchantProfile, { error: 'profile' }),
  pointOfSaleIds: repeated,
};

const userAudit = (u: Pick<BackOfficeUser, 'displayName' | 'profile' | 'pointOfSaleIds' | 'disabledAt'>) => ({
  displayName: u.displayName,
  profile: u.profile,
  pointOfSaleIds: u.pointOfSaleIds,
  disabled: u.disabledAt !== undefined,
});

/** The profile is one the actor may give, and a manager's points of sale are the merchant's own. */
async function checkedProfile(
  deps: Deps,
  actor: Actor,
  merchantId: string,
  input: { profile: MerchantProfile; pointOfSaleIds: string[] },
) {
  if (!assignableProfiles(actor.user).includes(input.profile)) rejectField('profile', 'profile');
  if (input.profile !== 'pos-manager') return [];
  const own = new Set((await deps.merchants.listPointsOfSale(merchantId)).map((p) => p.id));
  const ids = [...new Set(input.pointOfSaleIds)];
  if (ids.length === 0 || ids.some((id) => !own.has(id))) rejectField('pointOfSaleIds', 'unknown-point-of-sale');
  return ids;
}

export async function listMerchantUsers(deps: Deps, actor: Actor, named: string | undefined) {
  requireCapability(actor.user, 'users');
  return deps.users.listOfMerchant(merchantInScope(actor.user, named));
}

export async function getMerchantUser(deps: Deps, actor: Actor, named: string | undefined, userId: string) {
  const user = (await listMerchantUsers(deps, actor, named)).find((u) => u.id === userId);
  if (!user) throw new BackOfficeError('not-found', 'no such user');
  return user;
}

/** A new user of the merchant, with the password the creator gives (to be changed by its owner). */
export async function createMerchantUser(deps: Deps, actor: Actor, named: string | undefined, body: unknown) {
  requireCapability(actor.user, 'users');
  const merchantId = merchantInScope(actor.user, named);
  const input = parseForm(z.object({ email, password: newPassword, ...profileFields }), body);
  if (passwordIsEmail(input.password, input.email)) rejectField('password', 'password-same-as-email');
  const pointOfSaleIds = await checkedProfile(deps, actor, merchantId, input);
  const user: BackOfficeUser = {
    id: deps.boIds.userId(),
    email: input.email,
    displayName: input.displayName,
    profile: input.profile,
    merchantId,
    pointOfSaleIds,
    createdAt: deps.clock.now(),
  };
  const passwordHash = await hashPassword(input.password); // before the transaction: it takes a while
  try {
    await auditedChange(deps, actor, (tx) => tx.users.create({ user, passwordHash }), {
      action: 'user.create',
      merchantId,
      target: user.email,
      after: userAudit(user),
    });
  } catch (err) {
    if (err instanceof DuplicateKeyError) rejectField('email', 'taken');
    throw err;
  }
  return user;
}

/**
 * Name, profile, points of sale and whether the account is disabled (which ends its sessions).
 * Nobody changes their own profile here: an administrator cannot lock themselves out by mistake.
 */
export async function updateMerchantUser(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  userId: string,
  body: unknown,
) {
  const before = await getMerchantUser(deps, actor, named, userId);
  if (before.id === actor.user.id) throw new BackOfficeError('forbidden', 'one’s own profile is not changed here');
  const input = parseForm(z.object({ ...profileFields, disabled: checkbox }), body);
  const pointOfSaleIds = await checkedProfile(deps, actor, before.merchantId!, input);
  const disabledAt = input.disabled ? (before.disabledAt ?? deps.clock.now()) : undefined;
  const after = { ...before, ...input, pointOfSaleIds, disabledAt };
  await auditedChange(
    deps,
    actor,
    async (tx) => {
      await tx.users.update(userId, {
        displayName: input.displayName,
        profile: input.profile,
        pointOfSaleIds,
        disabledAt: disabledAt ?? null,
      });
      if (disabledAt) await tx.sessions.deleteOfUser(userId);
    },
    {
      action: 'user.update',
      merchantId: before.merchantId,
      target: before.email,
      before: userAudit(before),
      after: userAudit(after),
    },
  );
}

/** Sets a new password for another user of the merchant and ends their sessions. */
export async function resetMerchantUserPassword(
  deps: Deps,
  actor: Actor,
  named: string | undefined,
  userId: string,
  body: unknown,
) {
  const user = await getMerchantUser(deps, actor, named, userId);
  const { password } = parseForm(z.object({ password: newPassword }), body);
  if (passwordIsEmail(password, user.email)) rejectField('password', 'password-same-as-email');
  const passwordHash = await hashPassword(password);
  await auditedChange(
    deps,
    actor,
    async (tx) => {
      await tx.users.setPassword(user.id, passwordHash);
      await tx.users.clearFailures(user.id);
      await tx.sessions.deleteOfUser(user.id);
    },
    { action: 'user.password-reset', merchantId: user.merchantId, target: user.email },
  );
}
