import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.ts';

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('percentile (HJ 663 附录A)', () => {
  it('matches the worked example: {3,4,8,2,5,4} P90 = 6.5', () => {
    // sorted 2,3,4,4,5,8; k = 1 + 5·0.9 = 5.5; 5 + (8 − 5)·0.5
    expect(percentile([3, 4, 8, 2, 5, 4], 90)).toBeCloseTo(6.5, 12);
  });

  it('1..20 P95 = 19.05 and 1..365 P90 = 328.6', () => {
    // k = 1 + 19·0.95 = 19.05 → 19 + 0.05; k = 1 + 364·0.9 = 328.6 → 328 + 0.6
    expect(percentile(range(1, 20), 95)).toBeCloseTo(19.05, 12);
    expect(percentile(range(1, 365), 90)).toBeCloseTo(328.6, 10);
  });

  it('handles integer k, a single value, the ends and empty input', () => {
    expect(percentile([10, 20, 30, 40, 50], 50)).toBe(30); // k = 3
    expect(percentile([7], 98)).toBe(7);
    expect(percentile([5, 1, 9], 0)).toBe(1);
    expect(percentile([5, 1, 9], 100)).toBe(9);
    expect(percentile([], 95)).toBeNull();
  });

  it('P98 of 30 days: k = 1 + 29·0.98 = 29.42', () => {
    // X(29) = 29, X(30) = 30 → 29.42
    expect(percentile(range(1, 30), 98)).toBeCloseTo(29.42, 12);
  });

  it('ignores missing (NaN) values and does not reorder its input', () => {
    const xs = [4, Number.NaN, 2];
    expect(percentile(xs, 50)).toBe(3);
    expect(xs[0]).toBe(4);
  });

  it('rejects p outside [0, 100]', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  const values = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 });

  it('lies between min and max (property)', () => {
    fc.assert(
      fc.property(values, fc.integer({ min: 0, max: 100 }), (xs, p) => {
        const m = percentile(xs, p) as number;
        return m >= Math.min(...xs) && m <= Math.max(...xs);
      }),
    );
  });

  it('is monotonic in p (property)', () => {
    fc.assert(
      fc.property(values, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (xs, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return (percentile(xs, lo) as number) <= (percentile(xs, hi) as number) + 1e-9;
      }),
    );
  });
});
