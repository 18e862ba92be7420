import { createHmac } from 'node:crypto';
import type { PartnerDirectory } from '../payments/deps.js';
import type { SecretBox } from '../security/secret-box.js';
import type { MerchantConfiguration } from '../ports/merchant-configuration.js';
import type { PartnerContractConfig } from './partner-port.js';

/** The embedded homologation simulator as the directory needs it. */
export interface EmbeddedPartner {
  /** Merchant API base and JWKS URL as the gateway process reaches them (loopback). */
  apiBaseUrl(): string;
  jwksUrl(): string;
  register(profile: { apiKey: string; ppid: string; merchantId: string; name: string }): Promise<void>;
}

/**
 * Partner settings per contract. A contract with its own settings uses them (API key decrypted
 * here, never logged). In homologation, a contract without settings is connected to the embedded
 * simulator with a profile derived from the contract, registered on first use.
 */
export function createPartnerDirectory(merchants: Pick<MerchantConfiguration, 'findContract'>, secrets: SecretBox, embedded: EmbeddedPartner | undefined, derivationKey: Buffer): PartnerDirectory {
  const registered = new Set<string>();
  const derive = (label: string, merchantId: string, contractNumber: string) =>
    createHmac('sha256', derivationKey).update(`${label}:${merchantId}:${contractNumber}`).digest('hex');

  return {
    async configFor(merchantId, contractNumber): Promise<PartnerContractConfig | undefined> {
      const found = await merchants.findContract(merchantId, contractNumber);
      if (!found) return undefined;
      const { partner } = found.contract;
      const partnerMerchantId = found.contract.partnerContractId;
      if (partner) return { apiKey: secrets.open(partner.apiKeyEncrypted), ppid: partner.ppid, apiBaseUrl: partner.apiBaseUrl, jwksUrl: partner.jwksUrl, merchantId: partnerMerchantId };
      if (!embedded) return undefined;
      const apiKey = derive('api-key', merchantId, contractNumber).slice(0, 36);
      const ppid = derive('ppid', merchantId, contractNumber).slice(0, 24);
      if (!registered.has(ppid)) {
        await embedded.register({ apiKey, ppid, merchantId: found.contract.partnerContractId, name: found.contract.tradeName ?? found.merchant.tradeName });
        registered.add(ppid);
      }
      return { apiKey, ppid, apiBaseUrl: embedded.apiBaseUrl(), jwksUrl: embedded.jwksUrl(), merchantId: partnerMerchantId };
    },
  };
}
