import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MerchantConfiguration } from '../../src/ports/merchant-configuration.js';
import { CachedMerchantConfiguration, CONFIG_CACHE_TTL_MS } from '../../src/store/cached-merchant-configuration.js';
import type { NotificationHandlers } from '../../src/store/db.js';

/** A configuration whose key hashes are `hashes` now, counting its reads; `gate` holds a read until released. */
function fixture() {
  const state = { hashes: ['h1'], reads: 0, gate: undefined as Promise<void> | undefined, now: 1_000 };
  const inner = {
    async activeKeyHashes() {
      state.reads++;
      const hashes = state.hashes;
      await state.gate;
      return hashes;
    },
  } as unknown as MerchantConfiguration;
  let handlers!: NotificationHandlers;
  const cache = new CachedMerchantConfiguration(inner, () => state.now);
  const follow = () =>
    cache.follow({
      listen: async (_channel, h) => {
        handlers = h;
        h.listening(true);
      },
    });
  return { state, cache, follow, handlers: () => handlers };
}

describe('CachedMerchantConfiguration', () => {
  it('serves a read again until its merchant changes, and never past the TTL', async () => {
    const { state, cache, follow, handlers } = fixture();
    await follow();
    assert.deepEqual(await cache.activeKeyHashes('M'), ['h1']);
    state.hashes = ['h2'];
    assert.deepEqual(await cache.activeKeyHashes('M'), ['h1'], 'cached');
    handlers().notified('OTHER');
    assert.deepEqual(await cache.activeKeyHashes('M'), ['h1'], "another merchant's change");
    handlers().notified('M');
    assert.deepEqual(await cache.activeKeyHashes('M'), ['h2'], 'its change');
    state.hashes = ['h3'];
    state.now += CONFIG_CACHE_TTL_MS;
    assert.deepEqual(await cache.activeKeyHashes('M'), ['h3'], 'expired without a notification');
    assert.equal(state.reads, 3);
  });

  it('does not keep a read that a change overtook', async () => {
    const { state, cache, follow, handlers } = fixture();
    await follow();
    let release!: () => void;
    state.gate = new Promise((resolve) => (release = resolve));
    const read = cache.activeKeyHashes('M');
    handlers().notified('M');
    state.hashes = ['h2'];
    release();
    assert.deepEqual(await read, ['h1']);
    state.gate = undefined;
    assert.deepEqual(await cache.activeKeyHashes('M'), ['h2']);
  });

  it('caches nothing while notifications may be missed, and forgets everything when they are lost', async () => {
    const { state, cache, follow, handlers } = fixture();
    await follow();
    await cache.activeKeyHashes('M');
    handlers().listening(false);
    state.hashes = ['h2'];
    assert.deepEqual(await cache.activeKeyHashes('M'), ['h2']);
    state.hashes = ['h3'];
    assert.deepEqual(await cache.activeKeyHashes('M'), ['h3'], 'not cached while not listening');
    handlers().listening(true);
    assert.deepEqual(await cache.activeKeyHashes('M'), ['h3']);
    state.hashes = ['h4'];
    assert.deepEqual(await cache.activeKeyHashes('M'), ['h3'], 'cached again');
  });

  it('before it follows the notifications, caches nothing', async () => {
    const { state, cache } = fixture();
    // follow() not called
    await cache.activeKeyHashes('M');
    await cache.activeKeyHashes('M');
    assert.equal(state.reads, 2);
  });
});
