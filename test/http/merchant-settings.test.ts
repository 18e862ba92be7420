import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { createContract, createPointOfSale } from '../../src/merchants/configure-contract.js';
import { createMerchant } from '../../src/merchants/create-merchant.js';
import { minimalRequest } from '../support/minimal-request.js';
import { readSample, REFERENCE_MISSING, referenceWsdlPath, schemaWsdl } from '../support/payline-reference.js';
import { postSoap, type SoapAnswer } from '../support/soap-client.js';
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
import { onlyChild, type XmlElement } from '../support/xml-tree.js';
import type { Wire } from '../support/wire.js';

/**
 * getMerchantSettings (DirectPaymentAPI) answers the merchant's points of sale with their active
 * contracts, in the WSDL's shape: the Magento 2 module's configuration screen lists the contracts
 * to choose from with it (label, contract number, card type, currency, point of sale label).
 */

type Answer = Record<string, Wire>;

const reference = readWsdl(schemaWsdl('DirectPaymentAPI'));
const SECRET_API_KEY = 'v1:sealed-partner-api-key-never-shown';
const PPID = 'c0ffee00c0ffee00c0ffee00';

function conformant(answer: SoapAnswer): XmlElement {
  assert.equal(answer.status, 200, answer.body);
  const { element, result } = readOperationResponse(answer.body, 'getMerchantSettings');
  assert.deepEqual(
    schemaViolations(
      element,
      implSequence(reference, 'getMerchantSettingsResponse'),
      IMPL_NS,
      reference,
      'getMerchantSettingsResponse',
    ),
    [],
  );
  assert.deepEqual(result, { code: '00000', shortMessage: 'ACCEPTED', longMessage: 'Transaction approved' });
  return element;
}

/** What the Magento 2 module keeps of each contract, read from the XML by namespace. */
function contractsOf(
  element: XmlElement,
): { pointOfSale: string; label: string; number: string; cardType: string; currency: string }[] {
  return onlyChild(element, IMPL_NS, 'listPointOfSell').children.flatMap((pos) =>
    onlyChild(pos, OBJ_NS, 'contracts').children.map((c) => ({
      pointOfSale: childText(pos, OBJ_NS, 'label') ?? '',
      label: childText(c, OBJ_NS, 'label') ?? '',
      number: childText(c, OBJ_NS, 'contractNumber') ?? '',
      cardType: childText(c, OBJ_NS, 'cardType') ?? '',
      currency: childText(c, OBJ_NS, 'currency') ?? '',
    })),
  );
}

// The Java SDK's own request when the reference data is here, else the smallest one the WSDL allows.
const settingsEnvelope = REFERENCE_MISSING
  ? minimalRequest(reference, 'getMerchantSettings')
  : readSample('directpayment/getMerchantSettings/getMerchantSettingsRequest.xml');

describe('getMerchantSettings', () => {
  let t: TestGateway;
  let shop: { id: string; authorization: string; accessKey: string };
  let empty: { authorization: string };

  before(async () => {
    t = await startTestGateway();
    const { deps } = t.gateway;
    const {
      merchant,
      key: { accessKey },
    } = await createMerchant(
      deps,
      { companyName: 'Gaufres SA', tradeName: 'Gaufres' },
      { accessKey: { label: 'magento' } },
    );
    const web = await createPointOfSale(deps, {
      merchantId: merchant.id,
      label: 'Web',
      notificationUrl: 'https://gaufres.example/notify',
    });
    const kiosk = await createPointOfSale(deps, { merchantId: merchant.id, label: 'Kiosk', paymentDelayMinutes: 15 });
    await createContract(deps, {
      cardCode: 'PAYCONIQ_MNXT',
      merchantId: merchant.id,
      contractNumber: 'PQWEB',
      pointOfSaleId: web.id,
      partnerContractId: 'GAUFRESWEB',
      label: 'Payconiq web',
    });
    await createContract(deps, {
      cardCode: 'PAYCONIQ_MNXT',
      merchantId: merchant.id,
      contractNumber: 'PQLIVE',
      pointOfSaleId: web.id,
      partnerContractId: 'GAUFRESLIVE',
      label: 'Payconiq live',
      partnerSettings: {
        apiKey: SECRET_API_KEY,
        ppid: PPID,
        apiBaseUrl: 'https://merchant.api.preprod.bancontact.net',
        jwksUrl: 'https://jwks.preprod.bancontact.net/',
      },
    });
    await createContract(deps, {
      cardCode: 'PAYCONIQ_MNXT',
      merchantId: merchant.id,
      contractNumber: 'PQOLD',
      pointOfSaleId: web.id,
      partnerContractId: 'GAUFRESOLD',
      label: 'Old',
      active: false,
    });
    await createContract(deps, {
      cardCode: 'PAYCONIQ_MNXT',
      merchantId: merchant.id,
      contractNumber: 'PQKIOSK',
      pointOfSaleId: kiosk.id,
      partnerContractId: 'GAUFRESKIOSK',
    });
    shop = {
      id: merchant.id,
      accessKey,
      authorization: `Basic ${Buffer.from(`${merchant.id}:${accessKey}`).toString('base64')}`,
    };

    const { merchant: bare, key: bareKey } = await createMerchant(
      deps,
      { companyName: 'Nothing Yet SA', tradeName: 'Nothing' },
      { accessKey: { label: 'k' } },
    );
    empty = { authorization: `Basic ${Buffer.from(`${bare.id}:${bareKey.accessKey}`).toString('base64')}` };
  });
  after(() => t.close());

  it(
    "the Java SDK's request fixture → the demo merchant's point of sale DemoShop and its contract",
    { skip: REFERENCE_MISSING },
    async () => {
      const element = conformant(await postSoap(t, 'DirectPaymentAPI', settingsEnvelope));
      assert.deepEqual(contractsOf(element), [
        {
          pointOfSale: 'DemoShop',
          label: 'PAYCONIQFP',
          number: 'PAYCONIQFP',
          cardType: 'PAYCONIQ_MNXT',
          currency: '978',
        },
      ]);
    },
  );

  it('every point of sale with its active contracts; inactive contracts and partner settings never appear', async () => {
    const answer = await postSoap(t, 'DirectPaymentAPI', settingsEnvelope, { authorization: shop.authorization });
    const element = conformant(answer);
    assert.deepEqual(contractsOf(element), [
      { pointOfSale: 'Kiosk', label: 'PQKIOSK', number: 'PQKIOSK', cardType: 'PAYCONIQ_MNXT', currency: '978' },
      { pointOfSale: 'Web', label: 'Payconiq live', number: 'PQLIVE', cardType: 'PAYCONIQ_MNXT', currency: '978' },
      { pointOfSale: 'Web', label: 'Payconiq web', number: 'PQWEB', cardType: 'PAYCONIQ_MNXT', currency: '978' },
    ]);
    const web = onlyChild(element, IMPL_NS, 'listPointOfSell').children.find(
      (p) => childText(p, OBJ_NS, 'label') === 'Web',
    )!;
    assert.equal(childText(web, OBJ_NS, 'notificationURL'), 'https://gaufres.example/notify');
    for (const hidden of ['PQOLD', SECRET_API_KEY, PPID, 'bancontact.net', 'DemoShop', 'PAYCONIQFP'])
      assert.doesNotMatch(answer.body, new RegExp(hidden), hidden);
  });

  it("another merchant sees only its own: none of the demo merchant's, nor of the shop's", async () => {
    const answer = await postSoap(t, 'DirectPaymentAPI', settingsEnvelope, { authorization: empty.authorization });
    const element = conformant(answer);
    assert.deepEqual(onlyChild(element, IMPL_NS, 'listPointOfSell').children, []);
    assert.doesNotMatch(answer.body, /DemoShop|PAYCONIQFP|Kiosk|PQWEB/);
  });

  it(
    'a node-soap client from Payline DirectPaymentAPI.wsdl reads it as the Magento 2 module does',
    { skip: REFERENCE_MISSING },
    async () => {
      const client = await soap.createClientAsync(referenceWsdlPath('DirectPaymentAPI'));
      client.setEndpoint(`${t.baseUrl}/V4/services/DirectPaymentAPI`);
      client.setSecurity(new soap.BasicAuthSecurity(shop.id, shop.accessKey));
      const [answer] = (await client.getMerchantSettingsAsync({ version: '34' })) as [Answer];
      assert.equal(answer.result.code, '00000');
      const list = <T>(v: T | T[]) => [v].flat() as T[];
      const read = list<Answer>(answer.listPointOfSell.pointOfSell).flatMap((pos) =>
        list<Answer>(pos.contracts.contract).map((c) => [pos.label, c.label, c.contractNumber, c.cardType, c.currency]),
      );
      assert.deepEqual(read, [
        ['Kiosk', 'PQKIOSK', 'PQKIOSK', 'PAYCONIQ_MNXT', '978'],
        ['Web', 'Payconiq live', 'PQLIVE', 'PAYCONIQ_MNXT', '978'],
        ['Web', 'Payconiq web', 'PQWEB', 'PAYCONIQ_MNXT', '978'],
      ]);
    },
  );

  it('without credentials → 401, no settings', async () => {
    const answer = await postSoap(t, 'DirectPaymentAPI', settingsEnvelope, { authorization: '' });
    assert.equal(answer.status, 401);
    assert.doesNotMatch(answer.body, /DemoShop/);
  });
});
