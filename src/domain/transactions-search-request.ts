import { GatewayError, invalidFormat, invalidValue, refusedBecause } from './gateway-error.js';
import {
  checkPeriod,
  fieldText,
  idField,
  searchDate,
  textField,
  type TransactionCriteria,
} from './transaction-criteria.js';

/** transactionsSearchRequest as read off the wire (every field optional text). */
export type TransactionsSearchRequest = Partial<
  Record<
    | 'transactionId'
    | 'orderRef'
    | 'startDate'
    | 'endDate'
    | 'contractNumber'
    | 'authorizationNumber'
    | 'returnCode'
    | 'paymentMean'
    | 'transactionType'
    | 'name'
    | 'firstName'
    | 'email'
    | 'currency'
    | 'minAmount'
    | 'maxAmount'
    | 'walletId'
    | 'sequenceNumber'
    | 'token'
    | 'pointOfSellId'
    | 'cardNetwork'
    | 'threeDSecured'
    | 'customerMediaId',
    unknown
  >
>;

/** The WSDL's transactionList holds at most 5000 transactions; more matches → 02311. */
export const MAX_SEARCH_RESULTS = 5000;

/**
 * Criteria a Payconiq transaction has no value for (no authorization number, wallet, sequence,
 * card network, 3-D Secure or customer media): searching on them is refused (02312) rather than
 * silently ignored, which would return transactions the merchant did not ask for.
 */
const UNSUPPORTED = [
  'authorizationNumber',
  'transactionType',
  'walletId',
  'sequenceNumber',
  'cardNetwork',
  'threeDSecured',
  'customerMediaId',
] as const;

function amount(value: unknown, field: string): number | undefined {
  const text = fieldText(value);
  if (text === undefined) return undefined;
  if (!/^\d{1,12}$/.test(text)) throw invalidFormat(field);
  return Number(text);
}

function matching(value: unknown, pattern: RegExp, field: string): string | undefined {
  const text = fieldText(value);
  if (text !== undefined && !pattern.test(text)) throw invalidFormat(field);
  return text;
}

/**
 * transactionsSearch rules, in order: startDate and endDate required (02308) and readable (02305),
 * endDate not before startDate (02312), at most a year apart (02320); every other criterion
 * well-formed (02305) and coherent (02312). A payment mean that is none of the gateway's card
 * codes cannot match any Passerelle transaction (02310).
 */
export function validateTransactionsSearch(
  req: TransactionsSearchRequest,
  methods: { cardCodes: readonly string[]; cardCodesText: string },
): TransactionCriteria {
  if (fieldText(req.startDate) === undefined) throw invalidValue('startDate');
  if (fieldText(req.endDate) === undefined) throw invalidValue('endDate');
  const from = searchDate(req.startDate, 'startDate', 'start');
  const to = searchDate(req.endDate, 'endDate', 'end');
  checkPeriod(from, to);

  const transactionId = idField(req.transactionId, 'transactionId');
  const orderRef = textField(req.orderRef, 'orderRef');
  const contractNumber = textField(req.contractNumber, 'contractNumber');
  const resultCode = matching(req.returnCode, /^\d{5}$/, 'returnCode');
  const currency = matching(req.currency, /^\d{3}$/, 'currency');
  const criteria: TransactionCriteria = {
    from,
    to,
    transactionId,
    orderRef,
    contractNumber,
    resultCode,
    currency: currency === undefined ? undefined : Number(currency),
    minAmount: amount(req.minAmount, 'minAmount'),
    maxAmount: amount(req.maxAmount, 'maxAmount'),
    token: idField(req.token, 'token'),
    email: textField(req.email, 'email', 150),
    lastName: textField(req.name, 'name', 100),
    firstName: textField(req.firstName, 'firstName', 100),
    pointOfSaleId: textField(req.pointOfSellId, 'pointOfSellId'),
  };
  if (criteria.minAmount !== undefined && criteria.maxAmount !== undefined && criteria.minAmount > criteria.maxAmount) {
    throw refusedBecause('02312', 'minAmount is greater than maxAmount');
  }
  for (const field of UNSUPPORTED) {
    if (fieldText(req[field]) !== undefined)
      throw refusedBecause('02312', `${field} cannot be searched, ${methods.cardCodesText} transactions have none`);
  }
  const paymentMean = fieldText(req.paymentMean)?.toUpperCase();
  if (paymentMean !== undefined && !methods.cardCodes.includes(paymentMean)) {
    throw refusedBecause('02310', `Passerelle only has ${methods.cardCodesText} transactions`);
  }
  return { ...criteria, cardCode: paymentMean };
}

/** More than MAX_SEARCH_RESULTS matches. */
export function tooManyResults(): GatewayError {
  return refusedBecause('02311', `more than ${MAX_SEARCH_RESULTS} transactions, narrow the search`);
}
