import { invalidValue, refusedBecause } from '../../domain/gateway-error.js';
import type { ContractWithContext } from '../../ports/merchant-configuration.js';
import type { PaymentDeps } from '../deps.js';

/**
 * Monext Retail's `pointOfSaleReference` (REST session create): the point of sale the session is
 * for, named by its label. Without `paymentMethodIDs` its one active wallet contract pays;
 * with them, the contract named must belong to it.
 */
export async function contractOfPointOfSale(
  deps: Pick<PaymentDeps, 'merchants' | 'paymentMethods'>,
  merchantId: string,
  reference: string,
): Promise<string> {
  const pointOfSale = (await deps.merchants.listPointsOfSale(merchantId)).find((p) => p.label === reference);
  if (!pointOfSale) throw invalidValue(`pointOfSaleReference (no point of sale "${reference}")`);
  const payable = (await deps.merchants.listContracts(merchantId)).filter(
    (c) => c.pointOfSaleId === pointOfSale.id && c.active && deps.paymentMethods.byCardCode(c.cardCode) !== undefined,
  );
  if (payable.length !== 1) {
    const codes = deps.paymentMethods.cardCodesText;
    const why =
      payable.length === 0
        ? `has no active ${codes} contract`
        : `has several ${codes} contracts, name one in paymentMethodIDs`;
    throw refusedBecause('02303', `point of sale "${reference}" ${why}`);
  }
  return payable[0]!.contractNumber;
}

export function assertContractOnPointOfSale(found: ContractWithContext, reference: string): void {
  if (found.pointOfSale.label !== reference) {
    throw refusedBecause('02303', `contract ${found.contract.contractNumber} is not on point of sale "${reference}"`);
  }
}
