import { IMPL, OBJ, SOAP_ENV } from './soap-client.js';

export interface DoAuthorizationFields {
  amount?: string | null;
  currency?: string | null;
  action?: string | null;
  mode?: string | null;
  contractNumber?: string | null;
  cardType?: string | null;
  cardNumber?: string | null;
  orderRef?: string | null;
  orderAmount?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

export const VALID_DIRECT_PAYMENT: Required<{ [K in keyof DoAuthorizationFields]: string | null }> = {
  amount: '2500',
  currency: '978',
  action: '101',
  mode: 'CPT',
  contractNumber: 'PAYCONIQFP',
  cardType: 'PAYCONIQ_MNXT',
  cardNumber: null,
  orderRef: 'TILL-1',
  orderAmount: '2500',
  firstName: 'Anna',
  lastName: 'Peeters',
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const el = (prefix: string, name: string, v: string | null | undefined) =>
  v === null || v === undefined ? '' : `<${prefix}:${name}>${esc(v)}</${prefix}:${name}>`;

/**
 * A doAuthorization envelope as the PHP SDK sends it (WSDL element order, the empty
 * bankAccountData it always adds, a privateDataList). `null` omits a field.
 */
export function doAuthorizationEnvelope(overrides: DoAuthorizationFields = {}): string {
  const f = { ...VALID_DIRECT_PAYMENT, ...overrides };
  return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENV}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}"><SOAP-ENV:Body><impl:doAuthorizationRequest>
<impl:version>34</impl:version>
<impl:payment>${el('obj', 'amount', f.amount)}${el('obj', 'currency', f.currency)}${el('obj', 'action', f.action)}${el('obj', 'mode', f.mode)}${el('obj', 'contractNumber', f.contractNumber)}</impl:payment>
<impl:bankAccountData><obj:countryCode/><obj:bankCode/><obj:accountNumber/><obj:key/></impl:bankAccountData>
<impl:card>${el('obj', 'number', f.cardNumber)}${el('obj', 'type', f.cardType)}</impl:card>
<impl:order>${el('obj', 'ref', f.orderRef)}<obj:country>BE</obj:country>${el('obj', 'amount', f.orderAmount)}<obj:currency>978</obj:currency><obj:date>26/11/2026 10:00</obj:date></impl:order>
<impl:buyer>${el('obj', 'lastName', f.lastName)}${el('obj', 'firstName', f.firstName)}</impl:buyer>
<impl:privateDataList><obj:privateData><obj:key>till</obj:key><obj:value>3</obj:value></obj:privateData></impl:privateDataList>
</impl:doAuthorizationRequest></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
}
