import type { Logger } from 'pino';
import type { PartnerConnection, PaymentMethod, SimulatedPayer } from '../partner-port.js';
import { peekCallbackPaymentId } from './callback-verifier.js';
import {
  describePayconiqSettings,
  PAYCONIQ_SECRET_SETTINGS,
  payconiqSettings,
  type PayconiqContract,
} from './contract-settings.js';
import type { EmbeddedProfiles } from './embedded-profiles.js';
import { paidDetailsOf } from './paid-details.js';
import { createPayconiqConnector, type PayconiqConnectorOptions } from './payconiq-connector.js';
import { toPartnerPayment } from './payment-mapping.js';
import { realPayconiqHost, type SimulatorAction } from './simulator-control.js';

export const PAYCONIQ_CARD_CODE = 'PAYCONIQ_MNXT';

export interface PayconiqMethodOptions extends PayconiqConnectorOptions {
  /** Homologation: the buttons that play the buyer's phone, and profiles at the embedded simulator. */
  homologation?: { simulatorAction: SimulatorAction; embeddedProfiles?: EmbeddedProfiles | undefined } | undefined;
}

/** Payconiq by Bancontact as a payment method of the gateway (card code PAYCONIQ_MNXT). */
export function createPayconiqMethod(opts: PayconiqMethodOptions = {}): PaymentMethod {
  const connector = createPayconiqConnector(opts);
  const log: Logger | undefined = opts.logger?.child({ partner: 'payconiq' });
  const homologation = opts.homologation;
  const simulatedPayer = (apiBaseUrl: string): SimulatedPayer | undefined => {
    if (!homologation) return undefined;
    const host = realPayconiqHost(apiBaseUrl);
    if (host) return { kind: 'real-partner', host };
    return {
      kind: 'simulator',
      host: hostOf(apiBaseUrl),
      act: (id, action) => homologation.simulatorAction(apiBaseUrl, id, action),
    };
  };

  return {
    cardCode: PAYCONIQ_CARD_CODE,
    displayName: 'Payconiq by Bancontact',
    appName: 'Payconiq',
    callbackId: 'payconiq',
    settings: payconiqSettings,
    secretSettings: PAYCONIQ_SECRET_SETTINGS,
    // The functional description: "Le délai de paiement doit être configuré avec la valeur de 61."
    requiredPaymentDelayMinutes: 61,
    describeSettings: describePayconiqSettings,
    peekCallbackPaymentId,
    realPartnerHost: (link) => (homologation ? realPayconiqHost(link) : undefined),
    ...(homologation?.embeddedProfiles && { homologationSettings: homologation.embeddedProfiles }),

    connect(identity, settings): PartnerConnection {
      const contract: PayconiqContract = {
        ...payconiqSettings.parse(settings),
        merchantId: identity.partnerContractId,
      };
      return {
        cardCode: PAYCONIQ_CARD_CODE,
        settings: contract,
        simulatedPayer: simulatedPayer(contract.apiBaseUrl),
        createPayment: (input) => connector.createPayment(contract, input),
        getPayment: (id) => connector.getPayment(contract, id),
        cancelPayment: (id) => connector.cancelPayment(contract, id),
        // The payment came from this connector: its raw body holds what Payconiq said of the payer.
        paidDetails: (payment) => paidDetailsOf(connector, contract, toPartnerPayment(payment.raw), log),
        verifyCallback: (rawBody, headers, callbackUrl) =>
          connector.verifyCallback(rawBody, headers['signature'], { contract, callbackUrl }),
        createRefund: (input) => connector.createRefund(contract, input),
        getRefund: (paymentId, refundId) => connector.getRefund(contract, paymentId, refundId),
        checkConnection: () => connector.checkConnection(contract),
      };
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
