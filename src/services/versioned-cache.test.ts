import { describe, expect, it } from 'vitest';
import { versionedCache } from './versioned-cache.ts';

describe('versioned cache', () => {
  it('computes once per key, serves the old value while the new one is computed', async () => {
    let calls = 0;
    let release: () => void = () => {};
    const cache = versionedCache(
      async () => {
        calls++;
        if (calls === 2) await new Promise<void>((r) => (release = r));
        return calls;
      },
      { maxAgeMs: 60_000, clock: () => 0, onError: () => {} },
    );
    expect(await cache.get('v1')).toBe(1);
    expect(await cache.get('v1')).toBe(1);
    expect(await cache.get('v2')).toBe(1); // stale while v2 computes
    expect(await cache.get('v2')).toBe(1); // the same computation, not a third
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.get('v2')).toBe(2);
    expect(calls).toBe(2);
  });
});
