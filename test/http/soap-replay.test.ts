import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readSample, REFERENCE_MISSING, requestSamples, schemaWsdl } from '../support/payline-reference.js';
import { postSoap, type SoapAnswer } from '../support/soap-client.js';
import {
  childText,
  IMPL_NS,
  implSequence,
  OBJ_NS,
  readOperationResponse,
  schemaViolations,
  SOAP11_NS,
  type ParsedResponse,
} from '../support/soap-response.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { readWsdl } from '../support/wsdl-model.js';
import { onlyChild, parseXml } from '../support/xml-tree.js';

/**
 * Replays the exact envelopes the Payline Java SDK 4.77 emits (its WireMock fixtures, read in
 * place from ../shared): JAX-WS style prefixes (S:, ns2:, default obj namespace), xsi:nil with a
 * local xsi declaration, dummy values. Every one must get a schema-conformant `{op}Response`.
 */
const reference = readWsdl(schemaWsdl('WebPaymentAPI'));

/** The operation a fixture calls, from its Body (two wallet fixtures are named after another operation). */
function operationOf(envelope: string): string {
  const body = onlyChild(parseXml(envelope), SOAP11_NS, 'Body');
  const request = body.children[0]!;
  assert.equal(request.ns, IMPL_NS);
  assert.match(request.local, /Request$/);
  return request.local.slice(0, -'Request'.length);
}

/** The service whose portType declares the operation, per the reference WSDL. */
function serviceOf(operation: string): string {
  const owners = Object.entries(reference.portTypes)
    .filter(([, ops]) => operation in ops)
    .map(([name]) => name);
  assert.equal(owners.length, 1, `${operation} is declared by ${owners.join(', ') || 'no portType'}`);
  return owners[0]!;
}

/** Answer checks shared by every replay: HTTP 200, text/xml, the right response element, valid per the WSDL. */
function assertConformant(answer: SoapAnswer, operation: string): ParsedResponse {
  assert.equal(answer.status, 200, answer.body);
  const parsed = readOperationResponse(answer.body, operation);
  assert.match(parsed.result.code, /^\d{5}$/);
  assert.notEqual(parsed.result.shortMessage, '');
  const element = `${operation}Response`;
  assert.deepEqual(schemaViolations(parsed.element, implSequence(reference, element), IMPL_NS, reference, element), []);
  return parsed;
}

/** Replaces the single occurrence of `from`; fails if the fixture no longer has exactly one. */
function replaceOnce(xml: string, from: string, to: string): string {
  assert.equal(xml.split(from).length - 1, 1, `expected exactly one ${from} in the fixture`);
  return xml.replace(from, to);
}

/** The fixture made acceptable for a Payconiq payment: action 101, the demo contract, a country. */
function payableVersion(envelope: string): string {
  let xml = replaceOnce(envelope, '<action>100</action>', '<action>101</action>');
  xml = replaceOnce(xml, '<contractNumber>CB</contractNumber>', '<contractNumber>PAYCONIQFP</contractNumber>');
  return replaceOnce(
    xml,
    '<country xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>',
    '<country>BE</country>',
  );
}

const webPaymentSamples = requestSamples('webpayment');
const otherSamples = ['directpayment', 'extended', 'walletpayment'].flatMap(requestSamples);
const samplesOf = (operation: string) => webPaymentSamples.filter((s) => operationOf(readSample(s)) === operation);

describe('replaying the Payline Java SDK request envelopes', { skip: REFERENCE_MISSING }, () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('finds every request fixture (63 of the 146 files)', () => {
    assert.equal(webPaymentSamples.length + otherSamples.length, 63);
    assert.equal(samplesOf('doWebPayment').length, 2);
    assert.equal(samplesOf('getWebPaymentDetails').length, 1);
  });

  describe('webpayment', () => {
    for (const sample of samplesOf('doWebPayment')) {
      it(`${sample} as is → 02308 naming payment.action (the fixture sends action 100)`, async () => {
        const answer = assertConformant(await postSoap(t, 'WebPaymentAPI', readSample(sample)), 'doWebPayment');
        assert.deepEqual(answer.result, {
          code: '02308',
          shortMessage: 'ERROR',
          longMessage: 'Invalid value for payment.action',
        });
      });

      it(`${sample} with action 101, contract PAYCONIQFP and a country → 00000 and a live token`, async () => {
        const created = assertConformant(
          await postSoap(t, 'WebPaymentAPI', payableVersion(readSample(sample))),
          'doWebPayment',
        );
        assert.equal(created.result.code, '00000');
        const token = childText(created.element, IMPL_NS, 'token') ?? '';
        assert.match(token, /^[A-Za-z0-9]{20}\d{13}$/);
        assert.equal(childText(created.element, IMPL_NS, 'redirectURL'), `${t.baseUrl}/v2/?token=${token}`);

        // The session really exists (buyer not arrived yet: 02533) and echoes what the SDK sent.
        const envelope = replaceOnce(readSample(samplesOf('getWebPaymentDetails')[0]!), 'xxxxxtokenxxxxxx', token);
        const details = assertConformant(await postSoap(t, 'WebPaymentAPI', envelope), 'getWebPaymentDetails');
        assert.equal(details.result.code, '02533');
        assert.equal(childText(onlyChild(details.element, IMPL_NS, 'order'), OBJ_NS, 'ref'), 'Refxxx999');
        assert.equal(childText(onlyChild(details.element, IMPL_NS, 'buyer'), OBJ_NS, 'lastName'), 'lastnamexxx');
      });
    }

    for (const sample of samplesOf('getWebPaymentDetails')) {
      it(`${sample} (unknown token) → 02304`, async () => {
        const answer = assertConformant(await postSoap(t, 'WebPaymentAPI', readSample(sample)), 'getWebPaymentDetails');
        assert.deepEqual(answer.result, {
          code: '02304',
          shortMessage: 'ERROR',
          longMessage: 'No transaction found for this token',
        });
      });
    }
  });

  describe('directpayment, extended and walletpayment', () => {
    for (const sample of otherSamples) {
      it(`${sample} → a valid response from the owning service, never a fault`, async () => {
        const envelope = readSample(sample);
        const operation = operationOf(envelope);
        const answer = await postSoap(t, serviceOf(operation), envelope);
        assert.doesNotMatch(answer.body, /Fault>/);
        assertConformant(answer, operation);
      });
    }
  });
});
