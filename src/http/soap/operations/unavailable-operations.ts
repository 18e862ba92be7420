import type { PaymentMethods } from '../../../connectors/partner-port.js';
import { explainedResult } from '../../../domain/result-codes.js';
import { SERVICES } from '../schema/payline-schema.js';
import type { SoapOperation } from './registry.js';

type Reason = string | ((methods: PaymentMethods) => string);

const WALLETS: Reason = (m) =>
  `wallets are not supported for ${m.cardCodesText}, the buyer's ${m.appNamesText} app is the wallet`;
const RECURRING: Reason = (m) =>
  `recurring and scheduled payments are not supported for ${m.cardCodesText}, every payment is approved in the buyer's app`;
const DIRECT: Reason = (m) =>
  `server-to-server card payments are not supported, Passerelle is a wallet gateway: use doWebPayment, or doAuthorization to show the ${m.appNamesText} QR code yourself`;
const THREE_DS: Reason = (m) =>
  `3-D Secure does not apply to ${m.cardCodesText}, the buyer authenticates in the ${m.appNamesText} app`;

/**
 * Why each WSDL operation Passerelle does not implement answers 02010 (Requested function not
 * available), in terms of the gateway's payment methods. A merchant reads it in result.longMessage.
 */
const REASONS: Record<string, Reason> = {
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
  doReAuthorization: (m) => `${m.cardCodesText} payments are captured at once, there is no authorization to renew`,
  verifyEnrollment: THREE_DS,
  verifyAuthentication: THREE_DS,
  doScoringCheque: 'cheques are not supported',
  getBalance: 'gift and prepaid card balances are not supported',
  getToken: 'card tokenization is not supported, Passerelle accepts no card data',
  unBlock: (m) => `${m.cardCodesText} transactions are never blocked for review`,
  doBankTransfer: 'bank transfers are not supported',
  isRegistered: (m) => `not applicable to ${m.cardCodesText}`,
  prepareSession: (m) => `not applicable to ${m.cardCodesText}`,
  getAlertDetails: 'Passerelle runs no fraud screening, so it raises no fraud alert',
};

export function unavailableReason(operation: string, methods: PaymentMethods): string {
  const reason = REASONS[operation];
  if (reason === undefined) return `${operation} is not supported by Passerelle`;
  return typeof reason === 'string' ? reason : reason(methods);
}

/** Answers `{op}Response` with 02010 and the reason. */
export const unavailable =
  (operation: string): SoapOperation =>
  async (deps) => ({ result: { ...explainedResult('02010', unavailableReason(operation, deps.paymentMethods)) } });

/** Every operation of the three services, answering 02010; implemented ones override these entries. */
export const UNAVAILABLE_OPERATIONS: Record<string, SoapOperation> = Object.fromEntries(
  Object.values(SERVICES)
    .flat()
    .map((op) => [op, unavailable(op)]),
);
