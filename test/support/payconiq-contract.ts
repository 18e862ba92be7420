import type { PayconiqContract } from '../../src/connectors/payconiq/contract-settings.js';
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
