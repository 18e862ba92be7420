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

/** Profiles by API key; keys are compared exactly, like a bearer token. */
export class ProfileRegistry {
  private readonly byKey = new Map<string, SimulatorProfile>();

  add(profile: SimulatorProfile): void {
    if (!profile.apiKey || !profile.ppid) throw new TypeError('a simulator profile needs an apiKey and a ppid');
    this.byKey.set(profile.apiKey, { ...profile });
  }

  byApiKey(apiKey: string): SimulatorProfile | undefined {
    return this.byKey.get(apiKey);
  }

  all(): SimulatorProfile[] {
    return [...this.byKey.values()];
  }
}
