import assert from 'node:assert/strict';
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import soap from 'soap';
import { systemClock } from '../../src/ports/clock.js';
import { CARD_ENCRYPTION_KEY_NAME, createCardEncryptionKeys } from '../../src/security/card-encryption-key.js';
import { createSecretBox } from '../../src/security/secret-box.js';
import { openStore } from '../../src/store/open-store.js';
import { SqlSigningKeyStore } from '../../src/store/sql-signing-key-store.js';
import { doAuthorizationEnvelope } from '../support/direct-payment.js';
import { implEnvelope, otherMerchantAuthorization } from '../support/extended-api.js';
import { minimalRequest } from '../support/minimal-request.js';
import { readSample, REFERENCE_MISSING, referenceWsdlPath, schemaWsdl } from '../support/payline-reference.js';
import { postSoap } from '../support/soap-client.js';
import {
  childText,
  IMPL_NS,
  implSequence,
  OBJ_NS,
  readOperationResponse,
  schemaViolations,
} from '../support/soap-response.js';
import { createTestDatabase, DRIVER } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { readWsdl } from '../support/wsdl-model.js';
import { onlyChild } from '../support/xml-tree.js';
import type { Wire } from '../support/wire.js';

/**
 * getEncryptionKey answers 00000 with the gateway's own RSA public key (the WooCommerce module's
 * "test connection" only looks at the code). The key is made once per database and shared; card
 * data encrypted with it is still refused, like any card data.
 */

const reference = readWsdl(schemaWsdl('DirectPaymentAPI'));
/** The secret key startTestGateway configures. */
const SECRET_BOX = createSecretBox(Buffer.alloc(32, 7));
// The Java SDK's own request when the reference data is here, else the smallest one the WSDL allows.
const keyRequest = REFERENCE_MISSING
  ? minimalRequest(reference, 'getEncryptionKey')
  : readSample('directpayment/getEncryptionKey/getEncryptionKeyRequest.xml');

interface WireKey {
  keyId: string;
  modulus: string;
  merchantKeyName: string;
  publicExponent: string;
  expirationDate: string;
  algo: string;
  size: string;
}

async function encryptionKey(
  t: TestGateway,
  envelope = keyRequest,
  headers: Record<string, string> = {},
): Promise<WireKey> {
  const answer = await postSoap(t, 'DirectPaymentAPI', envelope, headers);
  assert.equal(answer.status, 200, answer.body);
  const { element, result } = readOperationResponse(answer.body, 'getEncryptionKey');
  assert.deepEqual(
    schemaViolations(
      element,
      implSequence(reference, 'getEncryptionKeyResponse'),
      IMPL_NS,
      reference,
      'getEncryptionKeyResponse',
    ),
    [],
  );
  assert.deepEqual(result, { code: '00000', shortMessage: 'ACCEPTED', longMessage: 'Transaction approved' });
  const key = onlyChild(element, IMPL_NS, 'key');
  const text = (name: string) => childText(key, OBJ_NS, name) ?? '';
  return {
    keyId: text('keyId'),
    modulus: text('modulus'),
    merchantKeyName: text('merchantKeyName'),
    publicExponent: text('publicExponent'),
    expirationDate: text('expirationDate'),
    algo: text('algo'),
    size: text('size'),
  };
}

/** The public key the answer describes (hex modulus and exponent). */
const publicKeyOf = (key: WireKey) =>
  createPublicKey({
    key: {
      kty: 'RSA',
      n: Buffer.from(key.modulus, 'hex').toString('base64url'),
      e: Buffer.from(key.publicExponent, 'hex').toString('base64url'),
    },
    format: 'jwk',
  });

const storedKeys = (t: TestGateway) =>
  t.gateway.db.query<{ kid: string; private_key_sealed: string }>(
    'SELECT kid, private_key_sealed FROM signing_keys WHERE name = $1',
    [CARD_ENCRYPTION_KEY_NAME],
  );

describe('getEncryptionKey', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it(
    "the Java SDK's request fixture → 00000 with a real 2048-bit RSA public key, whose private half is kept sealed",
    { skip: REFERENCE_MISSING },
    async () => {
      const key = await encryptionKey(t);
      assert.match(key.keyId, /^\d+$/);
      assert.equal(key.merchantKeyName, CARD_ENCRYPTION_KEY_NAME);
      assert.match(key.modulus, /^[0-9A-F]{512}$/);
      assert.equal(key.publicExponent, '010001');
      assert.equal(key.size, '2048');
      assert.equal(key.algo, 'RSA');
      assert.match(key.expirationDate, /^\d{2}\/\d{2}\/\d{4}$/);
      const publicKey = publicKeyOf(key);
      assert.equal(publicKey.asymmetricKeyDetails?.modulusLength, 2048);

      const [row, ...others] = await storedKeys(t);
      assert.equal(others.length, 0);
      assert.equal(row!.kid, key.keyId);
      assert.match(row!.private_key_sealed, /^v1:/, 'sealed with the secret box');
      // A real key pair: what the public half encrypts, the sealed private half decrypts.
      const privateKey = createPrivateKey({
        key: JSON.parse(SECRET_BOX.open(row!.private_key_sealed)) as Record<string, string>,
        format: 'jwk',
      });
      const secret = randomBytes(32);
      assert.deepEqual(
        privateDecrypt(
          { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING },
          publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING }, secret),
        ),
        secret,
      );
    },
  );

  it('the same key on every call, for every merchant, whatever merchantKeyName asks for', async () => {
    const first = await encryptionKey(t);
    assert.deepEqual(await encryptionKey(t), first);
    assert.deepEqual(await encryptionKey(t, keyRequest, { authorization: await otherMerchantAuthorization(t) }), first);
    assert.deepEqual(
      await encryptionKey(t, implEnvelope('getEncryptionKey', { merchantKeyName: 'my-payline-key' })),
      first,
    );
    assert.equal((await storedKeys(t)).length, 1);
  });

  it(
    'a node-soap client from Payline DirectPaymentAPI.wsdl gets 00000, which is all the connection test checks',
    { skip: REFERENCE_MISSING },
    async () => {
      const client = await soap.createClientAsync(referenceWsdlPath('DirectPaymentAPI'));
      client.setEndpoint(`${t.baseUrl}/V4/services/DirectPaymentAPI`);
      client.setSecurity(new soap.BasicAuthSecurity(t.merchantId, t.accessKey));
      const [answer] = (await client.getEncryptionKeyAsync({ version: '34' })) as [Record<string, Wire>];
      assert.equal(answer.result.code, '00000');
      const key = await encryptionKey(t);
      assert.equal(String(answer.key.keyId), key.keyId);
      assert.equal(answer.key.modulus, key.modulus);
    },
  );

  it('card data encrypted with it is refused like any card data, and nothing is stored', async () => {
    const key = await encryptionKey(t);
    const encrypted = publicEncrypt(
      { key: publicKeyOf(key), padding: constants.RSA_PKCS1_OAEP_PADDING },
      Buffer.from('4970101122334455;1230;123'),
    ).toString('base64');
    const envelope = doAuthorizationEnvelope({ orderRef: 'ENCRYPTED-1' }).replace(
      '<impl:card>',
      `<impl:card><obj:encryptionKeyId>${key.keyId}</obj:encryptionKeyId><obj:encryptedData>${encrypted}</obj:encryptedData>`,
    );
    const answer = await postSoap(t, 'DirectPaymentAPI', envelope);
    assert.equal(answer.status, 200, answer.body);
    assert.deepEqual(readOperationResponse(answer.body, 'doAuthorization').result, {
      code: '02305',
      shortMessage: 'ERROR',
      longMessage: 'Invalid field format card.encryptedData: card data is not accepted, Passerelle is a wallet gateway',
    });
    assert.ok(!answer.body.includes(encrypted), 'the encrypted card data is not echoed');
    const sessions = await t.gateway.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM web_sessions WHERE order_ref = 'ENCRYPTED-1'",
    );
    assert.equal(sessions[0]!.n, 0);
  });
});

describe('the card encryption key is made once per database', () => {
  it('the same after a restart', async () => {
    const database = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-card-key-'));
    try {
      const first = await startTestGateway({ database, dataDir });
      const before = await encryptionKey(first);
      await first.close();
      const second = await startTestGateway({ database, dataDir });
      try {
        assert.deepEqual(await encryptionKey(second), before);
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('two key services asking at once on an empty table end with one key: the first writer wins', async () => {
    const database = await createTestDatabase();
    const { db } = await openStore({ databaseUrl: database.databaseUrl, dataDir: undefined, poolSize: 4 });
    try {
      assert.deepEqual(await db.query('SELECT name FROM signing_keys'), []);
      const [a, b] = [0, 1].map(() => createCardEncryptionKeys(new SqlSigningKeyStore(db), SECRET_BOX, systemClock));
      const [ka, kb] = await Promise.all([a!.current(), b!.current()]);
      assert.deepEqual(ka, kb);
      const rows = await db.query('SELECT kid FROM signing_keys WHERE name = $1', [CARD_ENCRYPTION_KEY_NAME]);
      assert.deepEqual(rows, [{ kid: ka.keyId }]);
    } finally {
      await db.close();
      await database.drop();
    }
  });

  // PGlite is embedded in one process by design: this one exists in the PostgreSQL run only.
  if (DRIVER === 'postgres')
    it('is shared by gateway processes on one database', async () => {
      const database = await createTestDatabase();
      const [a, b] = await Promise.all([startTestGateway({ database }), startTestGateway({ database })]);
      try {
        const [ka, kb] = await Promise.all([encryptionKey(a), encryptionKey(b)]);
        assert.deepEqual(ka, kb);
      } finally {
        await Promise.all([a.close(), b.close()]);
        await database.drop();
      }
    });
});
