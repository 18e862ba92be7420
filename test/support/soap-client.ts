import type { TestGateway } from './test-gateway.js';

export const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
export const IMPL = 'http://impl.ws.payline.experian.com';
export const OBJ = 'http://obj.ws.payline.experian.com';

export interface DoWebPaymentFields {
  amount?: string | null;
  currency?: string | null;
  action?: string | null;
  mode?: string | null;
  contractNumber?: string | null;
  softDescriptor?: string | null;
  orderRef?: string | null;
  orderAmount?: string | null;
  orderCurrency?: string | null;
  orderCountry?: string | null;
  orderDate?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  returnURL?: string | null;
  cancelURL?: string | null;
  notificationURL?: string | null;
  languageCode?: string | null;
}

export const VALID_WEB_PAYMENT: Required<{ [K in keyof DoWebPaymentFields]: string }> = {
  amount: '1000',
  currency: '978',
  action: '101',
  mode: 'CPT',
  contractNumber: 'PAYCONIQFP',
  softDescriptor: '',
  orderRef: 'ORDER-1',
  orderAmount: '1000',
  orderCurrency: '978',
  orderCountry: 'BE',
  orderDate: '26/11/2026 10:00',
  firstName: 'John',
  lastName: 'Doe',
  returnURL: 'https://shop.example/return',
  cancelURL: 'https://shop.example/cancel',
  notificationURL: '',
  languageCode: '',
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
/** `<p:name>v</p:name>`; null = element absent, '' = element present but empty. */
const el = (prefix: string, name: string, v: string | null | undefined) =>
  v === null || v === undefined
    ? ''
    : v === ''
      ? `<${prefix}:${name}/>`
      : `<${prefix}:${name}>${esc(v)}</${prefix}:${name}>`;

/** A doWebPayment envelope like the PHP SDK sends (impl/obj prefixes). `null` omits a field. */
export function doWebPaymentEnvelope(overrides: DoWebPaymentFields = {}): string {
  const f = { ...VALID_WEB_PAYMENT, ...overrides };
  const opt = (prefix: string, name: string, v: string | null) => (v === '' ? '' : el(prefix, name, v));
  return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENV}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}"><SOAP-ENV:Body><impl:doWebPaymentRequest>
<impl:version>34</impl:version>
<impl:payment>${el('obj', 'amount', f.amount)}${el('obj', 'currency', f.currency)}${el('obj', 'action', f.action)}${el('obj', 'mode', f.mode)}${el('obj', 'contractNumber', f.contractNumber)}${opt('obj', 'softDescriptor', f.softDescriptor)}</impl:payment>
${el('impl', 'returnURL', f.returnURL)}${el('impl', 'cancelURL', f.cancelURL)}
<impl:order>${el('obj', 'ref', f.orderRef)}${el('obj', 'country', f.orderCountry)}${el('obj', 'amount', f.orderAmount)}${el('obj', 'currency', f.orderCurrency)}${el('obj', 'date', f.orderDate)}</impl:order>
${opt('impl', 'notificationURL', f.notificationURL)}${opt('impl', 'languageCode', f.languageCode)}
<impl:buyer>${el('obj', 'lastName', f.lastName)}${el('obj', 'firstName', f.firstName)}</impl:buyer>
</impl:doWebPaymentRequest></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
}

export function getWebPaymentDetailsEnvelope(token: string): string {
  return `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body><getWebPaymentDetailsRequest xmlns="${IMPL}"><version>34</version><token>${esc(token)}</token></getWebPaymentDetailsRequest></soapenv:Body></soapenv:Envelope>`;
}

export interface SoapAnswer {
  status: number;
  body: string;
  /** Text of the first element with this local name (any prefix), or undefined. */
  field(name: string): string | undefined;
}

export function soapAnswer(status: number, body: string): SoapAnswer {
  return {
    status,
    body,
    field(name) {
      const m = new RegExp(`<(?:\\w+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?${name}>`).exec(body);
      return m ? m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : undefined;
    },
  };
}

/** POSTs an envelope to a service through fastify.inject(). */
export async function postSoap(
  t: TestGateway,
  service: string,
  envelope: string,
  headers: Record<string, string> = {},
): Promise<SoapAnswer> {
  const res = await t.gateway.app.inject({
    method: 'POST',
    url: `/V4/services/${service}`,
    headers: { 'content-type': 'text/xml; charset=utf-8', authorization: t.authorization, ...headers },
    payload: envelope,
  });
  return soapAnswer(res.statusCode, res.body);
}
