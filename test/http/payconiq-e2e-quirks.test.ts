/**
 * The partner drift seen in the field (payconiq-api.md §4.3, §7, §10 "Quirk toggles"), switched
 * on in the embedded simulator, through the whole flow: doWebPayment → page → payer pays →
 * callback (or poll) → notification → getWebPaymentDetails 00000.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SimulatorQuirks } from '../../src/simulator/payconiq/simulator.js';
import {
  addNoCallbackContract,
  createPayment,
  decodeHeader,
  events,
  expectFinal,
  getSession,
  openAndGetPartnerId,
  payerDoes,
  pressButton,
  settle,
  soapDetails,
  usePayconiqE2e,
} from '../support/payconiq-e2e.js';

const MASKED_IBAN = '*************20992';

describe('Payconiq end to end: partner quirks', () => {
  const e = usePayconiqE2e();

  /** Pays a demo-contract payment and checks it was settled by an accepted callback. */
  async function payThroughCallbacks(firstName = 'Marie') {
    const token = await createPayment(e, { firstName });
    const id = await openAndGetPartnerId(e, token);
    await payerDoes(e, id, 'pay');
    const sent = await e.sim.callbacks(id);
    assert.ok(sent.length >= 2);
    for (const d of sent)
      assert.deepEqual(
        [d.status, d.state, d.lastResult],
        [d.status, 'delivered', 'HTTP 200'],
        `${d.status} callback accepted`,
      );
    const settledBy = (await events(e, token)).find((ev) => ev.resultCode === '00000');
    assert.equal(settledBy?.source, 'callback', 'settled by the callback, not by a poll');
    const succeeded = sent.find((d) => d.status === 'SUCCEEDED')!;
    return {
      token,
      id,
      header: decodeHeader(succeeded.headers.signature!),
      signature: succeeded.headers.signature!,
      body: JSON.parse(succeeded.body) as Record<string, unknown>,
    };
  }

  const signatureQuirks: [
    string,
    Partial<SimulatorQuirks>,
    (p: Awaited<ReturnType<typeof payThroughCallbacks>>) => void,
  ][] = [
    [
      'iss in lower case ("payconiq")',
      { lowercaseIss: true },
      (p) => assert.equal(p.header['https://payconiq.com/iss'], 'payconiq'),
    ],
    [
      'iat with microseconds',
      { iatPrecision: 'us' },
      (p) => assert.match(String(p.header['https://payconiq.com/iat']), /\.\d{6}Z$/),
    ],
    [
      'iat with nanoseconds',
      { iatPrecision: 'ns' },
      (p) => assert.match(String(p.header['https://payconiq.com/iat']), /\.\d{9}Z$/),
    ],
    [
      'DER-encoded ES256 signature',
      { derSignature: true },
      (p) => assert.notEqual(Buffer.from(p.signature.split('.')[2]!, 'base64url').length, 64),
    ],
    ['typ in lower case ("jose+json")', { typLowercase: true }, (p) => assert.equal(p.header.typ, 'jose+json')],
    [
      'legacy amount fields (transferAmount, tippingAmount, totalAmount)',
      { legacyAmountFields: true },
      (p) => {
        assert.deepEqual([p.body.transferAmount, p.body.tippingAmount, p.body.totalAmount], [1000, 0, 1000]);
      },
    ],
  ];

  for (const [name, quirks, check] of signatureQuirks) {
    it(`${name}: callbacks accepted, 00000 with the payer data`, async () => {
      await e.sim.setQuirks(quirks);
      const paid = await payThroughCallbacks();
      check(paid);
      const details = await expectFinal(e, paid.token, {
        code: '00000',
        shortMessage: 'ACCEPTED',
        partnerCode: 'SUCCEEDED',
      });
      assert.equal(details.field('firstName'), 'John');
      assert.equal(details.field('accountNumber'), MASKED_IBAN);
      assert.equal(details.field('bankCode'), 'GKCCBEBB');
    });
  }

  it('every signature and body quirk at once, with duplicate and out-of-order callbacks', async () => {
    await e.sim.setQuirks({
      lowercaseIss: true,
      iatPrecision: 'ns',
      derSignature: true,
      typLowercase: true,
      legacyAmountFields: true,
      duplicateCallbacks: true,
      outOfOrderCallbacks: true,
    } satisfies Partial<SimulatorQuirks>);
    const paid = await payThroughCallbacks();
    assert.deepEqual(
      (await e.sim.callbacks(paid.id)).map((d) => d.status),
      ['SUCCEEDED', 'SUCCEEDED', 'AUTHORIZED', 'AUTHORIZED'],
    );
    await expectFinal(e, paid.token, { code: '00000', shortMessage: 'ACCEPTED', partnerCode: 'SUCCEEDED' });
  });

  it('missing debtor in the callbacks: 00000; no masked IBAN to report, the BIC still comes from the refund IBAN', async () => {
    await e.sim.setQuirks({ omitDebtor: true });
    const paid = await payThroughCallbacks('Marie');
    assert.equal(paid.body.debtor, undefined);
    const details = await expectFinal(e, paid.token, {
      code: '00000',
      shortMessage: 'ACCEPTED',
      partnerCode: 'SUCCEEDED',
    });
    assert.equal(details.field('firstName'), 'Marie', "no debtor.name: the merchant's buyer first name stays");
    assert.equal(details.field('accountNumber'), undefined);
    assert.equal(details.field('bankCode'), 'GKCCBEBB');
    const additional = JSON.parse(details.field('partnerAdditionalData')!);
    assert.equal(additional.transactionFlow, 'ecommerce');
    assert.equal(additional.debtorName, undefined);
  });

  it('key rotation between payments: the new key is fetched, both payments accepted', async () => {
    const first = await payThroughCallbacks();
    await expectFinal(e, first.token, { code: '00000', shortMessage: 'ACCEPTED' });
    await e.sim.rotateKey();
    assert.equal((await e.sim.jwks()).keys.length, 2, 'the old key stays published');
    e.t.clock.advance(60_000);
    const second = await payThroughCallbacks();
    assert.notEqual(second.header.kid, first.header.kid);
    await expectFinal(e, second.token, { code: '00000', shortMessage: 'ACCEPTED' });
  });

  it('key rotation just after a JWKS fetch: refused until the re-fetch back-off allows it, then the retry is accepted', async () => {
    const first = await payThroughCallbacks(); // the gateway fetches the JWKS now at the latest
    await expectFinal(e, first.token, { code: '00000', shortMessage: 'ACCEPTED' });
    e.t.clock.advance(60_000);
    await e.sim.rotateKey();
    const warm = await payThroughCallbacks(); // unknown kid → one re-fetch now
    await expectFinal(e, warm.token, { code: '00000', shortMessage: 'ACCEPTED' });
    await e.sim.rotateKey();
    const token = await createPayment(e);
    const id = await openAndGetPartnerId(e, token);
    await payerDoes(e, id, 'pay');
    assert.ok(
      (await e.sim.callbacks(id)).every((d) => d.state === 'waiting'),
      'not accepted yet: the gateway re-fetches a JWKS at most every 30 s',
    );
    assert.equal((await getSession(e, token)).resultCode, '02306');
    e.t.clock.advance(31_000);
    await e.sim.tick();
    // Both retries go out at once: the second must wait for the first one's re-fetch, not be
    // refused by the back-off it started (was a bug in jwks-cache.ts).
    assert.deepEqual(
      (await e.sim.callbacks(id)).map((d) => [d.status, d.state, d.attempts]),
      [
        ['AUTHORIZED', 'delivered', 2],
        ['SUCCEEDED', 'delivered', 2],
      ],
    );
    await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED' });
  });

  it('key rotation: callbacks of several payments signed with the new key at the same moment are all accepted first time', async () => {
    const first = await payThroughCallbacks();
    await expectFinal(e, first.token, { code: '00000', shortMessage: 'ACCEPTED' });
    await e.sim.rotateKey();
    e.t.clock.advance(60_000);
    const tokens = await Promise.all([1, 2, 3].map(() => createPayment(e)));
    const ids = await Promise.all(tokens.map((token) => openAndGetPartnerId(e, token)));
    await Promise.all(ids.map((id) => e.sim.act(id, 'pay'))); // three callback chains in parallel
    await e.sim.idle();
    for (const id of ids) {
      assert.deepEqual(
        (await e.sim.callbacks(id)).map((d) => [d.status, d.state, d.attempts]),
        [
          ['AUTHORIZED', 'delivered', 1],
          ['SUCCEEDED', 'delivered', 1],
        ],
      );
    }
    for (const token of tokens) await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED' });
  });

  for (const status of [429, 500, 503] as const) {
    it(`${status} on the GET of a poll: polled again later, then the payment completes`, async () => {
      const nocb = await addNoCallbackContract(e);
      const token = await createPayment(e, { contractNumber: nocb.contractNumber });
      const id = await openAndGetPartnerId(e, token);
      await payerDoes(e, id, 'pay');
      await e.sim.setQuirks({ failNext: { status, count: 2 } });
      e.t.clock.advance(10_000);
      await settle(e);
      let session = await getSession(e, token);
      assert.deepEqual([session.resultCode, session.pollAttempts], ['02306', 1]);
      assert.equal(session.nextPollAt?.getTime(), e.t.clock.now().getTime() + 20_000);
      const failed = (await events(e, token)).at(-1)!;
      assert.equal(failed.source, 'poll');
      assert.equal(failed.detail?.httpStatus, status);
      assert.equal(failed.detail?.error, status === 429 ? 'rate-limited' : 'http');
      assert.equal((await soapDetails(e, token)).result.code, '02306', 'a failed poll is not a result');

      e.t.clock.advance(20_000);
      await settle(e);
      session = await getSession(e, token);
      assert.deepEqual([session.resultCode, session.pollAttempts], ['02306', 2], 'the second failure, later again');
      e.t.clock.advance(30_000);
      await settle(e);
      assert.equal((await events(e, token)).at(-1)?.partnerStatus, 'SUCCEEDED');
      const details = await expectFinal(e, token, {
        code: '00000',
        shortMessage: 'ACCEPTED',
        partnerCode: 'SUCCEEDED',
      });
      assert.equal(details.field('accountNumber'), MASKED_IBAN);
    });
  }

  it('slow partner answers within the timeout: the whole flow completes (create, callbacks, refund IBAN, return)', async () => {
    await e.sim.setQuirks({ slowMs: 150 });
    const paid = await payThroughCallbacks();
    const details = await expectFinal(e, paid.token, { code: '00000', shortMessage: 'ACCEPTED' });
    assert.equal(details.field('bankCode'), 'GKCCBEBB', 'the slow refundIban answer was waited for');

    const token = await createPayment(e);
    await openAndGetPartnerId(e, token);
    const res = await pressButton(e, '/v2/simulator/pay', token);
    assert.equal(res.location, `https://shop.example/return?paylinetoken=${token}`);
    await expectFinal(e, token, { code: '00000', shortMessage: 'ACCEPTED' });
  });
});
