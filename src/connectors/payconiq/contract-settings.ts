import { z } from 'zod';

/** Where and how to reach Payconiq for one merchant contract. */
export type PayconiqContract = {
  /** Bearer API key of the payment profile (in clear; never logged). */
  apiKey: string;
  /** Payment profile id (24 hex): the `sub` of the partner's callback signatures. */
  ppid: string;
  /** e.g. https://merchant.api.bancontact.net (no trailing slash) */
  apiBaseUrl: string;
  /** e.g. https://jwks.bancontact.net/ */
  jwksUrl: string;
  /** The partner's merchant id of the contract: the `iss` of the requests the gateway signs. */
  merchantId?: string | undefined;
};

const PRODUCTION = { apiBaseUrl: 'https://merchant.api.bancontact.net', jwksUrl: 'https://jwks.bancontact.net/' };

/** https, or http on this machine (a partner simulator during tests). */
function isPartnerUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && /^(127\.|localhost$|\[::1\]$)/.test(url.hostname));
  } catch {
    return false;
  }
}
const partnerUrl = z.string({ error: 'must be an https URL' }).refine(isPartnerUrl, { error: 'must be an https URL' });

/**
 * A contract's Payconiq settings, as given (the API key in clear): the production URLs unless
 * others are named; read back through the same schema, so stored settings are canonical.
 */
export const payconiqSettings = z.object({
  apiKey: z
    .string({ error: 'is required' })
    .trim()
    .min(1, { error: 'is required' })
    .max(512, { error: 'must be at most 512 characters' })
    .meta({ title: 'API key', titleFr: 'Clé d’API' }),
  ppid: z
    .string({ error: 'is required' })
    .regex(/^[0-9a-f]{24}$/i, { error: 'must be the 24-hex payment profile id' })
    .transform((ppid) => ppid.toLowerCase())
    .meta({ title: 'Payment profile id (ppid)', titleFr: 'Identifiant du profil de paiement (ppid)' }),
  apiBaseUrl: partnerUrl
    .default(PRODUCTION.apiBaseUrl)
    .transform((url) => url.replace(/\/+$/, ''))
    .meta({ title: 'Merchant API URL', titleFr: 'URL de l’API marchand' }),
  jwksUrl: partnerUrl
    .default(PRODUCTION.jwksUrl)
    .transform((url) => url.replace(/\/+$/, '/'))
    .meta({ title: 'JWKS URL (callback signing keys)', titleFr: 'URL JWKS (clés de signature des callbacks)' }),
});

export type PayconiqSettings = z.infer<typeof payconiqSettings>;

/** Sealed at rest and never shown again. */
export const PAYCONIQ_SECRET_SETTINGS = ['apiKey'] as const;

export function describePayconiqSettings(settings: Readonly<Record<string, unknown>>): string {
  return `${String(settings['apiBaseUrl'])} (ppid ${String(settings['ppid'])})`;
}
