export type AdminErrorKind = 'invalid' | 'not-found' | 'conflict';

/**
 * A merchant administration command that cannot be done as asked (bad value, unknown merchant,
 * duplicate). `field` names the input at fault, so each transport can say it in its own terms
 * (a CLI flag, a JSON property).
 */
export class MerchantAdminError extends Error {
  constructor(
    readonly kind: AdminErrorKind,
    readonly detail: string,
    readonly field?: string | undefined,
  ) {
    super(field ? `${field} ${detail}` : detail);
  }
}
