import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ceilDiv,
  ceilRational,
  compare,
  decimalOf,
  decimalToNumber,
  div,
  floorDiv,
  mul,
  rational,
  rationalOf,
  roundHalfEven,
  sub,
} from './exact.ts';

describe('decimalOf', () => {
  it('reads the shortest decimal, not the binary expansion', () => {
    expect(decimalOf(2.2)).toEqual({ units: 22n, scale: 1 });
    expect(decimalOf(0.1)).toEqual({ units: 1n, scale: 1 });
    expect(decimalOf(-2.5)).toEqual({ units: -25n, scale: 1 });
    expect(decimalOf(0)).toEqual({ units: 0n, scale: 0 });
    expect(decimalOf(150)).toEqual({ units: 150n, scale: 0 });
  });

  it('handles exponent notation both ways', () => {
    expect(decimalOf(1e21)).toEqual({ units: 10n ** 21n, scale: 0 });
    expect(decimalOf(1.5e-7)).toEqual({ units: 15n, scale: 8 });
    expect(decimalOf(-3e-10)).toEqual({ units: -3n, scale: 10 });
  });

  it('rejects NaN and infinities', () => {
    expect(() => decimalOf(Number.NaN)).toThrow(RangeError);
    expect(() => decimalOf(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('round-trips every finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(decimalToNumber(decimalOf(x))).toBe(x === 0 ? 0 : x);
      }),
    );
  });
});

describe('floorDiv / ceilDiv', () => {
  it('rounds toward −∞ / +∞ for every sign combination', () => {
    expect(floorDiv(7n, 2n)).toBe(3n);
    expect(floorDiv(-7n, 2n)).toBe(-4n);
    expect(floorDiv(7n, -2n)).toBe(-4n);
    expect(floorDiv(-7n, -2n)).toBe(3n);
    expect(ceilDiv(7n, 2n)).toBe(4n);
    expect(ceilDiv(-7n, 2n)).toBe(-3n);
    expect(ceilDiv(7n, -2n)).toBe(-3n);
    expect(ceilDiv(-7n, -2n)).toBe(4n);
    expect(ceilDiv(6n, 3n)).toBe(2n);
    expect(floorDiv(-6n, 3n)).toBe(-2n);
  });

  it('refuses division by zero', () => {
    expect(() => floorDiv(1n, 0n)).toThrow(RangeError);
    expect(() => rational(1n, 0n)).toThrow(RangeError);
  });

  it('agrees with Math.floor / Math.ceil on small integers', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -50, max: 50 }), (a, b) => {
        fc.pre(b !== 0);
        expect(floorDiv(BigInt(a), BigInt(b))).toBe(BigInt(Math.floor(a / b)));
        expect(ceilDiv(BigInt(a), BigInt(b))).toBe(BigInt(Math.ceil(a / b)));
      }),
    );
  });
});

describe('the CO 2.2 mg/m³ floating-point trap (research notes §1.2)', () => {
  it('doubles give 56, exact rationals give 55', () => {
    // HJ 633 Table 1: CO 24 h, IAQI 50 at 2 mg/m³, IAQI 100 at 4 mg/m³.
    expect(Math.ceil(((100 - 50) / (4 - 2)) * (2.2 - 2) + 50)).toBe(56);
    const v = mul(div(rational(50n), sub(rationalOf(4), rationalOf(2))), sub(rationalOf(2.2), rationalOf(2)));
    expect(ceilRational(v) + 50n).toBe(55n);
  });

  it('compares exactly', () => {
    expect(compare(rationalOf(0.3), mul(rationalOf(0.1), rational(3n)))).toBe(0);
    expect(compare(rationalOf(2.2), rationalOf(2.21))).toBe(-1);
  });
});

describe('roundHalfEven (GB/T 8170 四舍六入五成双)', () => {
  it.each([
    [2.25, 1, 2.2],
    [2.35, 1, 2.4],
    [2.45, 1, 2.4],
    [0.15, 1, 0.2],
    [1.05, 1, 1.0],
    [2.251, 1, 2.3],
    [2.249, 1, 2.2],
    [0.5, 0, 0],
    [1.5, 0, 2],
    [2.5, 0, 2],
    [3.5, 0, 4],
    [36.5, 0, 36],
    [35.5, 0, 36],
    [36.51, 0, 37],
    [36.4, 0, 36],
    [36.6, 0, 37],
    [-2.5, 0, -2],
    [-3.5, 0, -4],
    [7, 0, 7],
    [2.2, 1, 2.2],
    [125, -1, 120],
    [135, -1, 140],
  ])('%d to %d decimals → %d', (x, d, want) => {
    expect(roundHalfEven(x, d)).toBe(want);
  });

  it('never returns −0', () => {
    expect(Object.is(roundHalfEven(-0.4, 0), 0)).toBe(true);
    expect(Object.is(roundHalfEven(-0, 0), 0)).toBe(true);
  });

  it('rejects non-integer decimals', () => {
    expect(() => roundHalfEven(1.25, 0.5)).toThrow(RangeError);
  });

  it('sends k + 0.5 to the even neighbour', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (k) => {
        const r = roundHalfEven(k + 0.5, 0);
        expect(Math.abs(r % 2)).toBe(0);
        expect(Math.abs(r - (k + 0.5))).toBe(0.5);
      }),
    );
  });

  it('stays within half a unit of the input', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 3 }), (x, d) => {
        const r = roundHalfEven(x, d);
        expect(Math.abs(r - x)).toBeLessThanOrEqual(0.5 * 10 ** -d + 1e-9);
        expect(roundHalfEven(r, d)).toBe(r);
      }),
    );
  });
});

describe('roundHalfEven fast path', () => {
  // Oracle: half-even on the decimal digits of String(x), by hand on strings (no doubles involved).
  const oracle = (x: number, d: number): number => {
    const { units, scale } = decimalOf(x);
    if (scale <= d) return x === 0 ? 0 : x;
    const neg = units < 0n;
    const abs = neg ? -units : units;
    const unit = 10n ** BigInt(scale - d);
    let q = abs / unit;
    const twice = (abs % unit) * 2n;
    if (twice > unit || (twice === unit && q % 2n === 1n)) q += 1n;
    return Number(`${neg ? '-' : ''}${q}e-${d}`) || 0;
  };

  it('gives the exact decimal answer for measured-looking values and for ties', () => {
    const measured = fc
      .tuple(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 6 }))
      .map(([n, s]) => n / 10 ** s);
    fc.assert(
      fc.property(measured, fc.integer({ min: 0, max: 3 }), (x, d) => {
        expect(roundHalfEven(x, d)).toBe(oracle(x, d));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 3 }), (x, d) => {
        expect(roundHalfEven(x, d)).toBe(oracle(x, d));
      }),
      { numRuns: 5000 },
    );
  });
});
