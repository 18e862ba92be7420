/**
 * Payconiq callback verification (payconiq-api.md §4.5) against callbacks signed here the way
 * Payconiq signs them: ES256 keys generated with jose, a JWKS served by a small node:http fake,
 * detached JWS headers built by hand so that every malformation can be produced.
 */
import assert from 'node:assert/strict';
import { KeyObject, sign, type KeyLike } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { CallbackRejected } from '../../src/connectors/partner-port.js';
import type { PayconiqContract } from '../../src/connectors/payconiq/contract-settings.js';
import type { PayconiqConnector } from '../../src/connectors/payconiq/payconiq-connector.js';
import { JwksUnavailable } from '../../src/connectors/payconiq/jwks-cache.js';
import { createPayconiqConnector } from '../../src/connectors/payconiq/payconiq-connector.js';
import { FakeClock } from '../support/fake-clock.js';
import { listenLocally } from '../support/local-server.js';

const PPID = '5bb37284e35e2b29e363df22';
const OTHER_PPID = '5bb37284e35e2b29e363df99';
const PAYMENT_ID = '687e0f4c373dbc4f381d31cd';
const CALLBACK_URL = 'https://shop.example/payconiq/callback?config=7';
const CLAIMS = ['iat', 'jti', 'path', 'iss', 'sub'].map((c) => `https://payconiq.com/${c}`);

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: JWK;
}

async function makeKey(kid: string, alg: 'ES256' | 'RS256' = 'ES256'): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg };
  return { kid, privateKey: KeyObject.from(privateKey), jwk };
}

interface SignOptions {
  key: SigningKey;
  /** Header fields to add or override; `undefined` removes one. */
  header?: Record<string, unknown>;
  der?: boolean;
  iat?: string;
}

/** The `signature` header Payconiq would send for `body`. */
function signCallback(body: Buffer, opts: SignOptions): string {
  const header: Record<string, unknown> = {
    typ: 'JOSE+JSON',
    kid: opts.key.kid,
    alg: opts.key.jwk.alg,
    'https://payconiq.com/iat': opts.iat ?? clock.now().toISOString(),
    'https://payconiq.com/jti': '815281f733ec14f',
    'https://payconiq.com/path': CALLBACK_URL,
    'https://payconiq.com/iss': 'Payconiq',
    'https://payconiq.com/sub': PPID,
    crit: CLAIMS,
  };
  for (const [k, v] of Object.entries(opts.header ?? {})) {
    if (v === undefined) delete header[k];
    else header[k] = v;
  }
  const h = Buffer.from(JSON.stringify(header)).toString('base64url');
  const input = Buffer.from(`${h}.${body.toString('base64url')}`);
  const key: KeyLike | { key: KeyObject; dsaEncoding: 'der' | 'ieee-p1363' } =
    opts.key.jwk.kty === 'EC'
      ? { key: opts.key.privateKey, dsaEncoding: opts.der ? 'der' : 'ieee-p1363' }
      : opts.key.privateKey;
  return `${h}..${sign('sha256', input, key).toString('base64url')}`;
}

function callbackBody(extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(
    JSON.stringify({
      paymentId: PAYMENT_ID,
      amount: 700,
      description: 'stT',
      reference: 'Order1234',
      createdAt: '2026-03-07T10:24:05.127Z',
      expireAt: '2026-03-07T10:44:05.127Z',
      succeededAt: '2026-03-07T10:25:05.127Z',
      status: 'SUCCEEDED',
      debtor: { name: 'Ivan', iban: '***********42901' },
      currency: 'EUR',
      ...extra,
    }),
  );
}

interface FakeJwks {
  url: string;
  keys: JWK[];
  fetches: number;
  down: boolean;
  close(): Promise<void>;
}

async function startFakeJwks(): Promise<FakeJwks> {
  const state = { keys: [] as JWK[], fetches: 0, down: false };
  const local = await listenLocally((req, res) => {
    if (req.url !== '/') {
      res.writeHead(404).end();
      return;
    }
    state.fetches++;
    if (state.down) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: state.keys }));
  });
  return Object.assign(state, { url: `${local.url}/`, close: local.close });
}

let clock: FakeClock;

async function rejected(p: Promise<unknown>, reason?: RegExp): Promise<CallbackRejected> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof CallbackRejected, `expected CallbackRejected, got ${String(err)}`);
    if (reason) assert.match(err.message, reason);
    return err;
  }
  assert.fail('the callback was accepted');
}

describe('Payconiq callback verification', () => {
  let jwks: FakeJwks;
  let key1: SigningKey;
  let key2: SigningKey;
  let attacker: SigningKey;
  let rsaKey: SigningKey;
  let contract: PayconiqContract;
  let connector: PayconiqConnector;
  const expected = () => ({ contract, callbackUrl: CALLBACK_URL });

  before(async () => {
    jwks = await startFakeJwks();
    key1 = await makeKey('es.signature.payconiq.com');
    key2 = await makeKey('es.signature.2026.payconiq.com');
    attacker = await makeKey('es.signature.payconiq.com'); // same kid, other key
    rsaKey = await makeKey('rs.signature.payconiq.com', 'RS256');
  });
  after(async () => {
    await jwks.close();
  });
  beforeEach(() => {
    // A fresh connector (and so a fresh JWKS cache) per test.
    clock = new FakeClock(Date.parse('2026-03-07T10:25:06.000Z'));
    jwks.keys = [key1.jwk];
    jwks.fetches = 0;
    jwks.down = false;
    contract = { apiKey: 'k', ppid: PPID, apiBaseUrl: 'http://127.0.0.1:9', jwksUrl: jwks.url };
    connector = createPayconiqConnector({ clock });
  });

  it('accepts a valid callback and returns the payment from the signed body and the jti', async () => {
    const body = callbackBody();
    const verified = await connector.verifyCallback(body, signCallback(body, { key: key1 }), expected());
    assert.equal(verified.jti, '815281f733ec14f');
    assert.equal(verified.payment.partnerPaymentId, PAYMENT_ID);
    assert.equal(verified.payment.status, 'SUCCEEDED');
    assert.equal(verified.payment.amount, 700);
    assert.equal(verified.payment.expiresAt?.toISOString(), '2026-03-07T10:44:05.127Z');
    assert.equal(verified.payment.debtorName, 'Ivan');
    assert.equal(verified.payment.debtorIbanMasked, '***********42901');
    assert.equal(jwks.fetches, 1);
  });

  describe('rejects, always with CallbackRejected', () => {
    it('a forged signature (another key with the same kid)', async () => {
      const body = callbackBody();
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: attacker }), expected()),
        /signature does not verify/,
      );
    });

    it('a body tampered with by one byte', async () => {
      const body = callbackBody();
      const signature = signCallback(body, { key: key1 });
      const tampered = Buffer.from(body);
      const at = tampered.indexOf('700');
      tampered[at] = '9'.charCodeAt(0);
      await rejected(connector.verifyCallback(tampered, signature, expected()), /signature does not verify/);
      // re-serialised JSON is not the signed bytes either
      const reformatted = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
      await rejected(connector.verifyCallback(reformatted, signature, expected()), /signature does not verify/);
    });

    it('a callback signed for another merchant (sub = another PPID) replayed here', async () => {
      const body = callbackBody();
      const signature = signCallback(body, { key: key1, header: { 'https://payconiq.com/sub': OTHER_PPID } });
      await rejected(connector.verifyCallback(body, signature, expected()), /sub/);
      // and the genuine signature for this merchant does not pass at the other merchant
      const mine = signCallback(body, { key: key1 });
      await rejected(
        connector.verifyCallback(body, mine, {
          contract: { ...contract, ppid: OTHER_PPID },
          callbackUrl: CALLBACK_URL,
        }),
        /sub/,
      );
      assert.equal(jwks.fetches, 0, 'binding checks run before any JWKS fetch');
    });

    it('a callback for another URL (path), including another query string', async () => {
      const body = callbackBody();
      for (const path of [
        'https://evil.example/payconiq/callback?config=7',
        'https://shop.example/payconiq/callback?config=8',
        'https://shop.example/payconiq/callback',
        '/payconiq/callback',
      ]) {
        await rejected(
          connector.verifyCallback(
            body,
            signCallback(body, { key: key1, header: { 'https://payconiq.com/path': path } }),
            expected(),
          ),
          /path/,
        );
      }
    });

    it('alg none, and algorithms other than ES256/RS256', async () => {
      const body = callbackBody();
      const h = Buffer.from(JSON.stringify({ typ: 'JOSE+JSON', kid: key1.kid, alg: 'none', crit: CLAIMS })).toString(
        'base64url',
      );
      await rejected(connector.verifyCallback(body, `${h}..`, expected()), /alg none/);
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key1, header: { alg: 'none' } }), expected()),
        /alg none/,
      );
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key1, header: { alg: 'NONE' } }), expected()),
        /alg none/,
      );
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key1, header: { alg: 'HS256' } }), expected()),
        /alg/,
      );
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key1, header: { alg: 'ES384' } }), expected()),
        /alg/,
      );
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key1, header: { alg: undefined } }), expected()),
        /alg/,
      );
    });

    it('RS256 claimed with an EC key, ES256 claimed with an RSA key', async () => {
      jwks.keys = [key1.jwk, rsaKey.jwk, { ...key2.jwk, alg: undefined }];
      const body = callbackBody();
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key1, header: { alg: 'RS256' } }), expected()),
        /RS256/,
      );
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: rsaKey, header: { alg: 'ES256' } }), expected()),
        /ES256/,
      );
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key2, header: { alg: 'RS256' } }), expected()),
        /RS256/,
      );
    });

    it('an unknown extra crit entry', async () => {
      const body = callbackBody();
      const header = { crit: [...CLAIMS, 'https://payconiq.com/foo'], 'https://payconiq.com/foo': 'bar' };
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key1, header }), expected()),
        /unknown crit entry/,
      );
      await rejected(
        connector.verifyCallback(
          body,
          signCallback(body, { key: key1, header: { crit: [...CLAIMS, 'b64'], b64: true } }),
          expected(),
        ),
        /crit/,
      );
      await rejected(
        connector.verifyCallback(
          body,
          signCallback(body, { key: key1, header: { crit: [...CLAIMS, CLAIMS[0]] } }),
          expected(),
        ),
        /duplicate crit/,
      );
    });

    it('a missing crit entry, a missing claim, a missing crit', async () => {
      const body = callbackBody();
      const withoutJti = CLAIMS.filter((c) => !c.endsWith('jti'));
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key1, header: { crit: withoutJti } }), expected()),
        /crit lacks https:\/\/payconiq.com\/jti/,
      );
      await rejected(
        connector.verifyCallback(
          body,
          signCallback(body, { key: key1, header: { crit: withoutJti, 'https://payconiq.com/jti': undefined } }),
          expected(),
        ),
        /crit lacks/,
      );
      await rejected(
        connector.verifyCallback(
          body,
          signCallback(body, { key: key1, header: { 'https://payconiq.com/iat': undefined } }),
          expected(),
        ),
        /missing claim https:\/\/payconiq.com\/iat/,
      );
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key1, header: { crit: undefined } }), expected()),
        /missing crit/,
      );
      await rejected(
        connector.verifyCallback(
          body,
          signCallback(body, { key: key1, header: { crit: 'https://payconiq.com/iat' } }),
          expected(),
        ),
        /missing crit/,
      );
    });

    it('a missing signature header', async () => {
      const body = callbackBody();
      await rejected(connector.verifyCallback(body, undefined, expected()), /missing signature/);
      await rejected(connector.verifyCallback(body, '', expected()), /missing signature/);
    });

    it('malformed signature headers', async () => {
      const body = callbackBody();
      const valid = signCallback(body, { key: key1 });
      const [h, , s] = valid.split('.');
      const malformed = [
        'garbage',
        `${h}.${s}`,
        `${h}.${body.toString('base64url')}.${s}`, // attached payload
        `${h}...${s}`,
        `..${s}`,
        `${h}==..${s}`,
        `${h}..${s}==`,
        `${Buffer.from('not json').toString('base64url')}..${s}`,
        `${Buffer.from('[1,2]').toString('base64url')}..${s}`,
        `${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}..${s}`,
        `Bearer ${valid}`,
        'x'.repeat(20_000),
      ];
      for (const value of malformed)
        await rejected(connector.verifyCallback(body, value, expected()), /signature header/);
    });

    it('an iat more than 60 s in the future, or unparsable', async () => {
      const body = callbackBody();
      const future = new Date(clock.now().getTime() + 5 * 60_000).toISOString();
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key1, iat: future }), expected()),
        /future/,
      );
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key1, iat: 'yesterday' }), expected()),
        /iat/,
      );
    });

    it('a wrong iss or typ', async () => {
      const body = callbackBody();
      await rejected(
        connector.verifyCallback(
          body,
          signCallback(body, { key: key1, header: { 'https://payconiq.com/iss': 'Payconiq2' } }),
          expected(),
        ),
        /iss/,
      );
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key1, header: { typ: 'JWT' } }), expected()),
        /typ/,
      );
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key1, header: { typ: undefined } }), expected()),
        /typ/,
      );
    });

    it('an unknown kid', async () => {
      const body = callbackBody();
      await rejected(
        connector.verifyCallback(body, signCallback(body, { key: { ...key1, kid: 'nope' } }), expected()),
        /unknown kid/,
      );
    });

    it('a signed body that is not a payment', async () => {
      for (const raw of ['not json', '[]', '{"status":"SUCCEEDED"}']) {
        const body = Buffer.from(raw);
        await rejected(connector.verifyCallback(body, signCallback(body, { key: key1 }), expected()), /body/);
      }
    });

    it('an unreachable JWKS (JwksUnavailable, a transient CallbackRejected)', async () => {
      jwks.down = true;
      const body = callbackBody();
      const err = await rejected(
        connector.verifyCallback(body, signCallback(body, { key: key1 }), expected()),
        /JWKS unavailable/,
      );
      assert.ok(err instanceof JwksUnavailable && err.transient);
    });
  });

  describe('accepts the drift seen in the field', () => {
    it('lowercase iss', async () => {
      const body = callbackBody();
      await connector.verifyCallback(
        body,
        signCallback(body, { key: key1, header: { 'https://payconiq.com/iss': 'payconiq' } }),
        expected(),
      );
    });

    it('iat with microseconds, nanoseconds, an offset; an old iat (retries replay it for 24 h); a small clock skew', async () => {
      const body = callbackBody();
      for (const iat of [
        '2026-03-07T10:25:05.675129Z',
        '2026-03-07T10:25:05.675129286Z',
        '2026-03-07T11:25:05.675+01:00',
        '2026-03-06T10:25:06.000Z',
        '2026-03-07T10:25:50.000Z',
      ]) {
        await connector.verifyCallback(body, signCallback(body, { key: key1, iat }), expected());
      }
    });

    it('a DER-encoded signature', async () => {
      const body = callbackBody();
      const signature = signCallback(body, { key: key1, der: true });
      assert.notEqual(Buffer.from(signature.split('.')[2]!, 'base64url').length, 64);
      await connector.verifyCallback(body, signature, expected());
    });

    it('typ in lowercase', async () => {
      const body = callbackBody();
      await connector.verifyCallback(body, signCallback(body, { key: key1, header: { typ: 'jose+json' } }), expected());
    });

    it('crit in any order', async () => {
      const body = callbackBody();
      await connector.verifyCallback(
        body,
        signCallback(body, { key: key1, header: { crit: [...CLAIMS].reverse() } }),
        expected(),
      );
    });

    it('a callback URL behind TLS offload (http vs https), a trailing slash, a default port, host case', async () => {
      const body = callbackBody();
      const signature = signCallback(body, { key: key1 });
      for (const url of [
        'http://shop.example/payconiq/callback?config=7',
        'https://shop.example/payconiq/callback/?config=7',
        'https://SHOP.example:443/payconiq/callback?config=7',
      ]) {
        await connector.verifyCallback(body, signature, { contract, callbackUrl: url });
      }
    });

    it('RS256 when the JWK is RSA', async () => {
      jwks.keys = [key1.jwk, rsaKey.jwk];
      const body = callbackBody();
      await connector.verifyCallback(body, signCallback(body, { key: rsaKey }), expected());
    });

    it('an EXPIRED callback without debtor, with legacy amount fields', async () => {
      const body = callbackBody({
        status: 'EXPIRED',
        debtor: undefined,
        succeededAt: undefined,
        transferAmount: 0,
        tippingAmount: 0,
        totalAmount: 0,
      });
      const { payment } = await connector.verifyCallback(body, signCallback(body, { key: key1 }), expected());
      assert.equal(payment.status, 'EXPIRED');
      assert.equal(payment.amount, 700);
      assert.equal(payment.debtorName, undefined);
    });
  });

  describe('JWKS cache', () => {
    it('a second verification does not refetch', async () => {
      const body = callbackBody();
      await connector.verifyCallback(body, signCallback(body, { key: key1 }), expected());
      clock.advanceMinutes(60);
      await connector.verifyCallback(body, signCallback(body, { key: key1 }), expected());
      assert.equal(jwks.fetches, 1);
    });

    it('key rotation: an unknown kid refetches once, then passes', async () => {
      const body = callbackBody();
      await connector.verifyCallback(body, signCallback(body, { key: key1 }), expected());
      jwks.keys = [key1.jwk, key2.jwk];
      clock.advance(31_000);
      await connector.verifyCallback(body, signCallback(body, { key: key2 }), expected());
      assert.equal(jwks.fetches, 2);
      await connector.verifyCallback(body, signCallback(body, { key: key2 }), expected());
      await connector.verifyCallback(body, signCallback(body, { key: key1 }), expected());
      assert.equal(jwks.fetches, 2);
    });

    it('key rotation: concurrent callbacks with the new kid all wait for the one refetch and pass', async () => {
      const body = callbackBody();
      await connector.verifyCallback(body, signCallback(body, { key: key1 }), expected());
      jwks.keys = [key1.jwk, key2.jwk];
      clock.advance(31_000);
      // Found by test/http/payconiq-e2e-quirks.test.ts: the second one used to be refused (unknown kid)
      // by the back-off the first one's refetch had just started.
      await Promise.all(
        Array.from({ length: 5 }, () => connector.verifyCallback(body, signCallback(body, { key: key2 }), expected())),
      );
      assert.equal(jwks.fetches, 2);
    });

    it('a bogus kid refetches at most once per 30 s per URL, even under a burst', async () => {
      const body = callbackBody();
      const bogus = (kid: string) => signCallback(body, { key: { ...key1, kid } });
      await rejected(connector.verifyCallback(body, bogus('bogus-1'), expected()), /unknown kid/);
      assert.equal(jwks.fetches, 1, 'the first fetch is not followed by an immediate refetch');
      clock.advance(31_000);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          rejected(connector.verifyCallback(body, bogus(`bogus-${i}`), expected()), /unknown kid/),
        ),
      );
      assert.equal(jwks.fetches, 2);
      clock.advance(10_000);
      await rejected(connector.verifyCallback(body, bogus('bogus-x'), expected()), /unknown kid/);
      assert.equal(jwks.fetches, 2);
      // valid callbacks keep working from the cache meanwhile
      await connector.verifyCallback(body, signCallback(body, { key: key1 }), expected());
      assert.equal(jwks.fetches, 2);
    });

    it('concurrent first verifications share one fetch', async () => {
      const body = callbackBody();
      await Promise.all(
        Array.from({ length: 10 }, () => connector.verifyCallback(body, signCallback(body, { key: key1 }), expected())),
      );
      assert.equal(jwks.fetches, 1);
    });

    it('is refreshed after at most 12 h, even when configured longer', async () => {
      connector = createPayconiqConnector({ clock, jwksTtlMs: 48 * 60 * 60_000 });
      const body = callbackBody();
      await connector.verifyCallback(body, signCallback(body, { key: key1 }), expected());
      clock.advanceMinutes(12 * 60 + 1);
      const signature = signCallback(body, { key: key1, iat: clock.now().toISOString() });
      await connector.verifyCallback(body, signature, expected());
      assert.equal(jwks.fetches, 2);
    });

    it('a removed key stops verifying once the cache is refreshed', async () => {
      const body = callbackBody();
      await connector.verifyCallback(body, signCallback(body, { key: key1 }), expected());
      jwks.keys = [key2.jwk];
      clock.advanceMinutes(12 * 60 + 1);
      await rejected(connector.verifyCallback(body, signCallback(body, { key: key1 }), expected()), /unknown kid/);
    });

    it('a JWKS outage is not retried more than once per 30 s, and the cache recovers', async () => {
      jwks.down = true;
      const body = callbackBody();
      await rejected(connector.verifyCallback(body, signCallback(body, { key: key1 }), expected()), /JWKS unavailable/);
      await rejected(connector.verifyCallback(body, signCallback(body, { key: key1 }), expected()), /JWKS unavailable/);
      assert.equal(jwks.fetches, 1);
      jwks.down = false;
      clock.advance(31_000);
      await connector.verifyCallback(body, signCallback(body, { key: key1 }), expected());
      assert.equal(jwks.fetches, 2);
    });

    it('is kept per JWKS URL', async () => {
      const other = await startFakeJwks();
      try {
        other.keys = [key2.jwk];
        const body = callbackBody();
        await connector.verifyCallback(body, signCallback(body, { key: key1 }), expected());
        await connector.verifyCallback(body, signCallback(body, { key: key2 }), {
          contract: { ...contract, jwksUrl: other.url },
          callbackUrl: CALLBACK_URL,
        });
        await rejected(connector.verifyCallback(body, signCallback(body, { key: key2 }), expected()), /unknown kid/);
        assert.equal(other.fetches, 1);
      } finally {
        await other.close();
      }
    });
  });

  describe('peekCallbackPaymentId', () => {
    it('reads a 24-hex paymentId without verifying, and nothing else', () => {
      assert.equal(connector.peekCallbackPaymentId(callbackBody()), PAYMENT_ID);
      assert.equal(connector.peekCallbackPaymentId(Buffer.from('{"paymentId":"../../etc"}')), undefined);
      assert.equal(connector.peekCallbackPaymentId(Buffer.from('{"paymentId":123}')), undefined);
      assert.equal(connector.peekCallbackPaymentId(Buffer.from('[]')), undefined);
      assert.equal(connector.peekCallbackPaymentId(Buffer.from('null')), undefined);
      assert.equal(connector.peekCallbackPaymentId(Buffer.from('not json')), undefined);
      assert.equal(connector.peekCallbackPaymentId(Buffer.alloc(0)), undefined);
    });
  });
});
