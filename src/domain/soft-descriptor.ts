/**
 * The label on the buyer's statement (seed, "Libellé sur le ticket de paiement"):
 * `payment.softDescriptor`, else the contract's trade name, else the merchant's trade name.
 */
export function resolveSoftDescriptor(
  requested: string | undefined,
  contractTradeName: string | undefined,
  merchantTradeName: string,
): string {
  for (const candidate of [requested, contractTradeName]) {
    if (candidate && candidate.trim() !== '') return candidate.trim();
  }
  return merchantTradeName;
}
