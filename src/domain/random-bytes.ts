import { randomFillSync } from 'node:crypto';

/**
 * Bytes of the operating system's CSPRNG, drawn in blocks: one call to the generator per 4 KiB instead of one per id
 * (a token per payment, an id per request), where the call cost more than the id. Every byte is handed out once.
 */
const BLOCK = 4096;
const block = Buffer.allocUnsafe(BLOCK);
let used = BLOCK;

function reserve(n: number): number {
  if (n > BLOCK) throw new RangeError(`at most ${BLOCK} random bytes at once`);
  if (used + n > BLOCK) {
    randomFillSync(block);
    used = 0;
  }
  const start = used;
  used += n;
  return start;
}

/** One random byte, 0–255. */
export function randomByte(): number {
  return block[reserve(1)]!;
}

/** `bytes` random bytes as lowercase hex (2 characters each). */
export function randomHex(bytes: number): string {
  const start = reserve(bytes);
  return block.toString('hex', start, start + bytes);
}
