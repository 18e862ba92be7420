import type { SimulatorStore } from './simulator-store.js';

/**
 * A payment profile as the partner knows it: one API key and one PPID per product (doc §1.3),
 * with the creditor data echoed in every payment and the per-product settings.
 */
export interface SimulatorProfile {
  apiKey: string;
  /** Payment profile id: `creditor.profileId` and the callback JWS `sub`. */
  ppid: string;
  merchantId: string;
  /** Company name shown to the payer (`creditor.name`). */
  name: string;
  /** Creditor IBAN (`creditor.iban`). */
  iban: string;
  /** Used when a create request has no callbackUrl (the real partner stores it at onboarding). */
  defaultCallbackUrl?: string;
  /** Default 20: online products (doc §2.3). */
  expiryMinutes?: number;
  /** Refund API activated by support; default true. */
  refundsEnabled?: boolean;
  /**
   * The JWKS URL the merchant registered for its request signatures: refund calls must then carry a
   * valid `Signature` header (merchant-signature.ts). Without one, signatures are not checked.
   */
  merchantJwksUrl?: string;
}

/**
 * Profiles by API key (compared exactly, like a bearer token), kept in the store. Every Merchant API
 * call authenticates, so a profile found is remembered for `ttlMs`: a profile changed by another
 * process is seen at most that late; one added by this process at once.
 */
export class ProfileRegistry {
  private readonly cached = new Map<string, { profile: SimulatorProfile; at: number }>();

  constructor(
    private readonly store: SimulatorStore,
    private readonly ttlMs: number,
  ) {}

  async add(profile: SimulatorProfile): Promise<void> {
    if (!profile.apiKey || !profile.ppid) throw new TypeError('a simulator profile needs an apiKey and a ppid');
    const copy = { ...profile };
    await this.store.putProfile(copy);
    this.cached.set(copy.apiKey, { profile: copy, at: performance.now() });
  }

  async byApiKey(apiKey: string): Promise<SimulatorProfile | undefined> {
    const hit = this.cached.get(apiKey);
    if (hit && performance.now() - hit.at < this.ttlMs) return hit.profile;
    const profile = await this.store.profileByApiKey(apiKey);
    if (profile) this.cached.set(apiKey, { profile, at: performance.now() });
    else this.cached.delete(apiKey);
    return profile;
  }
}
