import type { PaymentMethod } from '../../connectors/partner-port.js';
import { GatewayError } from '../../domain/gateway-error.js';
import type { ContractWithContext } from '../../ports/merchant-configuration.js';
import type { PaymentDeps } from '../deps.js';

export interface PayableContract extends ContractWithContext {
  method: PaymentMethod;
}

/**
 * The merchant's contract a new payment names, with its point of sale and payment method: unknown,
 * inactive, a payment method this gateway does not offer, another currency, or not connected to
 * the partner outside homologation → 02303.
 */
export async function findPayableContract(
  deps: Pick<PaymentDeps, 'merchants' | 'paymentMethods' | 'homologation'>,
  merchantId: string,
  contractNumber: string,
  currency: number,
): Promise<PayableContract> {
  const found = await deps.merchants.findContract(merchantId, contractNumber);
  const method = found && deps.paymentMethods.byCardCode(found.contract.cardCode);
  if (!found || !method || !found.contract.active || found.contract.currency !== currency)
    throw new GatewayError('02303');
  // A contract not connected to the partner can only be paid through the homologation simulator.
  if (!found.contract.partnerSettings && !(deps.homologation && method.homologationSettings))
    throw new GatewayError('02303');
  return { ...found, method };
}
