/**
 * Who may do what in the back-office: one table of profiles and their capabilities, and the
 * rules that fix which merchant and which points of sale a request reaches. Every use case of
 * src/backoffice asks here before it reads or changes anything, and the pages ask the same
 * questions to decide what to offer: a route cannot forget a check the use case makes.
 */
import type { BackOfficeUser, Profile } from '../domain/back-office-user.js';
import { BackOfficeError } from './errors.js';

export type Capability =
  /** List, create and edit merchants; pick any merchant. */
  | 'merchants'
  /** Read the audit log. */
  | 'audit'
  /** Read the merchant's configuration (account, points of sale, payment methods). */
  | 'configuration.read'
  /** Change the merchant account (company and trade name). */
  | 'account.edit'
  /** Create, label and revoke access keys. */
  | 'keys'
  /** Create and change points of sale and payment methods (within the points of sale in reach). */
  | 'configuration.edit'
  /** Create and change the merchant's users. */
  | 'users'
  /** Read transactions and notifications (within the points of sale in reach). */
  | 'transactions.read'
  /** Refund and send notifications again (within the points of sale in reach). */
  | 'refund';

const CAPABILITIES: Record<Profile, readonly Capability[]> = {
  operator: [
    'merchants',
    'audit',
    'configuration.read',
    'account.edit',
    'keys',
    'configuration.edit',
    'users',
    'transactions.read',
    'refund',
  ],
  'merchant-admin': [
    'configuration.read',
    'account.edit',
    'keys',
    'configuration.edit',
    'users',
    'transactions.read',
    'refund',
  ],
  'pos-manager': ['configuration.read', 'configuration.edit', 'transactions.read', 'refund'],
  powers: ['configuration.read', 'transactions.read', 'refund'],
  'read-only': ['configuration.read', 'transactions.read'],
};

export function can(user: BackOfficeUser, capability: Capability): boolean {
  return CAPABILITIES[user.profile].includes(capability);
}

export function requireCapability(user: BackOfficeUser, capability: Capability): void {
  if (!can(user, capability)) throw new BackOfficeError('forbidden', `profile ${user.profile} may not ${capability}`);
}

/**
 * The merchant a request acts on. An operator names it (the URL's); a merchant user always acts
 * on their own merchant, whatever the URL or a form says: naming another one is answered as a
 * merchant that does not exist.
 */
const MERCHANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function merchantInScope(user: BackOfficeUser, named: string | undefined): string {
  if (user.profile === 'operator') {
    if (!named || !MERCHANT_ID.test(named)) throw new BackOfficeError('not-found', 'no such merchant');
    return named;
  }
  if (!user.merchantId || (named !== undefined && named !== user.merchantId))
    throw new BackOfficeError('not-found', 'no such merchant');
  return user.merchantId;
}

/** Whether the user reaches this point of sale of their merchant in scope (a manager: only those assigned). */
export function reachesPointOfSale(user: BackOfficeUser, pointOfSaleId: string): boolean {
  return user.profile !== 'pos-manager' || user.pointOfSaleIds.includes(pointOfSaleId);
}

/** The points of sale in the user's reach, of a list of the merchant's. */
export function pointsOfSaleInReach<P extends { id: string }>(user: BackOfficeUser, all: readonly P[]): P[] {
  return all.filter((p) => reachesPointOfSale(user, p.id));
}

/** The profiles a user may give others: operators any merchant profile, merchant administrators the same. */
export function assignableProfiles(user: BackOfficeUser): readonly Profile[] {
  return can(user, 'users') ? (['merchant-admin', 'pos-manager', 'powers', 'read-only'] as const) : [];
}

export const isOperator = (user: BackOfficeUser) => user.profile === 'operator';

/** Everything of the merchant, not only some points of sale (creating a point of sale needs it). */
export const reachesWholeMerchant = (user: BackOfficeUser) => user.profile !== 'pos-manager';

export function requireWholeMerchant(user: BackOfficeUser): void {
  if (!reachesWholeMerchant(user)) throw new BackOfficeError('forbidden', 'a manager of some points of sale only');
}
