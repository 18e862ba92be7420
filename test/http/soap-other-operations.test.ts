import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/logger.js';
import { implEnvelope, otherMerchantAuthorization, soapPayment, type MadePayment } from '../support/extended-api.js';
import { minimalRequest } from '../support/minimal-request.js';
import { readSample, REFERENCE_MISSING, requestSamples, schemaWsdl } from '../support/payline-reference.js';
import { restCall, validSessionBody } from '../support/rest-client.js';
import { doWebPaymentEnvelope, postSoap, type SoapAnswer } from '../support/soap-client.js';
import { IMPL_NS, implSequence, readOperationResponse, schemaViolations, SOAP11_NS } from '../support/soap-response.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { readWsdl } from '../support/wsdl-model.js';
import { onlyChild, parseXml } from '../support/xml-tree.js';

/**
 * Every WSDL operation Passerelle does not implement answers its own `{op}Response` with a clear
 * result — 02010 and the reason, or the rule that refused it — never a fault or a 500; card data
 * is refused by every operation and never reaches the logs or the database.
 */
const reference = readWsdl(schemaWsdl('WebPaymentAPI'));
const serviceOf = (operation: string) => Object.entries(reference.portTypes).find(([, ops]) => operation in ops)![0];

/**
 * Implemented elsewhere: the web payment, the ExtendedAPI reads (extended-api*.test.ts), refunds,
 * doAuthorization, getMerchantSettings and getEncryptionKey (their own suites).
 */
const TESTED_ELSEWHERE = new Set([
  'doWebPayment',
  'getWebPaymentDetails',
  'getTransactionDetails',
  'transactionsSearch',
  'doRefund',
  'doAuthorization',
  'getMerchantSettings',
  'getEncryptionKey',
]);
const OTHER_OPERATIONS = Object.values(reference.portTypes)
  .flatMap((ops) => Object.keys(ops))
  .filter((op) => !TESTED_ELSEWHERE.has(op));

const CARD_REFUSAL = 'card data is not accepted, Passerelle is a wallet gateway';

function conformant(answer: SoapAnswer, operation: string) {
  assert.equal(answer.status, 200, answer.body);
  assert.doesNotMatch(answer.body, /Fault>/);
  const parsed = readOperationResponse(answer.body, operation);
  const element = `${operation}Response`;
  assert.deepEqual(schemaViolations(parsed.element, implSequence(reference, element), IMPL_NS, reference, element), []);
  return parsed.result;
}

function operationOf(envelope: string): string {
  return onlyChild(parseXml(envelope), SOAP11_NS, 'Body').children[0]!.local.replace(/Request$/, '');
}

describe('the other operations of the three WSDL services', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it(`covers the ${OTHER_OPERATIONS.length} other operations of WSDL 4.77`, () => {
    assert.equal(OTHER_OPERATIONS.length, 42 - TESTED_ELSEWHERE.size);
  });

  /** What a minimal request (required elements only, placeholder values) gets. */
  const minimalExpectations: Record<string, { code: string; longMessage: string | RegExp }> = {
    getToken: { code: '02305', longMessage: `Invalid field format cardNumber: ${CARD_REFUSAL}` },
    getBalance: { code: '02305', longMessage: `Invalid field format cardID: ${CARD_REFUSAL}` },
    doCapture: { code: '02604', longMessage: 'This transaction does not exist' },
    doReset: { code: '02604', longMessage: 'This transaction does not exist' },
  };
  for (const operation of OTHER_OPERATIONS) {
    const expected = minimalExpectations[operation] ?? {
      code: '02010',
      longMessage: /^Requested function not available: (?!.*is not supported by Passerelle$).{15,}$/,
    };
    it(`${operation}, minimal request → ${operation}Response ${expected.code}`, async () => {
      const answer = await postSoap(t, serviceOf(operation), minimalRequest(reference, operation));
      const result = conformant(answer, operation);
      assert.equal(result.code, expected.code);
      assert.equal(result.shortMessage, 'ERROR');
      if (typeof expected.longMessage === 'string') assert.equal(result.longMessage, expected.longMessage);
      else assert.match(result.longMessage, expected.longMessage);
    });
  }

  it('doRefund answers its own response, never a fault', async () => {
    conformant(await postSoap(t, 'DirectPaymentAPI', minimalRequest(reference, 'doRefund')), 'doRefund');
  });

  it('an operation posted to another service is still answered (dispatch by element)', async () => {
    const result = conformant(
      await postSoap(t, 'ExtendedAPI', minimalRequest(reference, 'createWebWallet')),
      'createWebWallet',
    );
    assert.equal(result.code, '02010');
    assert.match(result.longMessage, /wallets are not supported for PAYCONIQ_MNXT/);
  });

  describe('the Java SDK request fixtures', { skip: REFERENCE_MISSING }, () => {
    /** The card field each fixture's operation carries (fixtures are read in place from ../shared). */
    const cardField: Record<string, string> = {
      doAuthorization: 'card.number',
      doCredit: 'card.number',
      doDebit: 'card.number',
      verifyEnrollment: 'card.number',
      verifyAuthentication: 'card.number',
      createWallet: 'wallet.card.number',
      updateWallet: 'wallet.card.number',
      doImmediateWalletPayment: 'cvx',
      doRecurrentWalletPayment: 'cvx',
      getToken: 'cardNumber',
      getBalance: 'cardID',
      transactionsSearch: 'cardNumber',
    };
    const byOperation: Record<string, [string, string]> = {
      doCapture: ['02604', 'This transaction does not exist'],
      doReset: ['02604', 'This transaction does not exist'],
      getTransactionDetails: ['02305', 'Invalid field format endDate'],
      getMerchantSettings: ['00000', 'Transaction approved'],
      getEncryptionKey: ['00000', 'Transaction approved'],
    };
    const samples = ['directpayment', 'extended', 'walletpayment'].flatMap(requestSamples);
    for (const sample of samples) {
      const operation = operationOf(readSample(sample));
      if (operation === 'doRefund') continue;
      const [code, longMessage] = cardField[operation]
        ? ['02305', `Invalid field format ${cardField[operation]}: ${CARD_REFUSAL}`]
        : (byOperation[operation] ?? ['02010', undefined]);
      it(`${sample} → ${code}`, async () => {
        const answer = await postSoap(t, serviceOf(operation), readSample(sample));
        const result = conformant(answer, operation);
        assert.equal(result.code, code);
        if (longMessage) assert.equal(result.longMessage, longMessage);
        else assert.match(result.longMessage, /^Requested function not available: ./);
        assert.doesNotMatch(answer.body, /4970101122334455|4970100000000/, 'a card number is never echoed');
      });
    }
  });

  describe('doCapture and doReset of existing transactions', () => {
    let paid: MadePayment;
    let cancelled: MadePayment;
    before(async () => {
      paid = await soapPayment(t);
      cancelled = await soapPayment(t, {}, 'abort');
    });
    const capture = (id: string | null, headers: Record<string, string> = {}) =>
      postSoap(t, 'DirectPaymentAPI', implEnvelope('doCapture', { transactionID: id, payment: null }), headers);
    const reset = (id: string | null, headers: Record<string, string> = {}) =>
      postSoap(t, 'DirectPaymentAPI', implEnvelope('doReset', { transactionID: id }), headers);

    it('an accepted payment: doCapture → 02617 (captured when paid), doReset → 02600 (refund it instead)', async () => {
      assert.deepEqual(conformant(await capture(paid.transactionId), 'doCapture'), {
        code: '02617',
        shortMessage: 'ERROR',
        longMessage:
          'The transaction is already captured: Payconiq by Bancontact payments are captured when the buyer pays',
      });
      assert.deepEqual(conformant(await reset(paid.transactionId), 'doReset'), {
        code: '02600',
        shortMessage: 'ERROR',
        longMessage:
          'Reset is not supported for transaction type AUTHOR+CAP: Payconiq by Bancontact payments are captured at once and cannot be reset, use doRefund',
      });
    });

    it('a cancelled payment: 02302, nothing to capture or reset', async () => {
      assert.deepEqual(conformant(await capture(cancelled.transactionId), 'doCapture'), {
        code: '02302',
        shortMessage: 'ERROR',
        longMessage: `Transaction is invalid: ${cancelled.transactionId} was not accepted (02008 CANCELLED), there is nothing to capture`,
      });
      assert.deepEqual(conformant(await reset(cancelled.transactionId), 'doReset'), {
        code: '02302',
        shortMessage: 'ERROR',
        longMessage: `Transaction is invalid: ${cancelled.transactionId} was not accepted (02008 CANCELLED), there is nothing to reset`,
      });
    });

    it("another merchant's transaction is unknown to it: 02604, like any unknown id", async () => {
      const authorization = await otherMerchantAuthorization(t);
      assert.equal(conformant(await capture(paid.transactionId, { authorization }), 'doCapture').code, '02604');
      const theirs = await reset(paid.transactionId, { authorization });
      const unknown = await reset('19999999999999', { authorization });
      assert.equal(conformant(theirs, 'doReset').code, '02604');
      assert.equal(theirs.body, unknown.body);
    });

    it('missing or malformed transactionID → 02308 / 02305', async () => {
      assert.deepEqual(conformant(await capture(null), 'doCapture'), {
        code: '02308',
        shortMessage: 'ERROR',
        longMessage: 'Invalid value for transactionID',
      });
      assert.deepEqual(conformant(await reset('1 OR 1=1'), 'doReset'), {
        code: '02305',
        shortMessage: 'ERROR',
        longMessage: 'Invalid field format transactionID',
      });
    });
  });
});

describe('card data is refused and never logged or stored', () => {
  const PAN = '4970101122334455';
  let t: TestGateway;
  const logLines: string[] = [];

  before(async () => {
    // The production logger configuration, at its most verbose, writing into memory.
    t = await startTestGateway({
      logger: createLogger('trace', { write: (line: string) => void logLines.push(line) }),
    });
  });
  after(() => t.close());

  async function databaseText(): Promise<string> {
    const tables = await t.gateway.db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    assert.ok(tables.length >= 8, 'every table is dumped');
    const dumps = await Promise.all(
      tables.map(({ name }) => t.gateway.db.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`)),
    );
    return dumps
      .flat()
      .map((r) => r.row)
      .join('\n');
  }

  it(
    'card numbers sent to SOAP and REST operations are refused, and appear in no answer, log line or table',
    { skip: REFERENCE_MISSING },
    async () => {
      const answers: string[] = [];
      const soapCases: [string, string, string, string][] = [
        [
          'DirectPaymentAPI',
          readSample('directpayment/doAuthor/doAuthorizationRequestMinimal.xml'),
          'doAuthorization',
          'card.number',
        ],
        ['DirectPaymentAPI', readSample('directpayment/getToken/getTokenRequest.xml'), 'getToken', 'cardNumber'],
        [
          'DirectPaymentAPI',
          readSample('walletpayment/createWallet/createWalletRequestMinimal.xml'),
          'createWallet',
          'wallet.card.number',
        ],
        [
          'ExtendedAPI',
          implEnvelope('transactionsSearch', { startDate: '01/01/2026', endDate: '02/01/2026', cardNumber: PAN }),
          'transactionsSearch',
          'cardNumber',
        ],
        [
          'DirectPaymentAPI',
          readSample('directpayment/doAuthor/doAuthorizationRequestMinimal.xml')
            .replace('<number>4970101122334455</number>', '')
            .replace('<cvx>123</cvx>', '<cvx>987</cvx>'),
          'doAuthorization',
          'card.expirationDate',
        ],
      ];
      for (const [service, envelope, operation, field] of soapCases) {
        const answer = await postSoap(t, service, envelope);
        assert.equal(answer.status, 200);
        assert.equal(
          readOperationResponse(answer.body, operation).result.longMessage,
          `Invalid field format ${field}: ${CARD_REFUSAL}`,
        );
        answers.push(answer.body);
      }

      // A card slipped into doWebPayment is not an element of it: ignored, the payment is created without it.
      const withCard = doWebPaymentEnvelope().replace(
        '</impl:returnURL>',
        `</impl:returnURL><impl:card><obj:number>${PAN}</obj:number><obj:type>CB</obj:type></impl:card>`,
      );
      const created = await postSoap(t, 'WebPaymentAPI', withCard);
      assert.equal(created.field('code'), '00000');
      answers.push(created.body);

      // Unreadable envelope carrying a card number: a fault, nothing logged about the body.
      const malformed = await postSoap(
        t,
        'DirectPaymentAPI',
        `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><number>${PAN}</numbr></s:Body></s:Envelope>`,
      );
      assert.equal(malformed.status, 500);
      answers.push(malformed.body);

      for (const body of [
        validSessionBody({ card: { number: PAN, expirationDate: '1255', cvv: '987' } }),
        validSessionBody({ buyer: { firstName: 'John', lastName: 'Doe', cardNumber: PAN } }),
        validSessionBody({ paymentMethod: { paymentMethodIDs: ['PAYCONIQFP'], pan: PAN } }),
      ]) {
        const rest = await restCall(t, 'POST', '/v1/checkout/sessions', body);
        assert.equal(rest.status, 400, rest.body);
        assert.equal(rest.json.result.code, '02305');
        assert.match(rest.json.result.detail, new RegExp(`${CARD_REFUSAL}$`));
        answers.push(rest.body);
      }

      const logs = logLines.join('');
      assert.match(logs, /"msg":"SOAP operation"/, 'the capture sees the gateway logs');
      assert.match(logs, /"resultCode":"02305"/);
      assert.match(logs, /request completed/);
      for (const text of [logs, await databaseText(), ...answers]) {
        assert.doesNotMatch(text, new RegExp(PAN));
        assert.doesNotMatch(text, /"cvx"|"cvv"/);
      }
    },
  );
});
