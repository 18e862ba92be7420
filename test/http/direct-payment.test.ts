/**
 * DirectPaymentAPI doAuthorization with a PAYCONIQ_MNXT contract: the merchant shows the QR code
 * itself (a till, a kiosk). Over real HTTP: node-soap clients built from Payline's WSDL 4.77 and
 * from the served one → the Payconiq payment at the embedded simulator → the payer's phone → the
 * signed callback, the poll or the expiry → a TRS notification to the point of sale's URL →
 * getTransactionDetails.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import soap from 'soap';
import { createContract, createPointOfSale } from '../../src/merchants/configure-contract.js';
import { formatPaylineShortDateTime } from '../../src/domain/payline-date.js';
import { doAuthorizationEnvelope, type DoAuthorizationFields } from '../support/direct-payment.js';
import { getTransactionDetails, searchDate, transactionsSearch } from '../support/extended-api.js';
import { addNoCallbackContract, payerDoes, settle, usePayconiqE2e } from '../support/payconiq-e2e.js';
import { REFERENCE_MISSING, referenceWsdlPath, schemaWsdl, SOAP_SAMPLES_DIR } from '../support/payline-reference.js';
import { doRefundEnvelope } from '../support/refund-client.js';
import { getWebPaymentDetailsEnvelope, postSoap, type SoapAnswer } from '../support/soap-client.js';
import { IMPL_NS, implSequence, readOperationResponse, schemaViolations } from '../support/soap-response.js';
import { waitUntil } from '../support/wait-until.js';
import { readWsdl } from '../support/wsdl-model.js';
import { payconiqContractOf } from '../support/payconiq-contract.js';
import type { Wire } from '../support/wire.js';

type Answer = Record<string, Wire>;
const TILL = 'PQTILL';

const reference = readWsdl(schemaWsdl('DirectPaymentAPI'));

/** A doAuthorizationResponse valid against Payline's WSDL 4.77 (never a fault); its result. */
function conformant(answer: SoapAnswer) {
  assert.equal(answer.status, 200, answer.body);
  const parsed = readOperationResponse(answer.body, 'doAuthorization');
  assert.deepEqual(
    schemaViolations(
      parsed.element,
      implSequence(reference, 'doAuthorizationResponse'),
      IMPL_NS,
      reference,
      'doAuthorizationResponse',
    ),
    [],
  );
  return parsed.result;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : ([v].flat() as T[]));

describe('DirectPaymentAPI doAuthorization with a Payconiq contract', () => {
  const e = usePayconiqE2e();
  before(async () => {
    // A till: its own point of sale (notification URL, 15-minute delay), a contract on the embedded simulator.
    const pos = await createPointOfSale(e.t.gateway.deps, {
      merchantId: e.t.merchantId,
      label: 'Till 3',
      paymentDelayMinutes: 15,
      notificationUrl: e.merchant.url,
    });
    await createContract(e.t.gateway.deps, {
      cardCode: 'PAYCONIQ_MNXT',
      merchantId: e.t.merchantId,
      contractNumber: TILL,
      pointOfSaleId: pos.id,
      partnerContractId: 'MONEXTTILL',
      tradeName: 'Shop Till',
    });
  });

  const authorize = (fields: DoAuthorizationFields = {}) =>
    postSoap(e.t, 'DirectPaymentAPI', doAuthorizationEnvelope({ contractNumber: TILL, ...fields }));

  async function authorized(fields: DoAuthorizationFields = {}) {
    const answer = await authorize(fields);
    assert.equal(conformant(answer).code, '02000', answer.body);
    const transactionId = answer.field('id')!;
    const links = JSON.parse(answer.field('partnerAdditionalData')!) as {
      paymentId: string;
      paymentLink: string;
      qrCodeLink?: string;
    };
    return { answer, transactionId, links };
  }

  async function details(
    transactionId: string,
    history = false,
  ): Promise<SoapAnswer & { result: { code: string; shortMessage: string; longMessage: string } }> {
    const answer = await getTransactionDetails(e.t, { transactionId, transactionHistory: history ? 'Y' : null });
    assert.equal(answer.status, 200, answer.body);
    return Object.assign(answer, { result: readOperationResponse(answer.body, 'getTransactionDetails').result });
  }

  /** The payment as the partner API shows it (GET with the till contract's key). */
  async function partnerPayment(paymentId: string): Promise<Answer> {
    const config = await payconiqContractOf(e.t, e.t.merchantId, TILL);
    const res = await fetch(`${e.t.baseUrl}/simulator/payconiq/v3/payments/${paymentId}`, {
      headers: { authorization: `Bearer ${config!.apiKey}` },
    });
    assert.equal(res.status, 200);
    return (await res.json()) as Answer;
  }

  const trsFor = (transactionId: string) =>
    e.merchant.received.filter((r) => r.transactionId === transactionId).map((r) => r.notificationType);
  const tableCounts = async () => {
    const [row] = await e.t.gateway.db.query<{ s: string; t: string }>(
      'SELECT (SELECT count(*) FROM web_sessions) AS s, (SELECT count(*) FROM transactions) AS t',
    );
    return { sessions: Number(row!.s), transactions: Number(row!.t) };
  };

  const clients: [string, () => Promise<{ direct: soap.Client; extended: soap.Client }>][] = [
    [
      'Payline WSDL 4.77',
      async () => {
        const make = async (service: string) => {
          const c = await soap.createClientAsync(referenceWsdlPath(service));
          c.setEndpoint(`${e.t.baseUrl}/V4/services/${service}`);
          return c;
        };
        return { direct: await make('DirectPaymentAPI'), extended: await make('ExtendedAPI') };
      },
    ],
    [
      'the served WSDL',
      async () => ({
        direct: await soap.createClientAsync(`${e.t.baseUrl}/V4/services/DirectPaymentAPI?wsdl`),
        extended: await soap.createClientAsync(`${e.t.baseUrl}/V4/services/ExtendedAPI?wsdl`),
      }),
    ],
  ];

  const fromReference = (label: string) => (label === 'Payline WSDL 4.77' ? REFERENCE_MISSING : undefined);
  for (const [label, make] of clients) {
    it(
      `node-soap client from ${label}: ONHOLD_PARTNER with the payment link, the payer pays, TRS, getTransactionDetails 00000, refund`,
      { skip: fromReference(label) },
      async () => {
        const { direct, extended } = await make();
        for (const c of [direct, extended]) c.setSecurity(new soap.BasicAuthSecurity(e.t.merchantId, e.t.accessKey));
        const call = async (c: soap.Client, op: string, args: Answer): Promise<Answer> =>
          ((await c[`${op}Async`](args)) as [Answer])[0];

        const created = await call(direct, 'doAuthorization', {
          version: '34',
          payment: { amount: '2500', currency: '978', action: '101', mode: 'CPT', contractNumber: TILL },
          bankAccountData: { countryCode: '', bankCode: '', accountNumber: '', key: '' },
          card: { type: 'PAYCONIQ_MNXT' },
          order: { ref: 'TILL-42', country: 'BE', amount: '2500', currency: '978', date: '26/11/2026 10:00' },
          buyer: { lastName: 'Peeters', firstName: 'Anna' },
          privateDataList: { privateData: [{ key: 'till', value: '3' }] },
        });
        assert.deepEqual(created.result, {
          code: '02000',
          shortMessage: 'ONHOLD_PARTNER',
          longMessage: 'Transaction in progress, please wait for payment status.',
        });
        const transactionId = created.transaction.id as string;
        assert.match(transactionId, /^\d{14}$/);
        assert.equal(created.transaction.date, formatPaylineShortDateTime(e.t.clock.now()));
        assert.equal(created.transaction.softDescriptor, 'Shop Till');
        assert.equal(created.contractNumber, TILL);
        assert.equal(created.card.type, 'PAYCONIQ_MNXT');
        assert.deepEqual(created.privateDataList, { privateData: [{ key: 'till', value: '3' }] });
        const links = JSON.parse(created.transaction.partnerAdditionalData as string) as Answer;
        assert.match(links.paymentId, /^[0-9a-f]{24}$/);
        assert.equal(
          links.paymentLink,
          `${e.t.baseUrl}/simulator/payconiq/pay/2/${links.paymentId}`,
          'the QR payload is the partner deep link',
        );
        assert.equal(
          links.qrCodeLink,
          `${e.t.baseUrl}/simulator/payconiq/qrcode?c=${encodeURIComponent(links.paymentLink)}`,
        );
        assert.equal(
          links.expiresAt,
          new Date(e.t.clock.now().getTime() + 15 * 60_000).toISOString(),
          "the till's 15 minutes, before Payconiq's 20",
        );
        const atPartner = await partnerPayment(links.paymentId);
        assert.deepEqual(
          [atPartner.status, atPartner.amount, atPartner.reference, atPartner.creditor.callbackUrl],
          ['PENDING', 2500, 'TILL-42', e.callbackUrl],
        );

        const pending = await call(extended, 'getTransactionDetails', { version: '34', transactionId });
        assert.equal(pending.result.code, '02000');
        assert.equal(
          JSON.parse(pending.transaction.partnerAdditionalData).paymentLink,
          links.paymentLink,
          'the link can be shown again',
        );
        assert.deepEqual(trsFor(transactionId), []);

        e.t.clock.advanceMinutes(1);
        await payerDoes(e, links.paymentId, 'scan', 'pay');
        await settle(e);
        assert.deepEqual(trsFor(transactionId), ['TRS'], 'one TRS notification to the point of sale URL');

        const done = await call(extended, 'getTransactionDetails', {
          version: '34',
          transactionId,
          transactionHistory: 'Y',
        });
        assert.deepEqual(done.result, {
          code: '00000',
          shortMessage: 'ACCEPTED',
          longMessage: 'Transaction approved',
          partnerCode: 'SUCCEEDED',
        });
        assert.equal(done.transaction.id, transactionId);
        assert.equal(
          done.transaction.date.slice(0, 10),
          created.transaction.date.slice(0, 6) + '20' + created.transaction.date.slice(6, 8),
          'the transaction keeps its creation date',
        );
        assert.equal(JSON.parse(done.transaction.partnerAdditionalData).transactionFlow, 'ecommerce');
        assert.equal(done.buyer.firstName, 'John', "the payer's first name from the partner");
        assert.equal(done.bankAccountData.bankCode, 'GKCCBEBB');
        assert.equal(done.order.ref, 'TILL-42');
        assert.equal(done.pointOfSell.label, 'Till 3');
        assert.deepEqual(
          list<Answer>(done.statusHistoryList.statusHistory).map((h) => h.status),
          ['ON_HOLD_PARTNER', 'ACCEPTED'],
        );

        const refund = await call(direct, 'doRefund', {
          version: '34',
          transactionID: transactionId,
          comment: 'one item returned',
          payment: { amount: '500', currency: '978', action: '421', mode: 'CPT', contractNumber: TILL },
        });
        assert.equal(refund.result.code, '00000');
        const family = await call(extended, 'getTransactionDetails', { version: '34', transactionId });
        assert.deepEqual(
          list<Answer>(family.associatedTransactionsList.associatedTransactions).map((a) => [a.type, a.amount]),
          [['REFUND', '500']],
        );
      },
    );
  }

  it('the payer cancels in the app: 02008 CANCELLED, one transaction, TRS', async () => {
    const { transactionId, links } = await authorized();
    await payerDoes(e, links.paymentId, 'scan', 'cancel');
    await settle(e);
    const d = await details(transactionId);
    assert.deepEqual(
      [d.result.code, d.result.shortMessage, d.field('partnerCode')],
      ['02008', 'CANCELLED', 'CANCELLED'],
    );
    assert.equal(d.field('partnerAdditionalData'), undefined, 'no link once final');
    assert.deepEqual(trsFor(transactionId), ['TRS']);
    const rows = await e.t.gateway.db.query<{ id: string; result_code: string }>(
      `SELECT id, result_code FROM transactions WHERE id = $1 OR original_transaction_id = $1`,
      [transactionId],
    );
    assert.deepEqual(rows, [{ id: transactionId, result_code: '02008' }]);
  });

  it('the payer declines: 02020 REFUSED', async () => {
    const { transactionId, links } = await authorized();
    await payerDoes(e, links.paymentId, 'scan', 'decline');
    await settle(e);
    assert.equal((await details(transactionId)).result.code, '02020');
    assert.deepEqual(trsFor(transactionId), ['TRS']);
  });

  it("nobody scans: at the point of sale's delay the gateway cancels the partner payment → 02324, TRS", async () => {
    const { transactionId, links } = await authorized();
    e.t.clock.advanceMinutes(14);
    await settle(e);
    assert.equal((await details(transactionId)).result.code, '02000', 'still waiting before 15 minutes');
    e.t.clock.advanceMinutes(2);
    await settle(e);
    const d = await details(transactionId, true);
    assert.deepEqual([d.result.code, d.result.shortMessage], ['02324', 'REFUSED']);
    assert.equal(
      (await partnerPayment(links.paymentId)).status,
      'CANCELLED',
      'cancelled at the partner: the QR code can no longer be paid',
    );
    assert.deepEqual(trsFor(transactionId), ['TRS']);
  });

  it('no callback reaches the gateway: the poll settles it', async () => {
    const contract = await addNoCallbackContract(e);
    const { transactionId, links } = await authorized({ contractNumber: contract.contractNumber });
    await payerDoes(e, links.paymentId, 'scan', 'pay');
    assert.equal((await details(transactionId)).result.code, '02000', 'the callback was refused (JWKS down)');
    e.t.clock.advance(10_000);
    await settle(e);
    assert.equal((await details(transactionId)).result.code, '00000');
  });

  for (const status of [500, 503, 429] as const) {
    it(`partner answers ${status} when the payment is created: 02106 at once, with its transaction`, async () => {
      await e.sim.setQuirks({ failNext: { status, count: 1 } });
      const answer = await authorize();
      const result = conformant(answer);
      assert.deepEqual([result.code, result.shortMessage], ['02106', 'ERROR']);
      const transactionId = answer.field('id')!;
      assert.match(transactionId, /^\d{14}$/);
      assert.equal(answer.field('partnerAdditionalData'), undefined, 'no QR code to show');
      await settle(e);
      assert.equal((await details(transactionId)).result.code, '02106');
      assert.deepEqual(trsFor(transactionId), ['TRS']);
    });
  }

  const doReset = async (transactionId: string) => {
    const answer = await postSoap(
      e.t,
      'DirectPaymentAPI',
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><doResetRequest xmlns="http://impl.ws.payline.experian.com"><version>34</version><transactionID>${transactionId}</transactionID></doResetRequest></s:Body></s:Envelope>`,
    );
    assert.equal(answer.status, 200, answer.body);
    return Object.assign(answer, { result: readOperationResponse(answer.body, 'doReset').result });
  };

  it('doReset of a payment still waiting: cancelled at the partner, 02014 CANCELLED, TRS; a second reset → 02601', async () => {
    const { transactionId, links } = await authorized();
    await payerDoes(e, links.paymentId, 'scan');
    const reset = await doReset(transactionId);
    assert.deepEqual(reset.result, { code: '00000', shortMessage: 'ACCEPTED', longMessage: 'Transaction approved' });
    assert.equal(reset.field('id'), transactionId);
    assert.equal((await partnerPayment(links.paymentId)).status, 'CANCELLED', 'the QR code can no longer be paid');
    await settle(e);
    const d = await details(transactionId, true);
    assert.deepEqual(
      [d.result.code, d.result.shortMessage, d.result.longMessage],
      ['02014', 'CANCELLED', 'Transaction handled by merchant'],
    );
    assert.deepEqual(
      (await e.sim.callbacks(links.paymentId)).map((c) => [c.status, c.state]),
      [['CANCELLED', 'delivered']],
      "the partner's own CANCELLED changes nothing",
    );
    assert.deepEqual(trsFor(transactionId), ['TRS']);
    await assert.rejects(e.sim.act(links.paymentId, 'pay'), /not pending|PAYMENT_NOT_PENDING/i);
    const again = await doReset(transactionId);
    assert.deepEqual(
      [again.result.code, again.result.longMessage],
      ['02601', `Reset already done: ${transactionId} was cancelled by the merchant already`],
    );
  });

  it('doReset just after the payer paid: the payment stays 00000, the reset is refused (use doRefund)', async () => {
    const { transactionId, links } = await authorized();
    await e.sim.act(links.paymentId, 'scan');
    await e.sim.act(links.paymentId, 'pay');
    const reset = await doReset(transactionId);
    assert.equal(reset.result.code, '02600', reset.body);
    assert.match(reset.result.longMessage, /use doRefund/);
    await settle(e);
    assert.equal((await details(transactionId)).result.code, '00000');
  });

  it('doReset while the partner is unreachable: 02106, the payment stays waiting; reset again once it is back', async () => {
    const { transactionId } = await authorized();
    await e.sim.setQuirks({ failNext: { status: 503, count: 1 } });
    const reset = await doReset(transactionId);
    assert.equal(reset.result.code, '02106', reset.body);
    assert.match(reset.result.longMessage, /still pending: try again/);
    assert.equal((await details(transactionId)).result.code, '02000');
    assert.equal((await doReset(transactionId)).result.code, '00000');
    await settle(e);
    assert.equal((await details(transactionId)).result.code, '02014');
  });

  it('doCapture of a payment still waiting: 02302, Payconiq captures it when the buyer pays', async () => {
    const { transactionId } = await authorized();
    const answer = await postSoap(
      e.t,
      'DirectPaymentAPI',
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><doCaptureRequest xmlns="http://impl.ws.payline.experian.com"><version>34</version><transactionID>${transactionId}</transactionID><payment><amount>2500</amount><currency>978</currency><action>201</action><mode>CPT</mode><contractNumber>${TILL}</contractNumber></payment></doCaptureRequest></s:Body></s:Envelope>`,
    );
    assert.equal(answer.status, 200, answer.body);
    assert.deepEqual(readOperationResponse(answer.body, 'doCapture').result, {
      code: '02302',
      shortMessage: 'ERROR',
      longMessage: `Transaction is invalid: ${transactionId} is still waiting for the buyer (02000 ONHOLD_PARTNER): Payconiq captures it when the buyer pays`,
    });
    assert.equal((await details(transactionId)).result.code, '02000');
  });

  it('doReset while the partner payment is being created: 02014 at once, and the payment Payconiq then creates is cancelled there', async () => {
    await e.sim.setQuirks({ slowMs: 400 });
    const answering = authorize({ orderRef: 'TILL-RACE' });
    let transactionId = '';
    await waitUntil(async () => {
      const [row] = await e.t.gateway.db.query<{ transaction_id: string }>(
        "SELECT transaction_id FROM web_sessions WHERE order_ref = 'TILL-RACE' AND partner_creation_started_at IS NOT NULL",
      );
      transactionId = row?.transaction_id ?? '';
      return transactionId !== '';
    }, 'the partner payment being created');
    const reset = await doReset(transactionId);
    assert.equal(reset.result.code, '00000', reset.body);
    const answer = await answering;
    assert.equal(conformant(answer).code, '02014', 'doAuthorization answers the result the reset gave');
    await e.sim.setQuirks({ slowMs: 0 });
    const [row] = await e.t.gateway.db.query<{ partner_payment_id: string; result_code: string }>(
      "SELECT partner_payment_id, result_code FROM web_sessions WHERE order_ref = 'TILL-RACE'",
    );
    assert.equal(row!.result_code, '02014');
    assert.ok(row!.partner_payment_id, 'the late partner payment is kept on the session for the record');
    assert.equal(
      (await partnerPayment(row!.partner_payment_id)).status,
      'CANCELLED',
      'nobody can pay the late QR code',
    );
    await settle(e);
    assert.equal((await details(transactionId)).result.code, '02014');
  });

  it("doReset the partner refuses (429): the payment stays waiting, and the payer's own cancel afterwards is the payer's (02008)", async () => {
    const { transactionId, links } = await authorized();
    await e.sim.setQuirks({ failNext: { status: 429, count: 1 } });
    assert.equal((await doReset(transactionId)).result.code, '02106');
    await payerDoes(e, links.paymentId, 'scan', 'cancel');
    await settle(e);
    const d = await details(transactionId);
    assert.deepEqual([d.result.code, d.result.shortMessage], ['02008', 'CANCELLED']);
  });

  const refusals: [string, DoAuthorizationFields, string, string][] = [
    ['no amount', { amount: null }, '02308', 'Invalid value for payment.amount'],
    ['a zero amount', { amount: '0', orderAmount: '0' }, '02308', 'Invalid value for payment.amount'],
    ['authorization only (action 100)', { action: '100' }, '02308', 'Invalid value for payment.action'],
    ['another currency', { currency: '840' }, '02308', 'Invalid value for payment.currency'],
    [
      'a card brand',
      { cardType: 'CB' },
      '02308',
      'Invalid value for card.type (PAYCONIQ_MNXT expected, the contract pays with the Payconiq app)',
    ],
    [
      'a card number',
      { cardNumber: '4970101122334455' },
      '02305',
      'Invalid field format card.number: card data is not accepted, Passerelle is a wallet gateway',
    ],
    ['an unknown contract', { contractNumber: 'NOPE' }, '02303', 'Invalid contract number.'],
    ['no order reference', { orderRef: null }, '02308', 'Invalid value for order.ref'],
    ['no buyer last name', { lastName: null }, '02308', 'Invalid value for buyer.lastName'],
  ];
  for (const [what, fields, code, longMessage] of refusals) {
    it(`refuses ${what}: ${code}, nothing stored`, async () => {
      const before = await tableCounts();
      const result = conformant(await authorize(fields));
      assert.deepEqual([result.code, result.longMessage], [code, longMessage]);
      assert.deepEqual(await tableCounts(), before);
    });
  }

  it(
    "Payline's own doAuthorization fixture (a card payment) is refused for its card data, nothing stored",
    { skip: REFERENCE_MISSING },
    async () => {
      const before = await tableCounts();
      const envelope = readFileSync(
        join(SOAP_SAMPLES_DIR, 'directpayment/doAuthor/doAuthorizationRequestFull.xml'),
        'utf8',
      );
      const answer = await postSoap(e.t, 'DirectPaymentAPI', envelope);
      const { result } = readOperationResponse(answer.body, 'doAuthorization');
      assert.equal(result.code, '02305');
      assert.match(result.longMessage, /^Invalid field format card\.number: card data is not accepted/);
      assert.doesNotMatch(answer.body, /4970101122334455/);
      assert.deepEqual(await tableCounts(), before);
    },
  );

  it('a direct payment has no hosted page and no web payment token: the page, its status and getWebPaymentDetails do not know it', async () => {
    const { transactionId } = await authorized();
    const [row] = await e.t.gateway.db.query<{ token: string }>('SELECT token FROM transactions WHERE id = $1', [
      transactionId,
    ]);
    const token = row!.token;
    assert.equal((await fetch(`${e.t.baseUrl}/v2/?token=${token}`)).status, 404);
    assert.equal((await fetch(`${e.t.baseUrl}/v2/status?token=${token}`)).status, 404);
    const web = await postSoap(e.t, 'WebPaymentAPI', getWebPaymentDetailsEnvelope(token));
    assert.equal(readOperationResponse(web.body, 'getWebPaymentDetails').result.code, '02304');
    const cancel = await fetch(`${e.t.baseUrl}/v2/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${token}`,
      redirect: 'manual',
    });
    assert.equal(cancel.status, 404);
    assert.equal((await details(transactionId)).result.code, '02000', 'untouched');
    const restAnswer = await fetch(`${e.t.baseUrl}/v1/checkout/transactions/${transactionId}`, {
      headers: { authorization: e.t.authorization },
    });
    const json = (await restAnswer.json()) as Answer;
    assert.equal(json.result.code, '02000');
    assert.equal(json.transaction.sessionId, undefined);
    assert.match(json.transaction.partnerAdditionalData.paymentLink, /\/pay\/2\/[0-9a-f]{24}$/);
  });

  it('transactionsSearch and getTransactionDetails by order reference find the pending payment; a refund of it is refused', async () => {
    const { transactionId } = await authorized({ orderRef: 'TILL-SEARCH' });
    const byRef = await getTransactionDetails(e.t, { orderRef: 'TILL-SEARCH' });
    assert.equal(byRef.field('id'), transactionId);
    const found = await transactionsSearch(e.t, {
      orderRef: 'TILL-SEARCH',
      startDate: searchDate(new Date(e.t.clock.now().getTime() - 60_000)),
      endDate: searchDate(new Date(e.t.clock.now().getTime() + 60_000)),
    });
    assert.equal(readOperationResponse(found.body, 'transactionsSearch').result.code, '00000', found.body);
    assert.equal(found.field('id'), transactionId);
    const refund = await postSoap(
      e.t,
      'DirectPaymentAPI',
      doRefundEnvelope({ transactionID: transactionId, amount: '100', contractNumber: TILL }),
    );
    assert.equal(readOperationResponse(refund.body, 'doRefund').result.code, '02314');
  });
});
