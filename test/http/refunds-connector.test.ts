/**
 * The connector's Refund API calls against a small scripted fake partner (node:http): the wire
 * (path, headers, body, signature) and how every kind of answer is translated. What an answer
 * means for the refund is the use case's business, tested through the simulator elsewhere.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { PartnerError } from '../../src/connectors/partner-port.js';
import type { PayconiqContract } from '../../src/connectors/payconiq/contract-settings.js';
import type { PayconiqConnector } from '../../src/connectors/payconiq/payconiq-connector.js';
import { createPayconiqConnector } from '../../src/connectors/payconiq/payconiq-connector.js';
import { listenLocally, readBody, type LocalServer } from '../support/local-server.js';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const PAYMENT_ID = '5bdb1685b93d1c000bde96f2';
const REFUND_ID = '6cdb1685b93d1c000bde96aa';
const refundModel = (status: string) => ({
  refundId: REFUND_ID,
  paymentId: PAYMENT_ID,
  status,
  amount: 300,
  currency: 'EUR',
  creationDate: '2026-11-26T10:00:00.000Z',
});

describe('Payconiq connector: Refund API', () => {
  let server: LocalServer;
  let url: string;
  const requests: Recorded[] = [];
  let reply: () => { status: number; body?: unknown; delayMs?: number } = () => ({ status: 500 });
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  let contract: PayconiqContract;
  let connector: PayconiqConnector;
  let unsigned: PayconiqConnector;

  before(async () => {
    server = await listenLocally((req, res) => {
      void readBody(req).then((body) => {
        requests.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: body.toString('utf8'),
        });
        const r = reply();
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(r.status, r.body === undefined ? {} : { 'content-type': 'application/json' });
          res.end(r.body === undefined ? '' : JSON.stringify(r.body));
        };
        if (r.delayMs) setTimeout(send, r.delayMs).unref();
        else send();
      });
    });
    url = server.url;
    contract = {
      apiKey: 'refund-api-key',
      ppid: '5bb37284e35e2b29e363df22',
      apiBaseUrl: url,
      jwksUrl: `${url}/jwks`,
      merchantId: 'MONEXTTESTCONTRACT',
    };
    const clock = { now: () => new Date('2026-11-26T10:00:00.123Z') };
    connector = createPayconiqConnector({
      timeoutMs: 300,
      clock,
      signingKey: async () => ({ kid: 'merchant-kid', privateKey }),
    });
    unsigned = createPayconiqConnector({ timeoutMs: 300 });
  });
  after(() => server.close());
  beforeEach(() => {
    requests.length = 0;
  });

  const create = (c = connector) =>
    c.createRefund(contract, {
      partnerPaymentId: PAYMENT_ID,
      idempotencyKey: '16330155237230',
      amount: 300,
      currency: 'EUR',
      description: 'Retour n°42 & co',
    });

  it('POST /v3/payments/{id}/refunds: Bearer, Idempotency-Key, SEPA description, a detached ES256 Signature; 201 → created', async () => {
    reply = () => ({ status: 201, body: refundModel('PENDING') });
    const answer = await create();
    assert.equal(answer.outcome, 'created');
    assert.deepEqual(
      answer.outcome === 'created' && [answer.refund.partnerRefundId, answer.refund.status, answer.refund.amount],
      [REFUND_ID, 'PENDING', 300],
    );
    const [req] = requests;
    assert.equal(req?.method, 'POST');
    assert.equal(req?.url, `/v3/payments/${PAYMENT_ID}/refunds`);
    assert.equal(req?.headers.authorization, 'Bearer refund-api-key');
    assert.equal(req?.headers['idempotency-key'], '16330155237230');
    assert.deepEqual(JSON.parse(req!.body), { amount: 300, currency: 'EUR', description: 'Retour n 42 + co' });
    const [h, payload, s] = String(req?.headers.signature).split('.');
    assert.equal(payload, '');
    const header = JSON.parse(Buffer.from(h!, 'base64url').toString('utf8'));
    assert.equal(header.alg, 'ES256');
    assert.equal(header.kid, 'merchant-kid');
    assert.equal(header['https://payconiq.com/iat'], '2026-11-26T10:00:00.123Z');
    assert.equal(header['https://payconiq.com/path'], `${url}/v3/payments/${PAYMENT_ID}/refunds`);
    assert.equal(header['https://payconiq.com/iss'], 'MONEXTTESTCONTRACT');
    assert.equal(header['https://payconiq.com/sub'], contract.ppid);
    assert.equal(header.crit.length, 5);
    const input = Buffer.from(`${h}.${Buffer.from(req!.body).toString('base64url')}`);
    assert.ok(verify('sha256', input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(s!, 'base64url')));
  });

  it('without a signing key no Signature header is sent', async () => {
    reply = () => ({ status: 201, body: refundModel('PENDING') });
    await create(unsigned);
    assert.equal(requests[0]?.headers.signature, undefined);
  });

  for (const [status, code] of [
    [422, 'INVALID_REFUND_AMOUNT'],
    [422, 'REFUND_NOT_POSSIBLE'],
    [400, 'VALIDATION_ERROR'],
    [401, 'UNAUTHORIZED'],
    [403, 'ACCESS_DENIED'],
  ] as const) {
    it(`${status} ${code} → rejected with the partner's code (it did not and will not process it)`, async () => {
      reply = () => ({ status, body: { code, message: 'no' } });
      assert.deepEqual(await create(), { outcome: 'rejected', httpStatus: status, partnerCode: code });
    });
  }

  it('a 4xx without a body is rejected as HTTP_<status>', async () => {
    reply = () => ({ status: 404 });
    assert.deepEqual(await create(), { outcome: 'rejected', httpStatus: 404, partnerCode: 'HTTP_404' });
  });

  for (const [status, kind] of [
    [500, 'http'],
    [503, 'http'],
    [429, 'rate-limited'],
  ] as const) {
    it(`${status} → PartnerError ${kind}: the outcome is unknown`, async () => {
      reply = () => ({ status, body: status === 429 ? undefined : { code: 'TECHNICAL_ERROR', message: 'x' } });
      await assert.rejects(
        create(),
        (e: unknown) => e instanceof PartnerError && e.kind === kind && e.httpStatus === status,
      );
    });
  }

  it('no answer in time → PartnerError timeout; an unreadable 201 → unparsable', async () => {
    reply = () => ({ status: 201, body: refundModel('PENDING'), delayMs: 1_000 });
    await assert.rejects(create(), (e: unknown) => e instanceof PartnerError && e.kind === 'timeout');
    reply = () => ({ status: 201, body: { status: 'PENDING' } });
    await assert.rejects(create(), (e: unknown) => e instanceof PartnerError && e.kind === 'unparsable');
  });

  it('GET …/refunds/{refundId}: REFUNDED, FAILED, and a status it does not know → UNKNOWN; 404 → PartnerError', async () => {
    for (const [raw, status] of [
      ['REFUNDED', 'REFUNDED'],
      ['FAILED', 'FAILED'],
      ['PROCESSING', 'UNKNOWN'],
    ] as const) {
      reply = () => ({ status: 200, body: refundModel(raw) });
      const refund = await connector.getRefund(contract, PAYMENT_ID, REFUND_ID);
      assert.deepEqual([refund.status, refund.rawStatus], [status, raw]);
    }
    assert.equal(requests[0]?.url, `/v3/payments/${PAYMENT_ID}/refunds/${REFUND_ID}`);
    assert.equal(requests[0]?.method, 'GET');
    reply = () => ({ status: 404, body: { code: 'REFUND_NOT_FOUND', message: 'x' } });
    await assert.rejects(
      connector.getRefund(contract, PAYMENT_ID, REFUND_ID),
      (e: unknown) => e instanceof PartnerError && e.partnerCode === 'REFUND_NOT_FOUND',
    );
  });
});
