import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { buyerPresses } from '../support/extended-api.js';
import { REFERENCE_MISSING, referenceWsdlPath, schemaWsdl } from '../support/payline-reference.js';
import { IMPL, OBJ, postSoap, SOAP_ENV, VALID_WEB_PAYMENT } from '../support/soap-client.js';
import {
  childText,
  IMPL_NS,
  implSequence,
  OBJ_NS,
  readOperationResponse,
  schemaViolations,
} from '../support/soap-response.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { readWsdl } from '../support/wsdl-model.js';
import type { XmlElement } from '../support/xml-tree.js';
import type { Wire } from '../support/wire.js';

/**
 * The privateDataList a shop sends with doWebPayment comes back, entry for entry and in order, in
 * getWebPaymentDetails and getTransactionDetails: shop modules find their order by it (PrestaShop
 * reads its cart id there). One entry and many, from a PHP-SoapClient-shaped envelope and from a
 * node-soap client built from Payline's WSDL.
 */

type Answer = Record<string, Wire>;
type Entry = { key: string; value: string };

const reference = readWsdl(schemaWsdl('WebPaymentAPI'));
const ONE: Entry[] = [{ key: 'id_cart', value: '4217' }];
const MANY: Entry[] = [
  { key: 'id_cart', value: '4218' },
  { key: 'id_module', value: '71' },
  { key: 'secure_key', value: 'a&b<c>"d"' },
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * doWebPayment as PHP's SoapClient writes it for the Payline PHP SDK: ns1/ns2 prefixes, and each
 * privateData a SoapVar, so it carries an xsi:type.
 */
function phpStyleDoWebPayment(orderRef: string, entries: Entry[]): string {
  const f = VALID_WEB_PAYMENT;
  const privateData = entries
    .map(
      (e) =>
        `<ns2:privateData xsi:type="ns2:privateData"><ns2:key>${esc(e.key)}</ns2:key><ns2:value>${esc(e.value)}</ns2:value></ns2:privateData>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP_ENV}" xmlns:ns1="${IMPL}" xmlns:ns2="${OBJ}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><SOAP-ENV:Body><ns1:doWebPaymentRequest>
<ns1:version>34</ns1:version>
<ns1:payment><ns2:amount>${f.amount}</ns2:amount><ns2:currency>978</ns2:currency><ns2:action>101</ns2:action><ns2:mode>CPT</ns2:mode><ns2:contractNumber>PAYCONIQFP</ns2:contractNumber></ns1:payment>
<ns1:returnURL>${f.returnURL}</ns1:returnURL><ns1:cancelURL>${f.cancelURL}</ns1:cancelURL>
<ns1:order><ns2:ref>${orderRef}</ns2:ref><ns2:country>BE</ns2:country><ns2:amount>${f.amount}</ns2:amount><ns2:currency>978</ns2:currency><ns2:date>${f.orderDate}</ns2:date></ns1:order>
<ns1:notificationURL xsi:nil="true"/>
<ns1:privateDataList>${privateData}</ns1:privateDataList>
<ns1:buyer><ns2:lastName>Doe</ns2:lastName><ns2:firstName>John</ns2:firstName></ns1:buyer>
</ns1:doWebPaymentRequest></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
}

const implEnvelope = (operation: string, children: string) =>
  `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Body><i:${operation}Request xmlns:i="${IMPL}"><i:version>34</i:version>${children}</i:${operation}Request></s:Body></s:Envelope>`;

/** The privateData entries of a schema-valid `{operation}Response`, read by namespace. */
async function echoedEntries(t: TestGateway, service: string, operation: string, children: string): Promise<Entry[]> {
  const answer = await postSoap(t, service, implEnvelope(operation, children));
  assert.equal(answer.status, 200, answer.body);
  const { element } = readOperationResponse(answer.body, operation);
  assert.deepEqual(
    schemaViolations(
      element,
      implSequence(reference, `${operation}Response`),
      IMPL_NS,
      reference,
      `${operation}Response`,
    ),
    [],
  );
  const list = element.children.find((c) => c.ns === IMPL_NS && c.local === 'privateDataList');
  assert.ok(list, `${operation}Response has a privateDataList`);
  return list.children.map((p: XmlElement) => ({
    key: childText(p, OBJ_NS, 'key') ?? '',
    value: childText(p, OBJ_NS, 'value') ?? '',
  }));
}

describe('privateDataList sent with doWebPayment comes back in the reads', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  for (const [label, entries] of [
    ['one entry', ONE],
    ['three entries', MANY],
  ] as const) {
    it(`${label}, PHP SoapClient envelope → getWebPaymentDetails (before and after paying) and getTransactionDetails`, async () => {
      const created = await postSoap(t, 'WebPaymentAPI', phpStyleDoWebPayment(`PS-${entries.length}`, entries));
      assert.equal(created.field('code'), '00000', created.body);
      const token = created.field('token')!;
      const details = `<i:token>${token}</i:token>`;

      assert.deepEqual(await echoedEntries(t, 'WebPaymentAPI', 'getWebPaymentDetails', details), entries);
      const transactionId = await buyerPresses(t, token, 'pay');
      assert.deepEqual(await echoedEntries(t, 'WebPaymentAPI', 'getWebPaymentDetails', details), entries);
      assert.deepEqual(
        await echoedEntries(
          t,
          'ExtendedAPI',
          'getTransactionDetails',
          `<i:transactionId>${transactionId}</i:transactionId>`,
        ),
        entries,
      );
    });
  }

  it(
    'node-soap clients from Payline WSDL 4.77: doWebPayment → getWebPaymentDetails → getTransactionDetails',
    { skip: REFERENCE_MISSING },
    async () => {
      const client = async (service: string) => {
        const c = await soap.createClientAsync(referenceWsdlPath(service));
        c.setEndpoint(`${t.baseUrl}/V4/services/${service}`);
        c.setSecurity(new soap.BasicAuthSecurity(t.merchantId, t.accessKey));
        return c;
      };
      const web = await client('WebPaymentAPI');
      const extended = await client('ExtendedAPI');
      const call = async (c: soap.Client, operation: string, args: Answer): Promise<Answer> =>
        ((await c[`${operation}Async`](args)) as [Answer])[0];
      const list = (v: Entry | Entry[] | undefined) => (v === undefined ? [] : [v].flat());

      for (const entries of [ONE, MANY]) {
        const created = await call(web, 'doWebPayment', {
          version: '34',
          payment: { amount: '1000', currency: '978', action: '101', mode: 'CPT', contractNumber: 'PAYCONIQFP' },
          returnURL: VALID_WEB_PAYMENT.returnURL,
          cancelURL: VALID_WEB_PAYMENT.cancelURL,
          order: {
            ref: `NS-${entries.length}`,
            country: 'BE',
            amount: '1000',
            currency: '978',
            date: VALID_WEB_PAYMENT.orderDate,
          },
          privateDataList: { privateData: entries },
          buyer: { lastName: 'Doe', firstName: 'John' },
        });
        assert.equal(created.result.code, '00000');
        const transactionId = await buyerPresses(t, created.token, 'pay');
        const details = await call(web, 'getWebPaymentDetails', { version: '34', token: created.token });
        assert.deepEqual(list(details.privateDataList.privateData), entries);
        const transaction = await call(extended, 'getTransactionDetails', { version: '34', transactionId });
        assert.deepEqual(list(transaction.privateDataList.privateData), entries);
      }
    },
  );
});
