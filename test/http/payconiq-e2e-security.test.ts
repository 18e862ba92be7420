/**
 * Callbacks that must not settle anything, posted to the gateway over real HTTP: forged,
 * tampered, replayed to another merchant, signed for another URL, unsigned (`alg: none`), with
 * an unknown `crit`. Each is answered 4xx and leaves the session, its history, its transaction
 * and its notifications exactly as they were; then the genuine callback still works.
 *
 * Two merchants (A = the demo merchant, B = another one) have contracts trusting the same partner
 * key set (the edge JWKS: the simulator's keys plus the partner test key), like two merchants of
 * the real partner; the demo contract trusts the embedded simulator's JWKS only.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { payconiqContractOf } from '../support/payconiq-contract.js';
import {
  addNoCallbackContract,
  addOtherMerchant,
  CLAIMS,
  craftCallback,
  createPayment,
  decodeHeader,
  expectFinal,
  getSession,
  newSigningKey,
  openAndGetPartnerId,
  payerDoes,
  postCallback,
  settle,
  soapDetails,
  snapshot,
  usePayconiqE2e,
  type OwnContract,
} from '../support/payconiq-e2e.js';

describe('Payconiq end to end: callbacks that must change nothing', () => {
  const e = usePayconiqE2e();
  let shopB: OwnContract;
  before(async () => {
    shopB = await addOtherMerchant(e, 'PQSHOPB');
  });

  const seenJtis = async () =>
    Number((await e.t.gateway.db.query<{ n: string }>('SELECT count(*) AS n FROM partner_callbacks_seen'))[0]!.n);

  /** Posts a callback that must be refused with `status`, and checks that nothing moved. */
  async function expectRejected(
    token: string,
    body: Buffer | string,
    signature: string | undefined,
    status: number,
    reason?: RegExp,
  ): Promise<void> {
    const before = await snapshot(e, token);
    const jtis = await seenJtis();
    const res = await postCallback(e, body, signature);
    assert.equal(res.status, status, JSON.stringify(res.json));
    assert.equal(res.json.status, 'REJECTED');
    if (reason) assert.match(res.json.detail, reason);
    await settle(e);
    assert.deepEqual(await snapshot(e, token), before, 'session, history, transaction and notifications unchanged');
    assert.equal(await seenJtis(), jtis, 'a refused callback does not record (burn) its jti');
  }

  /** An open payment of merchant A on the trusted contract. */
  async function openPaymentOfA() {
    const token = await createPayment(e, { contractNumber: e.trusted.contractNumber });
    const id = await openAndGetPartnerId(e, token);
    return { token, id, session: await getSession(e, token) };
  }

  it("merchant B's genuine callback settles B only; replayed it is a replay; retargeted at A's payment it fails the signature", async () => {
    const a = await openPaymentOfA();
    const tokenB = await createPayment(e, { contractNumber: shopB.contractNumber, authorization: shopB.authorization });
    const idB = await openAndGetPartnerId(e, tokenB);
    await payerDoes(e, idB, 'pay');
    await expectFinal(e, tokenB, { code: '00000', shortMessage: 'ACCEPTED', authorization: shopB.authorization });
    const genuine = (await e.sim.callbacks(idB)).find((d) => d.status === 'SUCCEEDED')!;
    assert.equal(decodeHeader(genuine.headers.signature!)['https://payconiq.com/sub'], shopB.ppid);
    const b = await snapshot(e, tokenB);

    const replay = await postCallback(e, genuine.body, genuine.headers.signature);
    assert.deepEqual([replay.status, replay.json.detail], [200, 'replayed']);
    assert.deepEqual(await snapshot(e, tokenB), b);

    // The same bytes and signature, with only the paymentId changed to A's: checked against A's
    // contract, B's `sub` is refused before the key is even looked up.
    const retargeted = genuine.body.replace(idB, a.id);
    assert.equal(retargeted.length, genuine.body.length);
    await expectRejected(a.token, retargeted, genuine.headers.signature, 401, /sub is not/);
    // B's merchant cannot read A's session either.
    assert.equal((await soapDetails(e, a.token, shopB.authorization)).result.code, '02304');
  });

  it("a callback validly signed by the partner key for A's payment, but for B's profile (sub = B's PPID) → 401", async () => {
    const a = await openPaymentOfA();
    const forB = craftCallback(e, a.session, { status: 'SUCCEEDED', ppid: shopB.ppid });
    await expectRejected(a.token, forB.body, forB.signature, 401, /sub is not/);
    // The same callback for A's own profile is accepted: only `sub` made the difference.
    const forA = craftCallback(e, a.session, { status: 'SUCCEEDED', ppid: e.trusted.ppid });
    assert.equal((await postCallback(e, forA.body, forA.signature)).status, 200);
    assert.equal((await getSession(e, a.token)).resultCode, '00000');
  });

  it('tampered: one byte of a signed body changed → 401, and the untouched callback (same jti) is then applied', async () => {
    const a = await openPaymentOfA();
    const cb = craftCallback(e, a.session, { status: 'SUCCEEDED', ppid: e.trusted.ppid });
    const tampered = Buffer.from(cb.body);
    const at = tampered.indexOf('"amount":1000') + '"amount":100'.length;
    tampered[at] = '1'.charCodeAt(0); // 1000 → 1001
    assert.equal(Buffer.compare(tampered, cb.body) !== 0 && tampered.length === cb.body.length, true);
    await expectRejected(a.token, tampered, cb.signature, 401, /signature does not verify/);
    // Whitespace added to the JSON is a change of bytes too.
    await expectRejected(
      a.token,
      Buffer.concat([cb.body, Buffer.from(' ')]),
      cb.signature,
      401,
      /signature does not verify/,
    );
    const res = await postCallback(e, cb.body, cb.signature);
    assert.deepEqual([res.status, res.json.detail], [200, 'applied'], 'not taken for a replay of the refused ones');
    await expectFinal(e, a.token, { code: '00000', shortMessage: 'ACCEPTED' });
  });

  it('forged: signed with a key the partner never published (under its kid, or an unknown kid) → 401', async () => {
    const a = await openPaymentOfA();
    const attacker = newSigningKey(e.partnerKey.kid);
    const sameKid = craftCallback(e, a.session, {
      status: 'SUCCEEDED',
      ppid: e.trusted.ppid,
      key: attacker.privateKey,
    });
    await expectRejected(a.token, sameKid.body, sameKid.signature, 401, /signature does not verify/);
    const otherKid = craftCallback(e, a.session, {
      status: 'SUCCEEDED',
      ppid: e.trusted.ppid,
      key: attacker.privateKey,
      header: { kid: 'es.signature.attacker' },
    });
    await expectRejected(a.token, otherKid.body, otherKid.signature, 401, /unknown kid/);
  });

  it("forged for the demo contract: a key trusted by other contracts is not the simulator's key → 401", async () => {
    const token = await createPayment(e);
    await openAndGetPartnerId(e, token);
    const demoPpid = (await payconiqContractOf(e.t, e.t.merchantId, 'PAYCONIQFP')).ppid;
    const cb = craftCallback(e, await getSession(e, token), { status: 'SUCCEEDED', ppid: demoPpid });
    await expectRejected(token, cb.body, cb.signature, 401, /unknown kid/);
  });

  it("demo contract: another demo payment's genuine callback, retargeted by one byte, is refused; the genuine one is applied", async () => {
    const tokenA = await createPayment(e);
    const idA = await openAndGetPartnerId(e, tokenA);
    const tokenB = await createPayment(e);
    const idB = await openAndGetPartnerId(e, tokenB);
    await payerDoes(e, idB, 'decline');
    const genuine = (await e.sim.callbacks(idB)).find((d) => d.status === 'AUTHORIZATION_FAILED')!;
    await expectRejected(
      tokenA,
      genuine.body.replace(idB, idA),
      genuine.headers.signature,
      401,
      /signature does not verify/,
    );
    await expectFinal(e, tokenB, { code: '02020', shortMessage: 'REFUSED' });
  });

  it('wrong path: a callback signed for another callback URL → 401', async () => {
    const a = await openPaymentOfA();
    for (const path of [
      'https://evil.example/partners/payconiq/callback',
      `${e.callbackUrl}/other`,
      `${e.callbackUrl}?merchant=B`,
    ]) {
      const cb = craftCallback(e, a.session, {
        status: 'SUCCEEDED',
        ppid: e.trusted.ppid,
        header: { 'https://payconiq.com/path': path },
      });
      await expectRejected(a.token, cb.body, cb.signature, 401, /path is not/);
    }
  });

  it('alg none (an unsigned JWS) → 401', async () => {
    const a = await openPaymentOfA();
    const cb = craftCallback(e, a.session, { status: 'SUCCEEDED', ppid: e.trusted.ppid, header: { alg: 'none' } });
    const unsigned = `${cb.signature.split('.')[0]}..`;
    await expectRejected(a.token, cb.body, unsigned, 401, /alg none/);
    await expectRejected(a.token, cb.body, cb.signature, 401, /alg none/);
    // Other algorithms the partner does not use.
    const hs = craftCallback(e, a.session, { status: 'SUCCEEDED', ppid: e.trusted.ppid, header: { alg: 'HS256' } });
    await expectRejected(a.token, hs.body, hs.signature, 401, /unsupported alg/);
  });

  it('an unknown crit entry (or a missing one) → 401', async () => {
    const a = await openPaymentOfA();
    const extra = 'https://payconiq.com/merchant';
    const unknown = craftCallback(e, a.session, {
      status: 'SUCCEEDED',
      ppid: e.trusted.ppid,
      header: { crit: [...CLAIMS, extra], [extra]: 'x' },
    });
    await expectRejected(a.token, unknown.body, unknown.signature, 401, /unknown crit/);
    const missing = craftCallback(e, a.session, {
      status: 'SUCCEEDED',
      ppid: e.trusted.ppid,
      header: { crit: CLAIMS.slice(0, 4) },
    });
    await expectRejected(a.token, missing.body, missing.signature, 401, /crit lacks/);
  });

  it('other bad headers: wrong iss, typ, iat in the future, no signature, not a detached JWS → 401', async () => {
    const a = await openPaymentOfA();
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ 'https://payconiq.com/iss': 'Bancontact' }, /iss/],
      [{ typ: 'JWT' }, /typ/],
      [{ 'https://payconiq.com/iat': new Date(e.t.clock.now().getTime() + 5 * 60_000).toISOString() }, /future/],
      [{ 'https://payconiq.com/jti': undefined }, /missing claim/],
    ];
    for (const [header, reason] of bad) {
      const cb = craftCallback(e, a.session, { status: 'SUCCEEDED', ppid: e.trusted.ppid, header });
      await expectRejected(a.token, cb.body, cb.signature, 401, reason);
    }
    const cb = craftCallback(e, a.session, { status: 'SUCCEEDED', ppid: e.trusted.ppid });
    await expectRejected(a.token, cb.body, undefined, 401, /missing signature/);
    const [h, , s] = cb.signature.split('.');
    await expectRejected(
      a.token,
      cb.body,
      `${h}.${cb.body.toString('base64url')}.${s}`,
      401,
      /payload part must be empty/,
    );
    await expectRejected(a.token, cb.body, 'garbage', 401, /malformed/);
  });

  it('not a callback (400), an unknown payment (404), an unreachable partner JWKS (503): nothing changes', async () => {
    const a = await openPaymentOfA();
    await expectRejected(a.token, '{}', 'x..y', 400);
    await expectRejected(a.token, 'not json', 'x..y', 400);
    const unknown = craftCallback(e, a.session, {
      status: 'SUCCEEDED',
      ppid: e.trusted.ppid,
      body: { paymentId: randomBytes(12).toString('hex') },
    });
    await expectRejected(a.token, unknown.body, unknown.signature, 404);

    const nocb = await addNoCallbackContract(e);
    const token = await createPayment(e, { contractNumber: nocb.contractNumber });
    await openAndGetPartnerId(e, token);
    const cb = craftCallback(e, await getSession(e, token), { status: 'SUCCEEDED', ppid: nocb.ppid });
    await expectRejected(token, cb.body, cb.signature, 503, /JWKS unavailable/);
    // Signed by a key the JWKS does publish, once it is back: accepted.
    e.edge.jwksDown.delete(nocb.jwks);
    e.t.clock.advance(31_000);
    const res = await postCallback(e, cb.body, cb.signature);
    assert.deepEqual([res.status, res.json.detail], [200, 'applied']);
    assert.equal((await getSession(e, token)).resultCode, '00000');
  });

  it('DER signature and lowercase typ/iss from the partner key are accepted (the drift seen in the field), for contrast', async () => {
    const a = await openPaymentOfA();
    const cb = craftCallback(e, a.session, {
      status: 'AUTHORIZED',
      ppid: e.trusted.ppid,
      der: true,
      header: { typ: 'jose+json', 'https://payconiq.com/iss': 'payconiq' },
    });
    assert.notEqual(Buffer.from(cb.signature.split('.')[2]!, 'base64url').length, 64);
    assert.equal((await postCallback(e, cb.body, cb.signature)).status, 200);
    assert.equal((await getSession(e, a.token)).resultCode, '02000');
  });
});
