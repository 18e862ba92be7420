import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { restCall, validSessionBody } from '../support/rest-client.js';
import { doWebPaymentEnvelope, postSoap } from '../support/soap-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** Unreadable input gets a SOAP fault (HTTP status per SOAP 1.1) or a REST 4xx, never an unhandled error. */
describe('bad input on SOAP and REST', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  const fault = async (payload: string, status = 500, headers: Record<string, string> = {}) => {
    const res = await postSoap(t, 'WebPaymentAPI', payload, headers);
    assert.equal(res.status, status, res.body);
    assert.match(res.body, /<soapenv:Fault><faultcode>soapenv:(Client|VersionMismatch)<\/faultcode>/);
    return res.field('faultstring')!;
  };

  it('malformed XML → Client fault naming the problem', async () => {
    assert.match(
      await fault('<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'),
      /^Malformed XML/,
    );
    assert.match(await fault('not xml at all'), /Malformed XML|Not a SOAP envelope/);
    assert.match(await fault(''), /Empty request body/);
  });

  it('DOCTYPE, XXE and entity bombs are refused before parsing', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${doWebPaymentEnvelope({ orderRef: '&xxe;' })}`;
    assert.match(await fault(xxe), /document type declaration/);
    const lol =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
    assert.match(await fault(lol), /document type declaration/);
  });

  it('a body over the limit → 413 with a SOAP fault', async () => {
    const huge = doWebPaymentEnvelope({ orderRef: 'x'.repeat(600 * 1024) });
    assert.match(await fault(huge, 413), /larger than/);
  });

  it('deeply nested elements → Client fault', async () => {
    const deep = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</soapenv:Body></soapenv:Envelope>`;
    assert.match(await fault(deep), /Malformed XML|nested/);
  });

  it('wrong types: elements where text is expected, text where an object is expected', async () => {
    const nested = doWebPaymentEnvelope().replace(
      '<obj:amount>1000</obj:amount>',
      '<obj:amount><obj:value>10</obj:value></obj:amount>',
    );
    assert.match(await fault(nested), /payment\.amount must contain text/);
    const flat = doWebPaymentEnvelope().replace(/<impl:order>.*<\/impl:order>/s, '<impl:order>ORDER</impl:order>');
    assert.match(await fault(flat), /order must contain elements/);
    const twice = doWebPaymentEnvelope().replace(
      '<impl:version>34</impl:version>',
      '<impl:version>34</impl:version><impl:version>34</impl:version>',
    );
    assert.match(await fault(twice), /version occurs 2 times/);
  });

  it('not SOAP 1.1: a SOAP 1.2 envelope is a VersionMismatch, a foreign root a Client fault', async () => {
    const soap12 = doWebPaymentEnvelope().replace(
      'http://schemas.xmlsoap.org/soap/envelope/',
      'http://www.w3.org/2003/05/soap-envelope',
    );
    assert.match(await fault(soap12), /SOAP 1\.2/);
    assert.match(await fault('<html><body/></html>'), /Not a SOAP envelope/);
    const wrongNs = doWebPaymentEnvelope().replaceAll('http://impl.ws.payline.experian.com', 'urn:other');
    assert.match(await fault(wrongNs), /must be in namespace http:\/\/impl\.ws\.payline\.experian\.com/);
  });

  it('unknown operation and empty Body → Client fault; a non-implemented WSDL operation → 02010', async () => {
    const env = (body: string) =>
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${body}</s:Body></s:Envelope>`;
    assert.match(
      await fault(env('<i:stealMoneyRequest xmlns:i="http://impl.ws.payline.experian.com"/>')),
      /Unknown operation element stealMoneyRequest/,
    );
    assert.match(await fault(env('')), /exactly one operation element, found 0/);
    const res = await postSoap(
      t,
      'DirectPaymentAPI',
      env(
        '<i:getCardsRequest xmlns:i="http://impl.ws.payline.experian.com"><i:version>34</i:version><i:contractNumber>PAYCONIQFP</i:contractNumber><i:walletId>W1</i:walletId></i:getCardsRequest>',
      ),
    );
    assert.equal(res.status, 200);
    assert.match(res.body, /<impl:getCardsResponse /);
    assert.equal(res.field('code'), '02010');
  });

  it('any Content-Type is read as XML; any prefixes and default namespaces work', async () => {
    const plain = doWebPaymentEnvelope().replaceAll('SOAP-ENV:', 'env:').replace('xmlns:SOAP-ENV=', 'xmlns:env=');
    const res = await postSoap(t, 'WebPaymentAPI', plain, { 'content-type': 'application/soap+xml; charset=utf-8' });
    assert.equal(res.field('code'), '00000');
  });

  it('REST: malformed JSON, wrong types and unsupported content → 4xx with a message', async () => {
    const malformed = await restCall(t, 'POST', '/v1/checkout/sessions', '{"order": ');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json.result.code, '02305');
    assert.match(malformed.json.result.detail, /JSON/i);

    const wrongType = await restCall(
      t,
      'POST',
      '/v1/checkout/sessions',
      validSessionBody({ order: { reference: 'R', amount: 'ten', currency: 'EUR', country: 'BE' } }),
    );
    assert.equal(wrongType.status, 400);
    assert.match(wrongType.json.result.detail, /order\/amount|amount/);

    const huge = await restCall(
      t,
      'POST',
      '/v1/checkout/sessions',
      validSessionBody({ privateData: { k: 'x'.repeat(100 * 1024) } }),
    );
    assert.equal(huge.status, 413);

    const xml = await restCall(t, 'POST', '/v1/checkout/sessions', '<x/>', { 'content-type': 'application/xml' });
    assert.equal(xml.status, 415);
    assert.ok(xml.json.result.detail);
  });

  it('nothing half-written: refused requests leave no session behind', async () => {
    const before = (await t.gateway.db.query<{ n: number }>('SELECT count(*)::int AS n FROM web_sessions'))[0]!.n;
    await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope({ lastName: null }));
    await restCall(
      t,
      'POST',
      '/v1/checkout/sessions',
      validSessionBody({ paymentMethod: { paymentMethodIDs: ['NOPE'] } }),
    );
    const afterCount = (await t.gateway.db.query<{ n: number }>('SELECT count(*)::int AS n FROM web_sessions'))[0]!.n;
    assert.equal(afterCount, before);
  });
});
