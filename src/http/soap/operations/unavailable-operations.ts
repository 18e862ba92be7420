import { PAYCONIQ_CARD_CODE } from '../../../domain/merchant.js';
import { explainedResult } from '../../../domain/result-codes.js';
import { SERVICES } from '../schema/payline-schema.js';
import type { SoapOperation } from './registry.js';

const WALLETS = `wallets are not supported for ${PAYCONIQ_CARD_CODE}, the buyer's Payconiq app is the wallet`;
const RECURRING = `recurring and scheduled payments are not supported for ${PAYCONIQ_CARD_CODE}, every payment is approved in the buyer's app`;
const DIRECT = `server-to-server card payments are not supported, Passerelle is a wallet gateway: use doWebPayment, or doAuthorization to show the Payconiq QR code yourself`;
const THREE_DS = `3-D Secure does not apply to ${PAYCONIQ_CARD_CODE}, the buyer authenticates in the Payconiq app`;

/**
 * Why each WSDL operation Passerelle does not implement answers 02010 (Requested function not
 * available). A merchant reads the reason in result.longMessage.
 */
const REASONS: Record<string, string> = {
  manageWebWallet: WALLETS,
  createWebWallet: WALLETS,
  updateWebWallet: WALLETS,
  getWebWallet: WALLETS,
  createWallet: WALLETS,
  updateWallet: WALLETS,
  getWallet: WALLETS,
  getCards: WALLETS,
  disableWallet: WALLETS,
  enableWallet: WALLETS,
  doImmediateWalletPayment: WALLETS,
  doScheduledWalletPayment: RECURRING,
  doRecurrentWalletPayment: RECURRING,
  getPaymentRecord: RECURRING,
  disablePaymentRecord: RECURRING,
  updatePaymentRecord: RECURRING,
  getBillingRecord: RECURRING,
  updateBillingRecord: RECURRING,
  doAuthorizationRedirect: DIRECT,
  doDebit: DIRECT,
  doCredit: `crediting a card is not supported, Passerelle is a wallet gateway: use doRefund on the payment`,
  doReAuthorization: `${PAYCONIQ_CARD_CODE} payments are captured at once, there is no authorization to renew`,
  verifyEnrollment: THREE_DS,
  verifyAuthentication: THREE_DS,
  doScoringCheque: 'cheques are not supported',
  getBalance: 'gift and prepaid card balances are not supported',
  getToken: 'card tokenization is not supported, Passerelle accepts no card data',
  unBlock: `${PAYCONIQ_CARD_CODE} transactions are never blocked for review`,
  doBankTransfer: 'bank transfers are not supported',
  isRegistered: `not applicable to ${PAYCONIQ_CARD_CODE}`,
  prepareSession: `not applicable to ${PAYCONIQ_CARD_CODE}`,
  getAlertDetails: 'Passerelle runs no fraud screening, so it raises no fraud alert',
};

export function unavailableReason(operation: string): string {
  return REASONS[operation] ?? `${operation} is not supported by Passerelle`;
}

/** Answers `{op}Response` with 02010 and the reason. */
export const unavailable = (operation: string): SoapOperation => async () => ({ result: { ...explainedResult('02010', unavailableReason(operation)) } });

/** Every operation of the three services, answering 02010; implemented ones override these entries. */
export const UNAVAILABLE_OPERATIONS: Record<string, SoapOperation> = Object.fromEntries(
  Object.values(SERVICES).flat().map((op) => [op, unavailable(op)]),
);
