import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { buyerPresses } from '../support/extended-api.js';
import { REFERENCE_MISSING, referenceWsdlPath } from '../support/payline-reference.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import type { Wire } from '../support/wire.js';

/**
 * The endpoints directory of Payline's PHP SDK (WebserviceClient::getAllFailoverServicesEndpoint):
 * in its default failover mode the SDK GETs `…/services/servicesendpoints/SOAP/{merchantId}` with
 * file_get_contents (or curl), no credentials, takes `urls` and `ttl` from the JSON, appends
 * `/services/` to each URL and calls `{url}/services/{API}`. The requests below are the ones
 * those two PHP clients write; then the test does with the answer what the SDK does.
 */

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `request` as is over TCP and reads one HTTP answer (by Content-Length, or until close). */
function rawHttp(baseUrl: string, request: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let data = Buffer.alloc(0);
    const parse = (): RawAnswer | undefined => {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      const body = data.subarray(end + 4);
      if (headers['content-length'] !== undefined && body.length < Number(headers['content-length'])) return undefined;
      return { status: Number(statusLine!.split(' ')[1]), headers, body: body.toString('utf8') };
    };
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      const answer = parse();
      if (answer && answer.headers['content-length'] !== undefined) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('end', () => {
      const answer = parse();
      if (answer) resolve(answer);
      else reject(new Error(`incomplete answer: ${data.toString('latin1')}`));
    });
    socket.on('error', reject);
  });
}

/** What the SDK keeps of the answer: the URLs with `/services/` appended, and the cache TTL. */
function sdkEndpoints(answer: RawAnswer): { endpoints: string[]; ttl: unknown } {
  assert.equal(answer.status, 200, answer.body);
  const data = JSON.parse(answer.body) as { urls?: unknown; ttl?: unknown };
  assert.ok(Array.isArray(data.urls) && data.urls.length > 0, 'urls is a non-empty array');
  return { endpoints: (data.urls as string[]).map((url) => `${url}/services/`), ttl: data.ttl };
}

describe('the PHP SDK endpoints directory', () => {
  let t: TestGateway;
  let host: string;
  let path: string;
  before(async () => {
    t = await startTestGateway();
    host = new URL(t.baseUrl).host;
    path = `/services/servicesendpoints/SOAP/${t.merchantId}`;
  });
  after(() => t.close());

  const phpRequests = {
    // PHP's http stream wrapper (PHP 8: HTTP/1.1, Connection: close; no User-Agent unless user_agent is set).
    'file_get_contents (PHP 8)': () => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
    // PHP 7's stream wrapper spoke HTTP/1.0.
    'file_get_contents (PHP 7)': () => `GET ${path} HTTP/1.0\r\nHost: ${host}\r\n\r\n`,
    // libcurl with only CURLOPT_URL and CURLOPT_RETURNTRANSFER set.
    curl: () => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nAccept: */*\r\n\r\n`,
  };
  for (const [client, request] of Object.entries(phpRequests)) {
    it(`${client} → 200 JSON listing this gateway, with a TTL in seconds`, async () => {
      const answer = await rawHttp(t.baseUrl, request());
      assert.match(answer.headers['content-type'] ?? '', /^application\/json/);
      assert.equal(answer.headers['transfer-encoding'], undefined, 'a plain body every PHP client reads');
      assert.deepEqual(JSON.parse(answer.body), { urls: [`${t.baseUrl}/V4`], ttl: 300 });
      assert.deepEqual(sdkEndpoints(answer), { endpoints: [`${t.baseUrl}/V4/services/`], ttl: 300 });
    });
  }

  it(
    'the SDK then pays through the endpoint it built: doWebPayment and getWebPaymentDetails',
    { skip: REFERENCE_MISSING },
    async () => {
      const { endpoints } = sdkEndpoints(await rawHttp(t.baseUrl, phpRequests.curl()));
      const client = await soap.createClientAsync(referenceWsdlPath('WebPaymentAPI'));
      client.setEndpoint(`${endpoints[0]}WebPaymentAPI`);
      client.setSecurity(new soap.BasicAuthSecurity(t.merchantId, t.accessKey));
      const [created] = (await client.doWebPaymentAsync({
        version: '34',
        payment: { amount: '1000', currency: '978', action: '101', mode: 'CPT', contractNumber: 'PAYCONIQFP' },
        returnURL: 'https://shop.example/return',
        cancelURL: 'https://shop.example/cancel',
        order: { ref: 'FAILOVER-1', country: 'BE', amount: '1000', currency: '978', date: '26/11/2026 10:00' },
        buyer: { lastName: 'Doe', firstName: 'John' },
      })) as [Record<string, Wire>];
      assert.equal(created.result.code, '00000');
      await buyerPresses(t, created.token, 'pay');
      const [details] = (await client.getWebPaymentDetailsAsync({ version: '34', token: created.token })) as [
        Record<string, Wire>,
      ];
      assert.equal(details.result.code, '00000');
      assert.equal(details.order.ref, 'FAILOVER-1');
    },
  );

  it('the same list whatever the merchant id: it names no merchant and reveals none', async () => {
    const known = await t.gateway.app.inject({ url: path });
    const unknown = await t.gateway.app.inject({ url: '/services/servicesendpoints/SOAP/99999999999999' });
    assert.equal(unknown.statusCode, 200);
    assert.equal(unknown.body, known.body);
    assert.doesNotMatch(known.body, new RegExp(t.merchantId));
  });
});

describe('the endpoints directory behind a public URL', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway({ env: { PASSERELLE_PUBLIC_URL: 'https://pay.example.com/' } });
  });
  after(() => t.close());

  it('lists PASSERELLE_PUBLIC_URL, not the address the process listens on', async () => {
    const answer = await t.gateway.app.inject({ url: `/services/servicesendpoints/SOAP/${t.merchantId}` });
    assert.deepEqual(JSON.parse(answer.body), { urls: ['https://pay.example.com/V4'], ttl: 300 });
  });
});
