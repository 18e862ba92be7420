import { XMLParser } from 'fast-xml-parser';

/**
 * The shop's client of the gateway's SOAP WebPaymentAPI, as a merchant writes one without an SDK:
 * an envelope per call, Basic auth with the merchant id and access key, the answer read by
 * element name. Only the public API: the same code talks to Payline's homologation.
 */
export interface GatewayAccount {
  /** The gateway's base URL, e.g. http://localhost:8080 (no trailing slash). */
  gatewayUrl: string;
  merchantId: string;
  accessKey: string;
  /** The payment contract, PAYCONIQFP for the demo merchant. */
  contractNumber: string;
}

export interface WebPaymentRequest {
  amountCents: number;
  orderRef: string;
  orderDate: Date;
  firstName: string;
  lastName: string;
  returnURL: string;
  cancelURL: string;
  notificationURL: string;
}

export interface Result {
  code: string;
  shortMessage: string;
  longMessage: string;
}

export type WebPaymentCreated = { ok: true; token: string; redirectURL: string } | { ok: false; result: Result };

export interface WebPaymentDetails {
  result: Result;
  /** Present once the payment has a final result. */
  transactionId: string | undefined;
  orderRef: string | undefined;
  amountCents: number | undefined;
}

/** The gateway could not be reached or did not answer with a SOAP response. */
export class GatewayUnavailableError extends Error {}

const IMPL = 'http://impl.ws.payline.experian.com';
const OBJ = 'http://obj.ws.payline.experian.com';
const TIMEOUT_MS = 15_000;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const el = (prefix: string, name: string, value: string | number) =>
  `<${prefix}:${name}>${xml(String(value))}</${prefix}:${name}>`;
const two = (n: number) => String(n).padStart(2, '0');
/** Payline's `dd/MM/yyyy HH:mm`, in the server's time zone. */
const paylineDate = (d: Date) =>
  `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });

type Node = Record<string, unknown>;
const child = (node: unknown, name: string): Node | undefined => {
  const v = node && typeof node === 'object' ? (node as Node)[name] : undefined;
  return v && typeof v === 'object' ? (v as Node) : undefined;
};
const text = (node: unknown, name: string): string | undefined => {
  const v = node && typeof node === 'object' ? (node as Node)[name] : undefined;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
};
const resultOf = (response: Node | undefined): Result => {
  const r = child(response, 'result');
  return {
    code: text(r, 'code') ?? '',
    shortMessage: text(r, 'shortMessage') ?? '',
    longMessage: text(r, 'longMessage') ?? '',
  };
};

export function createPaylineClient(account: GatewayAccount) {
  const authorization = `Basic ${Buffer.from(`${account.merchantId}:${account.accessKey}`).toString('base64')}`;

  async function call(operation: string, body: string): Promise<Node | undefined> {
    const envelope = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}"><soapenv:Body><impl:${operation}Request><impl:version>34</impl:version>${body}</impl:${operation}Request></soapenv:Body></soapenv:Envelope>`;
    let res: Response;
    try {
      res = await fetch(`${account.gatewayUrl}/V4/services/WebPaymentAPI`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: operation, authorization },
        body: envelope,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new GatewayUnavailableError(`the gateway did not answer ${operation}: ${(err as Error).message}`);
    }
    const answer = await res.text();
    const soapBody = child(child(parser.parse(answer), 'Envelope'), 'Body');
    const fault = child(soapBody, 'Fault');
    if (fault || res.status !== 200)
      throw new GatewayUnavailableError(`${operation}: HTTP ${res.status} ${text(fault, 'faultstring') ?? ''}`.trim());
    return child(soapBody, `${operation}Response`);
  }

  return {
    async doWebPayment(req: WebPaymentRequest): Promise<WebPaymentCreated> {
      const payment =
        el('obj', 'amount', req.amountCents) +
        el('obj', 'currency', 978) +
        el('obj', 'action', 101) +
        el('obj', 'mode', 'CPT') +
        el('obj', 'contractNumber', account.contractNumber);
      const order =
        el('obj', 'ref', req.orderRef) +
        el('obj', 'country', 'BE') +
        el('obj', 'amount', req.amountCents) +
        el('obj', 'currency', 978) +
        el('obj', 'date', paylineDate(req.orderDate));
      const response = await call(
        'doWebPayment',
        `<impl:payment>${payment}</impl:payment>` +
          el('impl', 'returnURL', req.returnURL) +
          el('impl', 'cancelURL', req.cancelURL) +
          `<impl:order>${order}</impl:order>` +
          el('impl', 'notificationURL', req.notificationURL) +
          `<impl:buyer>${el('obj', 'lastName', req.lastName)}${el('obj', 'firstName', req.firstName)}</impl:buyer>`,
      );
      const result = resultOf(response);
      const token = text(response, 'token');
      const redirectURL = text(response, 'redirectURL');
      if (result.code !== '00000' || !token || !redirectURL) return { ok: false, result };
      return { ok: true, token, redirectURL };
    },

    async getWebPaymentDetails(token: string): Promise<WebPaymentDetails> {
      const response = await call('getWebPaymentDetails', el('impl', 'token', token));
      const amount = text(child(response, 'payment'), 'amount');
      return {
        result: resultOf(response),
        transactionId: text(child(response, 'transaction'), 'id'),
        orderRef: text(child(response, 'order'), 'ref'),
        amountCents: amount === undefined ? undefined : Number(amount),
      };
    },
  };
}

export type PaylineClient = ReturnType<typeof createPaylineClient>;
