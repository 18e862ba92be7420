/**
 * Re-encodes a JOSE ES256 signature (raw r||s, 64 bytes) as ASN.1 DER
 * `SEQUENCE { INTEGER r, INTEGER s }`, for the derSignature quirk: a client that only knows
 * P1363 must fail on it, one that falls back to DER must succeed.
 */
export function p1363ToDer(raw: Uint8Array): Buffer {
  if (raw.length !== 64) throw new RangeError('an ES256 signature is 64 bytes');
  const seq = Buffer.concat([derInteger(raw.subarray(0, 32)), derInteger(raw.subarray(32))]);
  // At most 2 * 35 bytes: the short length form always fits.
  return Buffer.concat([Buffer.from([0x30, seq.length]), seq]);
}

function derInteger(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  let value = Buffer.from(bytes.subarray(start));
  // A set high bit would read as negative: DER then needs a leading zero byte.
  if ((value[0] ?? 0) & 0x80) value = Buffer.concat([Buffer.from([0]), value]);
  return Buffer.concat([Buffer.from([0x02, value.length]), value]);
}
