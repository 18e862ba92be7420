import type { PayconiqContract } from '../../src/connectors/payconiq/contract-settings.js';
import { createContract } from '../../src/merchants/configure-contract.js';
import { createSecretBox } from '../../src/security/secret-box.js';
import type { TestGateway } from './test-gateway.js';

/** The Payconiq settings a contract is connected with (its own, or the embedded simulator's profile), in clear. */
export async function payconiqContractOf(
  t: Pick<TestGateway, 'gateway'>,
  merchantId: string,
  contractNumber: string,
): Promise<PayconiqContract> {
  const partner = await t.gateway.deps.partners.connect(merchantId, contractNumber);
  if (!partner) throw new Error(`contract ${contractNumber} is not connected to a partner`);
  return partner.settings as PayconiqContract;
}

/**
 * A contract of the demo merchant connected to the real Payconiq (its API key sealed with the
 * harness's secret key).
 */
export async function createLiveContract(
  t: Pick<TestGateway, 'gateway' | 'merchantId'>,
  contractNumber: string,
): Promise<void> {
  const [pos] = await t.gateway.deps.merchants.listPointsOfSale(t.merchantId);
  const box = createSecretBox(Buffer.alloc(32, 7)); // the harness's PASSERELLE_SECRET_KEY
  await createContract(t.gateway.deps, {
    cardCode: 'PAYCONIQ_MNXT',
    merchantId: t.merchantId,
    contractNumber,
    pointOfSaleId: pos!.id,
    partnerContractId: contractNumber,
    partnerSettings: {
      apiKey: box.seal('live-key'),
      ppid: '5bb37284e35e2b29e363df22',
      apiBaseUrl: 'https://merchant.api.bancontact.net',
      jwksUrl: 'https://jwks.bancontact.net/',
    },
  });
}
