import type { BackOfficeUser } from '../../domain/back-office-user.js';
import { can, type Capability } from '../../backoffice/policy.js';
import type { BoTexts } from './i18n.js';

/**
 * The back-office's sections, in the order the navigation shows them: one list, so a new
 * section (transactions, notifications…) is one entry here and its routes. `gateway` sections
 * are the operators'; `merchant` ones are under /admin/merchants/{id}/ and shown for the merchant
 * in view.
 */
export interface NavEntry {
  key: string;
  scope: 'gateway' | 'merchant';
  /** Whom it is shown to (the routes check the same capability through the use cases). */
  capability: Capability;
  label(t: BoTexts): string;
  /** The section's path below /admin/ (merchant sections: below /admin/merchants/{id}/). */
  path: string;
}

export const NAV: readonly NavEntry[] = [
  { key: 'merchants', scope: 'gateway', capability: 'merchants', label: (t) => t.navMerchants, path: 'merchants' },
  { key: 'audit', scope: 'gateway', capability: 'audit', label: (t) => t.navAudit, path: 'audit' },
  { key: 'dashboard', scope: 'merchant', capability: 'configuration.read', label: (t) => t.navDashboard, path: '' },
  { key: 'account', scope: 'merchant', capability: 'configuration.read', label: (t) => t.navAccount, path: 'account' },
  { key: 'keys', scope: 'merchant', capability: 'keys', label: (t) => t.navKeys, path: 'access-keys' },
  {
    key: 'points-of-sale',
    scope: 'merchant',
    capability: 'configuration.read',
    label: (t) => t.navPointsOfSale,
    path: 'points-of-sale',
  },
  {
    key: 'payment-methods',
    scope: 'merchant',
    capability: 'configuration.read',
    label: (t) => t.navPaymentMethods,
    path: 'payment-methods',
  },
  {
    key: 'transactions',
    scope: 'merchant',
    capability: 'transactions.read',
    label: (t) => t.navTransactions,
    path: 'transactions',
  },
  {
    key: 'notifications',
    scope: 'merchant',
    capability: 'transactions.read',
    label: (t) => t.navNotifications,
    path: 'notifications',
  },
  { key: 'users', scope: 'merchant', capability: 'users', label: (t) => t.navUsers, path: 'users' },
];

export const merchantPath = (merchantId: string, path = '') =>
  `/admin/merchants/${encodeURIComponent(merchantId)}/${path}`;

export interface NavLink {
  key: string;
  label: string;
  href: string;
}

/** The links a user sees: gateway sections, and those of the merchant in view. */
export function navLinks(user: BackOfficeUser, t: BoTexts, merchantId: string | undefined) {
  const shown = NAV.filter((e) => can(user, e.capability));
  const link = (e: NavEntry, href: string): NavLink => ({ key: e.key, label: e.label(t), href });
  return {
    gateway: shown.filter((e) => e.scope === 'gateway').map((e) => link(e, `/admin/${e.path}`)),
    merchant: merchantId
      ? shown.filter((e) => e.scope === 'merchant').map((e) => link(e, merchantPath(merchantId, e.path)))
      : [],
  };
}
