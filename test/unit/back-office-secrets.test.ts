import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, SCRYPT_PARAMETERS, verifyPassword } from '../../src/security/password-hash.js';
import { base32Decode, base32Encode, matchTotp, totpCode, totpStep, totpUri } from '../../src/security/totp.js';

describe('back-office password hashes', () => {
  it('scrypt with its parameters and a salt of its own per hash; verifies only the same password', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    assert.match(a, new RegExp(`^scrypt\\$${SCRYPT_PARAMETERS.N}\\$8\\$1\\$[\\w-]{22}\\$[\\w-]{43}$`));
    assert.notEqual(a, b, 'another salt, another hash');
    assert.equal(await verifyPassword('correct horse battery staple', a), true);
    assert.equal(await verifyPassword('correct horse battery stapl', a), false);
    assert.equal(await verifyPassword('correct horse battery staple', 'sha256$abc'), false);
    assert.equal(await verifyPassword('x'.repeat(201), a), false, 'too long is refused without hashing');
  });
});

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 appendix B, SHA-1 key "12345678901234567890": the last 6 digits of its 8-digit codes.
  const secret = Buffer.from('12345678901234567890');
  const vectors: [number, string][] = [
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ];

  it('computes the RFC test vectors', () => {
    for (const [seconds, code] of vectors) assert.equal(totpCode(secret, totpStep(new Date(seconds * 1000))), code);
  });

  it('accepts one step of drift, refuses a code already used and anything not six digits', () => {
    const at = new Date(1111111111 * 1000);
    const step = totpStep(at);
    assert.equal(matchTotp(secret, totpCode(secret, step), at), step);
    assert.equal(matchTotp(secret, totpCode(secret, step - 1), at), step - 1);
    assert.equal(matchTotp(secret, totpCode(secret, step + 1), at), step + 1);
    assert.equal(matchTotp(secret, totpCode(secret, step - 2), at), undefined, 'two steps old');
    assert.equal(matchTotp(secret, totpCode(secret, step), at, step), undefined, 'already used');
    assert.equal(matchTotp(secret, '12345', at), undefined);
    assert.equal(matchTotp(secret, 'abcdef', at), undefined);
  });

  it('base32 round trip and the otpauth URI apps scan', () => {
    assert.equal(base32Encode(Buffer.from('12345678901234567890')), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.deepEqual(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'), secret);
    const uri = new URL(totpUri(secret, 'Passerelle', 'ana@shop.example'));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), '/Passerelle:ana@shop.example');
    assert.equal(uri.searchParams.get('secret'), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.equal(uri.searchParams.get('issuer'), 'Passerelle');
  });
});
