import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_COUNT, MAX_POPULATION, rivestDraw, rivestSample, SamplerInputError } from './rivest-sampler.ts';

describe("Rivest's published transcript (sampler.py, November 14, 2011, its docstring)", () => {
  // http://people.csail.mit.edu/rivest/sampler.py, "sample transcript": election "Big Apple City Council", seed
  // 3546311556112163624615351222, a = 1, b = 876, no duplicates, n = 47. "Unsorted list of outputs", verbatim:
  const seed = '3546311556112163624615351222';
  const published = [
    740, 180, 264, 789, 238, 448, 272, 611, 761, 208, 596, 88, 160, 113, 766, 427, 184, 816, 653, 411, 779,
    331, 339, 487, 594, 235, 65, 527, 821, 490, 461, 251, 471, 414, 174, 567, 300, 134, 144, 357, 786, 792,
    218, 550, 787, 537, 197,
  ];

  it('draws the same 47 positions in the same order', () => {
    expect(rivestSample({ seed, population: 876, count: 47 })).toEqual(published);
  });

  it('rejects draw 32 (611, already picked at draw 8) and goes on counting, as the transcript shows', () => {
    expect(rivestDraw(seed, 8, 876)).toBe(611);
    expect(rivestDraw(seed, 32, 876)).toBe(611);
    expect(rivestDraw(seed, 48, 876)).toBe(197);
  });

  it('an expanded sample starts with the earlier one (the escalation the transcript describes)', () => {
    expect(rivestSample({ seed, population: 876, count: 21 })).toEqual(published.slice(0, 21));
  });
});

describe('the published test cases of cjerdonek/rivest-sampler-tests (tests.json, duplicates allowed)', () => {
  // https://github.com/cjerdonek/rivest-sampler-tests/blob/master/tests.json: range 1..total, checked there with
  // Rivest's sampler.py under Python 2.6.9 and with the free-sampler implementation.
  it.each([
    ['0', 1000, [905, 573, 160]],
    ['0', 2, [1, 1, 2]],
    ['1', 1000, [97, 89, 163]],
    ['0000000000', 1000, [978, 359, 132]],
    ['999999999999999999999999', 1000, [544, 800, 654]],
    ['abcde', 1000, [247, 427, 157]],
  ] as const)('seed %j, total %i → %j', (seed, population, expected) => {
    expect(rivestSample({ seed, population, count: 3, withReplacement: true })).toEqual(expected);
  });
});

describe('the seed is UTF-8 text', () => {
  it('hashes a Chinese seed as its UTF-8 bytes', () => {
    // Second implementation, Python's hashlib:
    // python3 -c 'import hashlib; print([int(hashlib.sha256(("青山 2026,"+str(i)).encode("utf-8")).hexdigest(),16)%100+1 for i in (1,2,3)])'
    // → [4, 44, 48]
    expect(rivestSample({ seed: '青山 2026', population: 100, count: 3, withReplacement: true })).toEqual([
      4, 44, 48,
    ]);
  });
});

describe('input bounds', () => {
  const bad = (request: Parameters<typeof rivestSample>[0]) => () => rivestSample(request);

  it('refuses an empty seed, a population below 1 and a negative or fractional count', () => {
    expect(bad({ seed: '', population: 10, count: 1 })).toThrow(SamplerInputError);
    expect(bad({ seed: '   ', population: 10, count: 1 })).toThrow(/seed must not be empty/);
    expect(bad({ seed: '1', population: 0, count: 0 })).toThrow(/population N/);
    expect(bad({ seed: '1', population: 10, count: -1 })).toThrow(/count K/);
    expect(bad({ seed: '1', population: 10, count: 1.5 })).toThrow(/count K/);
    expect(bad({ seed: '1', population: Number.NaN, count: 1 })).toThrow(/population N/);
  });

  it('refuses more picks than positions without replacement, but not with', () => {
    expect(bad({ seed: '1', population: 3, count: 4 })).toThrow(/cannot exceed the population N \(3\)/);
    expect(rivestSample({ seed: '1', population: 3, count: 4, withReplacement: true })).toHaveLength(4);
  });

  it('refuses hostile sizes', () => {
    expect(bad({ seed: '1', population: MAX_POPULATION + 1, count: 1 })).toThrow(/population N/);
    expect(bad({ seed: '1', population: MAX_POPULATION, count: MAX_COUNT + 1 })).toThrow(/count K/);
    expect(bad({ seed: 'x'.repeat(1001), population: 10, count: 1 })).toThrow(/too long/);
  });

  it('draws nothing for K = 0, and the whole population for K = N', () => {
    expect(rivestSample({ seed: '1', population: 5, count: 0 })).toEqual([]);
    expect([...rivestSample({ seed: '1', population: 50, count: 50 })].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });
});

describe('properties', () => {
  const request = fc.record({
    seed: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''),
    population: fc.integer({ min: 1, max: 500 }),
    count: fc.integer({ min: 0, max: 60 }),
    withReplacement: fc.boolean(),
  });
  const feasible = request.map((r) =>
    r.withReplacement ? r : { ...r, count: Math.min(r.count, r.population) },
  );

  it('every pick is a position 1..N, and there are exactly K', () => {
    fc.assert(
      fc.property(feasible, (r) => {
        const picks = rivestSample(r);
        expect(picks).toHaveLength(r.count);
        for (const p of picks) expect(Number.isInteger(p) && p >= 1 && p <= r.population).toBe(true);
      }),
    );
  });

  it('without replacement the picks are distinct', () => {
    fc.assert(
      fc.property(feasible, (r) => {
        const count = Math.min(r.count, r.population);
        const picks = rivestSample({ ...r, count, withReplacement: false });
        expect(picks).toHaveLength(count);
        expect(new Set(picks).size).toBe(count);
      }),
    );
  });

  it('the same request gives the same picks', () => {
    fc.assert(
      fc.property(feasible, (r) => {
        expect(rivestSample(r)).toEqual(rivestSample({ ...r }));
      }),
    );
  });

  it('a draw of K is the first K picks of any larger draw with the same seed', () => {
    fc.assert(
      fc.property(feasible, fc.integer({ min: 0, max: 40 }), (r, more) => {
        const larger = r.withReplacement ? r.count + more : Math.min(r.count + more, r.population);
        expect(rivestSample({ ...r, count: larger }).slice(0, r.count)).toEqual(rivestSample(r));
      }),
    );
  });
});
