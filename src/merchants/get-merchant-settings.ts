import type { Contract, PointOfSale } from '../domain/merchant.js';
import type { MerchantDeps } from './merchant-deps.js';

export interface PointOfSaleSettings {
  pointOfSale: PointOfSale;
  /** Its active contracts, by contract number. */
  contracts: Contract[];
}

/**
 * The merchant's points of sale, each with its active contracts: what getMerchantSettings shows a
 * shop module's configuration screen so that the merchant picks the contract to pay with. An
 * inactive contract is left out because a payment naming it is refused (02303). Only the
 * merchant's own configuration is read.
 */
export async function getMerchantSettings(
  { merchants }: Pick<MerchantDeps, 'merchants'>,
  merchantId: string,
): Promise<PointOfSaleSettings[]> {
  const [pointsOfSale, contracts] = await Promise.all([
    merchants.listPointsOfSale(merchantId),
    merchants.listContracts(merchantId),
  ]);
  return pointsOfSale.map((pointOfSale) => ({
    pointOfSale,
    contracts: contracts.filter((c) => c.active && c.pointOfSaleId === pointOfSale.id),
  }));
}
