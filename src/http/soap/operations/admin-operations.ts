import type { Contract } from '../../../domain/merchant.js';
import { resultOf } from '../../../domain/result-codes.js';
import type { WireObject } from '../../../domain/wire-object.js';
import { getMerchantSettings, type PointOfSaleSettings } from '../../../merchants/get-merchant-settings.js';
import type { SoapOperation } from './registry.js';

/** The key is never rotated, so it has no expiry; the element is mandatory, hence the far future. */
const NO_EXPIRY = '31/12/2099';

/**
 * obj:contract. Fields Passerelle has no value for (bank account, acquirer, amount ceiling) are
 * left out and so sent nil; never the partner settings (API key, profile id).
 */
const contractWire = (c: Contract): WireObject => ({
  cardType: c.cardCode,
  label: c.label,
  contractNumber: c.contractNumber,
  currency: String(c.currency),
  // Payconiq by Bancontact payments are captured when the buyer pays.
  settlementType: 'Now',
  logoEnable: 'false',
});

/** obj:pointOfSell: the point of sale's id and label (as getTransactionDetails names it) and its contracts. */
const pointOfSellWire = ({ pointOfSale: p, contracts }: PointOfSaleSettings): WireObject => ({
  id: p.id,
  label: p.label,
  notificationURL: p.notificationUrl,
  // The hosted page sends the buyer back to the shop by itself once the payment is final.
  endOfPaymentRedirection: 'true',
  ticketSend: { toBuyer: 'false', toMerchant: 'false' },
  contracts: { contract: contracts.map(contractWire) },
  customPaymentPageCodeList: {},
});

/** DirectPaymentAPI calls shop modules make from their configuration screens. */
export const ADMIN_OPERATIONS: Record<string, SoapOperation> = {
  async getMerchantSettings(deps, merchantId) {
    const settings = await getMerchantSettings(deps, merchantId);
    return { result: { ...resultOf('00000') }, listPointOfSell: { pointOfSell: settings.map(pointOfSellWire) } };
  },

  // One key for every merchant and whatever merchantKeyName asks for: the answer names the key it is.
  async getEncryptionKey(deps) {
    const key = await deps.cardEncryptionKey();
    return {
      result: { ...resultOf('00000') },
      key: {
        keyId: key.keyId,
        modulus: key.modulusHex,
        merchantKeyName: key.name,
        publicExponent: key.publicExponentHex,
        expirationDate: NO_EXPIRY,
        algo: 'RSA',
        size: String(key.sizeBits),
      },
    };
  },
};
