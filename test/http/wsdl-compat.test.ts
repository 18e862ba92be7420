import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readReferenceWsdl, REFERENCE_MISSING } from '../support/payline-reference.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { differences, readWsdl, type WsdlModel } from '../support/wsdl-model.js';

const SERVICES = ['WebPaymentAPI', 'DirectPaymentAPI', 'ExtendedAPI'] as const;
const IMPL_NS = 'http://impl.ws.payline.experian.com';
const OBJ_NS = 'http://obj.ws.payline.experian.com';

/**
 * Our served WSDL must describe the same wire format as Payline's WSDL 4.77, so that a merchant
 * can generate a client from either (wsimport, node-soap, PHP SoapClient) and get identical
 * envelopes. Both documents are reduced to a canonical model (see support/wsdl-model.ts) and
 * compared field by field; a failure lists every differing path.
 */
describe('served WSDL is wire-compatible with Payline WSDL 4.77', { skip: REFERENCE_MISSING }, () => {
  let t: TestGateway;
  const ours = new Map<string, WsdlModel>();
  const reference = new Map<string, WsdlModel>();

  before(async () => {
    t = await startTestGateway();
    for (const service of SERVICES) {
      const res = await fetch(`${t.baseUrl}/V4/services/${service}?wsdl`);
      assert.equal(res.status, 200, `GET ${service}?wsdl`);
      assert.match(res.headers.get('content-type') ?? '', /^text\/xml/);
      ours.set(service, readWsdl(await res.text()));
      reference.set(service, readWsdl(readReferenceWsdl(service)));
    }
  });
  after(() => t.close());

  const both = (service: string): [WsdlModel, WsdlModel] => [ours.get(service)!, reference.get(service)!];

  for (const service of SERVICES) {
    describe(service, () => {
      it('has the reference target namespace and the same two schemas (namespaces, elementFormDefault, imports)', () => {
        const [o, r] = both(service);
        assert.equal(r.targetNamespace, IMPL_NS);
        assert.deepEqual(Object.keys(r.schemas).sort(), [IMPL_NS, OBJ_NS]);
        assert.deepEqual(differences(o.targetNamespace, r.targetNamespace, 'targetNamespace'), []);
        assert.deepEqual(differences(o.schemas, r.schemas, 'schemas'), []);
      });

      it('declares every impl element with the same sequence (names, order, occurrences, nillable, types, inline types)', () => {
        const [o, r] = both(service);
        // Guard against comparing two empty models: 4.77 has a request and a response per operation.
        assert.equal(Object.keys(r.elements).length, 84);
        assert.deepEqual(differences(o.elements, r.elements, 'elements'), []);
      });

      it('declares every obj complexType with the same sequence, attributes and enumerations', () => {
        const [o, r] = both(service);
        assert.ok(Object.keys(r.complexTypes).length > 80, 'reference obj types were read');
        assert.ok(r.complexTypes[`{${OBJ_NS}}payment`], 'payment type present in the reference');
        assert.deepEqual(differences(o.complexTypes, r.complexTypes, 'complexTypes'), []);
      });

      it('has the same messages, portTypes (operations, input/output) and document/literal SOAP bindings', () => {
        const [o, r] = both(service);
        assert.deepEqual(Object.keys(r.portTypes).sort(), ['DirectPaymentAPI', 'ExtendedAPI', 'WebPaymentAPI']);
        assert.deepEqual(differences(o.messages, r.messages, 'messages'), []);
        assert.deepEqual(differences(o.portTypes, r.portTypes, 'portTypes'), []);
        assert.deepEqual(differences(o.bindings, r.bindings, 'bindings'), []);
        for (const binding of Object.values(o.bindings)) {
          assert.equal(binding.style, 'document');
          assert.equal(binding.transport, 'http://schemas.xmlsoap.org/soap/http');
          for (const [name, op] of Object.entries(binding.operations)) {
            assert.equal(op.soapAction, name, `soapAction of ${name}`);
            assert.deepEqual(
              [op.input, op.output],
              [
                [`{http://schemas.xmlsoap.org/wsdl/soap/}body use=literal`],
                [`{http://schemas.xmlsoap.org/wsdl/soap/}body use=literal`],
              ],
            );
          }
        }
      });

      it('serves one service/port bound like the reference, addressed at this gateway', () => {
        const [o, r] = both(service);
        const expected = structuredClone(r.services);
        // The reference carries a placeholder host; ours must point at the gateway that served it.
        expected[service]![service]!.address = `${t.baseUrl}/V4/services/${service}`;
        assert.deepEqual(differences(o.services, expected, 'services'), []);
      });
    });
  }

  it('answers 404 to a WSDL request for a service that does not exist', async () => {
    const res = await fetch(`${t.baseUrl}/V4/services/NoSuchAPI?wsdl`);
    assert.equal(res.status, 404);
    assert.doesNotMatch(await res.text(), /wsdl:definitions/);
  });
});
