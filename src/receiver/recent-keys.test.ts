import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentKeys } from './recent-keys.ts';

describe('RecentKeys', () => {
  it('remembers keys until capacity, then forgets the oldest first', () => {
    const recent = new RecentKeys(3);
    for (const key of ['a', 'b', 'c']) recent.add(key);
    expect([recent.has('a'), recent.has('b'), recent.has('c'), recent.size]).toEqual([true, true, true, 3]);
    recent.add('d');
    expect([recent.has('a'), recent.has('b'), recent.has('d'), recent.size]).toEqual([false, true, true, 3]);
  });

  it('does not count a key seen again as new (a retransmission does not push out older keys)', () => {
    const recent = new RecentKeys(2);
    recent.add('a');
    recent.add('b');
    recent.add('a');
    expect([recent.has('a'), recent.has('b'), recent.size]).toEqual([true, true, 2]);
  });

  it('holds exactly the last `capacity` distinct keys, whatever the sequence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }),
        (capacity, seq) => {
          const recent = new RecentKeys(capacity);
          const model: string[] = [];
          for (const n of seq) {
            const key = `k${n}`;
            recent.add(key);
            if (!model.includes(key)) {
              model.push(key);
              if (model.length > capacity) model.shift();
            }
          }
          for (let n = 0; n <= 20; n++) expect(recent.has(`k${n}`)).toBe(model.includes(`k${n}`));
          expect(recent.size).toBe(model.length);
        },
      ),
    );
  });

  it('rejects a capacity that could not hold a key', () => {
    expect(() => new RecentKeys(0)).toThrow(/capacity/);
  });
});
