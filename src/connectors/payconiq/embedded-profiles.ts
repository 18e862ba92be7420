import { createHmac } from 'node:crypto';
import type { ContractIdentity } from '../partner-port.js';
import type { PayconiqSettings } from './contract-settings.js';

/** The embedded homologation simulator as the Payconiq connector needs it. */
export interface EmbeddedPayconiq {
  /** Merchant API base and JWKS URL as the gateway process reaches them (loopback). */
  apiBaseUrl(): string;
  jwksUrl(): string;
  register(profile: { apiKey: string; ppid: string; merchantId: string; name: string }): Promise<void>;
}

export type EmbeddedProfiles = (contract: ContractIdentity) => Promise<PayconiqSettings>;

/**
 * Homologation: a contract without settings of its own gets a payment profile at the embedded
 * simulator, derived from the contract (the same on every process and after a restart, so no
 * state is needed) and registered there on first use.
 */
export function createEmbeddedProfiles(embedded: EmbeddedPayconiq, derivationKey: Buffer): EmbeddedProfiles {
  const registered = new Set<string>();
  const derive = (label: string, { merchantId, contractNumber }: ContractIdentity) =>
    createHmac('sha256', derivationKey).update(`${label}:${merchantId}:${contractNumber}`).digest('hex');
  return async (contract) => {
    const apiKey = derive('api-key', contract).slice(0, 36);
    const ppid = derive('ppid', contract).slice(0, 24);
    if (!registered.has(ppid)) {
      await embedded.register({ apiKey, ppid, merchantId: contract.partnerContractId, name: contract.tradeName });
      registered.add(ppid);
    }
    return { apiKey, ppid, apiBaseUrl: embedded.apiBaseUrl(), jwksUrl: embedded.jwksUrl() };
  };
}
