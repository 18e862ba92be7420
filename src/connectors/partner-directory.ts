import type { SecretBox } from '../security/secret-box.js';
import type { MerchantConfiguration } from '../ports/merchant-configuration.js';
import type { ContractIdentity, PartnerDirectory, PaymentMethods } from './partner-port.js';
import { openPartnerSettings } from './sealed-settings.js';

/**
 * The partner of each contract, connected by its payment method with the contract's own settings
 * (secrets opened here, never logged); in homologation, a contract without settings is connected
 * to its method's embedded simulator.
 */
export function createPartnerDirectory(
  contracts: Pick<MerchantConfiguration, 'findContract'>,
  secrets: SecretBox,
  methods: PaymentMethods,
): PartnerDirectory {
  return {
    async connect(merchantId, contractNumber) {
      const found = await contracts.findContract(merchantId, contractNumber);
      const method = found && methods.byCardCode(found.contract.cardCode);
      if (!found || !method) return undefined;
      const identity: ContractIdentity = {
        merchantId,
        contractNumber,
        partnerContractId: found.contract.partnerContractId,
        tradeName: found.contract.tradeName ?? found.merchant.tradeName,
      };
      const sealed = found.contract.partnerSettings;
      if (sealed) return method.connect(identity, openPartnerSettings(method, sealed, secrets));
      if (!method.homologationSettings) return undefined;
      return method.connect(identity, await method.homologationSettings(identity));
    },
  };
}
