import { GatewayError } from '../../domain/gateway-error.js';
import { PAYCONIQ_CARD_CODE } from '../../domain/merchant.js';
import type { ContractWithContext } from '../../ports/merchant-configuration.js';
import type { PaymentDeps } from '../deps.js';

/**
 * The merchant's contract a new payment names, with its point of sale: unknown, inactive, another
 * payment method, another currency, or not connected to the partner outside homologation → 02303.
 */
export async function findPayableContract(deps: Pick<PaymentDeps, 'merchants' | 'simulator'>, merchantId: string, contractNumber: string, currency: number): Promise<ContractWithContext> {
  const found = await deps.merchants.findContract(merchantId, contractNumber);
  if (!found || !found.contract.active || found.contract.cardCode !== PAYCONIQ_CARD_CODE || found.contract.currency !== currency) {
    throw new GatewayError('02303');
  }
  // A contract not connected to the partner can only be paid through the homologation simulator.
  if (!found.contract.partner && !deps.simulator) throw new GatewayError('02303');
  return found;
}
