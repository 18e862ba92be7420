import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createContract, createPointOfSale } from '../../src/merchants/configure-contract.js';
import { restCall, validSessionBody } from '../support/rest-client.js';
import {
  doWebPaymentEnvelope,
  getWebPaymentDetailsEnvelope,
  postSoap,
  type DoWebPaymentFields,
} from '../support/soap-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** Every rule of doWebPayment, through SOAP and through REST: same use case, same codes. */
describe('doWebPayment rules and getWebPaymentDetails results', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
    const [pos] = await t.gateway.deps.merchants.listPointsOfSale(t.merchantId);
    await createContract(t.gateway.deps, {
      cardCode: 'PAYCONIQ_MNXT',
      merchantId: t.merchantId,
      contractNumber: 'OLDCONTRACT',
      pointOfSaleId: pos!.id,
      partnerContractId: 'X',
      active: false,
    });
    await createContract(t.gateway.deps, {
      merchantId: t.merchantId,
      contractNumber: 'CBCONTRACT',
      pointOfSaleId: pos!.id,
      partnerContractId: 'X',
      cardCode: 'CB',
    });
    const till = await createPointOfSale(t.gateway.deps, {
      merchantId: t.merchantId,
      label: 'Till 2',
      paymentDelayMinutes: 15,
    });
    await createContract(t.gateway.deps, {
      cardCode: 'PAYCONIQ_MNXT',
      merchantId: t.merchantId,
      contractNumber: 'TILLCONTRACT',
      pointOfSaleId: till.id,
      partnerContractId: 'Y',
    });
    await createPointOfSale(t.gateway.deps, { merchantId: t.merchantId, label: 'Empty', paymentDelayMinutes: 61 });
  });
  after(() => t.close());

  const soapCreate = (fields: DoWebPaymentFields) => postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope(fields));
  const soapDetails = (token: string) => postSoap(t, 'WebPaymentAPI', getWebPaymentDetailsEnvelope(token));
  const restDetails = (token: string) => restCall(t, 'GET', `/v1/checkout/sessions/${token}`);

  const soapCases: [string, DoWebPaymentFields, string, string][] = [
    ['missing payment.amount', { amount: null }, '02308', 'Invalid value for payment.amount'],
    ['zero payment.amount', { amount: '0' }, '02308', 'Invalid value for payment.amount'],
    ['non-numeric payment.amount', { amount: '10.00' }, '02305', 'Invalid field format payment.amount'],
    ['payment.currency not euro', { currency: '840' }, '02308', 'Invalid value for payment.currency'],
    ['payment.currency alphabetic', { currency: 'EUR' }, '02305', 'Invalid field format payment.currency'],
    ['payment.action 100', { action: '100' }, '02308', 'Invalid value for payment.action'],
    ['missing payment.action', { action: null }, '02308', 'Invalid value for payment.action'],
    ['payment.mode REC', { mode: 'REC' }, '02308', 'Invalid value for payment.mode'],
    ['empty payment.contractNumber', { contractNumber: '' }, '02308', 'Invalid value for payment.contractNumber'],
    ['missing returnURL', { returnURL: null }, '02308', 'Invalid value for returnURL'],
    ['returnURL not a URL', { returnURL: 'shop/return' }, '02305', 'Invalid field format returnURL'],
    ['missing cancelURL', { cancelURL: null }, '02308', 'Invalid value for cancelURL'],
    [
      'notificationURL not http',
      { notificationURL: 'ftp://shop.example/n' },
      '02305',
      'Invalid field format notificationURL',
    ],
    ['missing order.ref', { orderRef: null }, '02308', 'Invalid value for order.ref'],
    ['order.ref with a backslash', { orderRef: 'A\\B' }, '02305', 'Invalid field format order.ref'],
    ['missing order.amount', { orderAmount: null }, '02308', 'Invalid value for order.amount'],
    ['order.amount below payment.amount', { orderAmount: '999' }, '02308', 'Invalid value for order.amount'],
    ['order.currency not euro', { orderCurrency: '826' }, '02308', 'Invalid value for order.currency'],
    ['missing order.country', { orderCountry: null }, '02308', 'Invalid value for order.country'],
    ['order.country of 3 letters', { orderCountry: 'BEL' }, '02305', 'Invalid field format order.country'],
    ['missing order.date', { orderDate: null }, '02308', 'Invalid value for order.date'],
    ['order.date in ISO format', { orderDate: '2026-11-26T10:00' }, '02305', 'Invalid field format order.date'],
    ['impossible order.date', { orderDate: '31/02/2026 10:00' }, '02305', 'Invalid field format order.date'],
    ['missing buyer.firstName', { firstName: null }, '02308', 'Invalid value for buyer.firstName'],
    ['blank buyer.lastName', { lastName: '  ' }, '02308', 'Invalid value for buyer.lastName'],
    ['unknown contract', { contractNumber: 'NOPE' }, '02303', 'Invalid contract number.'],
    ['inactive contract', { contractNumber: 'OLDCONTRACT' }, '02303', 'Invalid contract number.'],
    ['contract of another payment method', { contractNumber: 'CBCONTRACT' }, '02303', 'Invalid contract number.'],
  ];

  for (const [name, fields, code, longMessage] of soapCases) {
    it(`SOAP: ${name} → ${code}`, async () => {
      const res = await soapCreate(fields);
      assert.equal(res.status, 200, 'a business rule answers in a normal response');
      assert.equal(res.field('code'), code);
      assert.equal(res.field('shortMessage'), 'ERROR');
      assert.equal(res.field('longMessage'), longMessage);
      assert.equal(res.field('token'), undefined, 'no token for a refused request');
    });
  }

  const restCases: [string, Record<string, unknown>, string, string][] = [
    [
      'missing amounts',
      { order: { reference: 'R', currency: 'EUR', country: 'BE' }, payment: {} },
      '02308',
      'Invalid value for payment.amount',
    ],
    [
      'USD',
      { order: { reference: 'R', amount: 100, currency: 'USD', country: 'BE' } },
      '02308',
      'Invalid value for payment.currency',
    ],
    [
      'capture MANUAL (action 100)',
      { payment: { capture: 'MANUAL', amount: 1000 } },
      '02308',
      'Invalid value for payment.action',
    ],
    ['no payment method', { paymentMethod: { paymentMethodIDs: [] } }, '02305', ''],
    ['unknown contract', { paymentMethod: { paymentMethodIDs: ['NOPE'] } }, '02303', 'Invalid contract number.'],
    ['missing buyer', { buyer: undefined }, '02308', 'Invalid value for buyer.firstName'],
    ['order below payment', { payment: { amount: 2000 } }, '02308', 'Invalid value for order.amount'],
    ['missing returnURL', { returnURL: undefined, cancelURL: undefined }, '02308', 'Invalid value for returnURL'],
  ];

  for (const [name, overrides, code, detail] of restCases) {
    it(`REST: ${name} → 400 ${code}`, async () => {
      const res = await restCall(t, 'POST', '/v1/checkout/sessions', validSessionBody(overrides));
      assert.equal(res.status, 400, res.body);
      assert.equal(res.json.result.code, code);
      if (detail) assert.equal(res.json.result.detail, detail);
    });
  }

  it("REST pointOfSaleReference: without paymentMethodIDs its Payconiq contract pays; another point of sale's contract, an unknown one or one without a contract → 400", async () => {
    const contractOf = async (body: Record<string, unknown>) => {
      const res = await restCall(t, 'POST', '/v1/checkout/sessions', body);
      assert.equal(res.status, 201, res.body);
      return (await t.gateway.deps.sessions.get(res.json.sessionId))!.contractNumber;
    };
    assert.equal(await contractOf(validSessionBody({ paymentMethod: undefined })), 'PAYCONIQFP');
    assert.equal(
      await contractOf(validSessionBody({ pointOfSaleReference: 'Till 2', paymentMethod: undefined })),
      'TILLCONTRACT',
    );
    assert.equal(
      await contractOf(
        validSessionBody({ pointOfSaleReference: 'Till 2', paymentMethod: { paymentMethodIDs: ['TILLCONTRACT'] } }),
      ),
      'TILLCONTRACT',
    );
    assert.equal(
      await contractOf(
        validSessionBody({ pointOfSaleReference: undefined, paymentMethod: { paymentMethodIDs: ['TILLCONTRACT'] } }),
      ),
      'TILLCONTRACT',
    );

    const refusals: [Record<string, unknown>, string, string][] = [
      [
        { pointOfSaleReference: 'Till 2' },
        '02303',
        'Invalid contract number: contract PAYCONIQFP is not on point of sale "Till 2"',
      ],
      [
        { pointOfSaleReference: 'Nowhere', paymentMethod: undefined },
        '02308',
        'Invalid value for pointOfSaleReference (no point of sale "Nowhere")',
      ],
      [
        { pointOfSaleReference: 'Empty', paymentMethod: undefined },
        '02303',
        'Invalid contract number: point of sale "Empty" has no active PAYCONIQ_MNXT contract',
      ],
      [
        { pointOfSaleReference: undefined, paymentMethod: undefined },
        '02308',
        'Invalid value for payment.contractNumber',
      ],
    ];
    for (const [overrides, code, detail] of refusals) {
      const res = await restCall(t, 'POST', '/v1/checkout/sessions', validSessionBody(overrides));
      assert.deepEqual(
        [res.status, res.json.result.code, res.json.result.detail],
        [400, code, detail],
        JSON.stringify(overrides),
      );
    }
  });

  it('SOAP and REST: a new session is 02533 until the buyer arrives, then 02306', async () => {
    const token = (await soapCreate({})).field('token')!;
    assert.equal((await soapDetails(token)).field('code'), '02533');
    assert.equal((await soapDetails(token)).field('shortMessage'), 'INPROGRESS');
    assert.equal((await restDetails(token)).json.result.code, '02533');
    await t.gateway.app.inject({ url: `/v2/?token=${token}` });
    assert.equal((await soapDetails(token)).field('code'), '02306');
    const rest = await restDetails(token);
    assert.equal(rest.json.result.code, '02306');
    assert.deepEqual(rest.json.transactions, [], 'no transaction before a final result');
  });

  it('SOAP and REST: unknown token → 02304; another merchant cannot read a token', async () => {
    assert.equal((await soapDetails('AAAAAAAAAAAAAAAAAAAA1700000000000')).field('code'), '02304');
    const rest = await restDetails('AAAAAAAAAAAAAAAAAAAA1700000000000');
    assert.equal(rest.status, 404);
    assert.equal(rest.json.result.code, '02304');

    const token = (await soapCreate({})).field('token')!;
    const { createMerchant } = await import('../../src/merchants/create-merchant.js');
    const {
      merchant: other,
      key: { accessKey },
    } = await createMerchant(
      t.gateway.deps,
      { companyName: 'Other', tradeName: 'Other' },
      { accessKey: { label: 'k' } },
    );
    const authorization = `Basic ${Buffer.from(`${other.id}:${accessKey}`).toString('base64')}`;
    assert.equal(
      (await postSoap(t, 'WebPaymentAPI', getWebPaymentDetailsEnvelope(token), { authorization })).field('code'),
      '02304',
    );
    assert.equal(
      (await restCall(t, 'GET', `/v1/checkout/sessions/${token}`, undefined, { authorization })).status,
      404,
    );
  });

  it('SOAP: missing or malformed token → 02308 / 02305', async () => {
    const envelope = (inner: string) =>
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><i:getWebPaymentDetailsRequest xmlns:i="http://impl.ws.payline.experian.com"><i:version>34</i:version>${inner}</i:getWebPaymentDetailsRequest></s:Body></s:Envelope>`;
    assert.equal((await postSoap(t, 'WebPaymentAPI', envelope(''))).field('longMessage'), 'Invalid value for token');
    assert.equal((await postSoap(t, 'WebPaymentAPI', envelope('<i:token>../../etc</i:token>'))).field('code'), '02305');
  });

  it('00000 and 02008 carry a transaction; the final result never changes', async () => {
    const token = (await soapCreate({ softDescriptor: 'MY SHOP' })).field('token')!;
    await t.gateway.app.inject({ url: `/v2/?token=${token}` });
    await t.gateway.app.inject({ method: 'POST', url: '/v2/simulator/pay', payload: { token } });
    const accepted = await soapDetails(token);
    assert.equal(accepted.field('code'), '00000');
    assert.match(accepted.field('id')!, /^\d{14}$/);
    assert.match(accepted.field('date')!, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    assert.equal(accepted.field('isDuplicated'), '0');
    assert.equal(accepted.field('isPossibleFraud'), '0');
    assert.equal(accepted.field('softDescriptor'), 'MY SHOP');
    const additional = JSON.parse(accepted.field('partnerAdditionalData')!);
    assert.equal(additional.transactionFlow, 'ecommerce');
    assert.equal(additional.status, 'SUCCEEDED');
    assert.match(additional.paymentId, /^[0-9a-f]{24}$/);
    assert.equal(accepted.field('accountNumber'), '*************20992', 'masked by the partner, not re-masked');
    assert.equal(accepted.field('bankCode'), 'GKCCBEBB');
    assert.equal(accepted.field('contractNumber'), 'PAYCONIQFP');
    assert.equal(accepted.field('lastName'), 'Doe');
    assert.equal(accepted.field('firstName'), 'John', "the partner's debtor.name");
    assert.equal(accepted.field('ref'), 'ORDER-1');

    const abort = await t.gateway.app.inject({ method: 'POST', url: '/v2/simulator/abort', payload: { token } });
    assert.equal(
      abort.headers.location,
      `https://shop.example/return?paylinetoken=${token}`,
      'an aborted click after payment returns to the shop as paid',
    );
    t.clock.advanceMinutes(120);
    const later = await soapDetails(token);
    assert.equal(later.field('code'), '00000');
    assert.equal(later.field('id'), accepted.field('id'));
  });

  it('02324: payment delay elapsed after the buyer came; 02534: buyer never came', async () => {
    const visited = (await soapCreate({})).field('token')!;
    const unvisited = (await soapCreate({})).field('token')!;
    await t.gateway.app.inject({ url: `/v2/?token=${visited}` });
    t.clock.advanceMinutes(60);
    assert.equal((await soapDetails(visited)).field('code'), '02306', 'still open before 61 minutes');
    t.clock.advanceMinutes(2);
    const expired = await soapDetails(visited);
    assert.equal(expired.field('code'), '02324');
    assert.equal(expired.field('shortMessage'), 'REFUSED');
    assert.equal(expired.field('longMessage'), 'The session expired before the consumer has finished the transaction');
    const never = await restDetails(unvisited);
    assert.equal(never.json.result.code, '02534');
    assert.equal(never.json.result.title, 'REFUSED');

    // A button pressed after expiry changes nothing.
    await t.gateway.app.inject({ method: 'POST', url: '/v2/simulator/pay', payload: { token: visited } });
    assert.equal((await soapDetails(visited)).field('code'), '02324');
  });

  it('buyer cancel link → 02008 to cancelURL', async () => {
    const token = (await soapCreate({})).field('token')!;
    await t.gateway.app.inject({ url: `/v2/?token=${token}` });
    const res = await t.gateway.app.inject({ method: 'POST', url: '/v2/cancel', payload: { token } });
    assert.equal(res.headers.location, `https://shop.example/cancel?paylinetoken=${token}`);
    assert.equal((await restDetails(token)).json.result.code, '02008');
  });

  it('soft descriptor: request, else contract trade name, shown on the page', async () => {
    const own = (await soapCreate({ softDescriptor: 'Chez Marcel' })).field('token')!;
    const fallback = (await soapCreate({})).field('token')!;
    assert.match((await t.gateway.app.inject({ url: `/v2/?token=${own}` })).body, /Chez Marcel/);
    assert.match((await t.gateway.app.inject({ url: `/v2/?token=${fallback}` })).body, /Monext Demo/);
  });

  it('wrong credentials → 401 without saying which part was wrong', async () => {
    const bad = [
      `Basic ${Buffer.from(`${t.merchantId}:wrong-key`).toString('base64')}`,
      `Basic ${Buffer.from(`99999999999999:${t.accessKey}`).toString('base64')}`,
      'Bearer abc',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
    ];
    const bodies = new Set<string>();
    for (const authorization of bad) {
      const soap = await postSoap(t, 'WebPaymentAPI', doWebPaymentEnvelope(), { authorization });
      assert.equal(soap.status, 401);
      assert.equal(soap.field('faultstring'), 'Authentication failed');
      const rest = await restCall(t, 'POST', '/v1/checkout/sessions', validSessionBody(), { authorization });
      assert.equal(rest.status, 401);
      assert.equal(rest.headers['www-authenticate'], 'Basic realm="Passerelle"');
      bodies.add(rest.body);
    }
    assert.equal(bodies.size, 1, 'every failure answers the same');
    const none = await t.gateway.app.inject({
      method: 'POST',
      url: '/v1/checkout/sessions',
      payload: validSessionBody(),
    });
    assert.equal(none.statusCode, 401);
  });
});
