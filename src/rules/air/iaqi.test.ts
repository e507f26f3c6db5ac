import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BREAKPOINTS, columnFor, IAQI_LEVELS, INDICATORS } from './breakpoints.ts';
import { ceilRational, compare, div, mul, rational, rationalOf, roundHalfEven, sub } from './exact.ts';
import { iaqi, roundConcentration } from './iaqi.ts';
import type { Indicator, RuleSetId } from './types.ts';

const RULE_SETS: readonly RuleSetId[] = ['2012', '2026'];
const value = (ind: Indicator, c: number, rs: RuleSetId) => iaqi(ind, c, rs).iaqi;

// Research notes §5.2 set A: daily-mean inputs, derived from HJ 633-2012 Table 1 / HJ 633-2026 Table 3.
describe('set A — IAQI of daily-mean inputs', () => {
  it.each<[string, Indicator, number, number, number]>([
    ['A1', 'PM2.5_24h', 75, 100, 114],
    ['A2', 'PM2.5_24h', 60, 82, 100],
    ['A3', 'PM10_24h', 180, 115, 124],
    ['A4', 'PM10_24h', 120, 85, 100],
    ['A5', 'PM2.5_24h', 36, 52, 52],
    ['A6', 'PM2.5_24h', 120, 158, 158],
    ['A7', 'CO_24h', 4.1, 101, 101],
    ['A8', 'CO_24h', 2.2, 55, 55],
    ['A9', 'O3_8h', 200, 137, 137],
    ['A10', 'NO2_24h', 150, 135, 135],
    ['A11', 'SO2_24h', 65, 58, 58],
  ])('%s %s = %d → 2012: %d, 2026: %d', (_id, ind, c, want2012, want2026) => {
    expect(value(ind, c, '2012')).toBe(want2012);
    expect(value(ind, c, '2026')).toBe(want2026);
  });

  it('A5: rounds up (ceiling), not to nearest — 51.25 → 52', () => {
    expect(value('PM2.5_24h', 36, '2012')).toBe(52);
  });

  it('A8: CO 2.2 mg/m³ is exactly 55, for 24 h and as an unrounded input', () => {
    expect(iaqi('CO_24h', 2.2, '2026')).toEqual({
      indicator: 'CO_24h',
      pollutant: 'CO',
      concentration: 2.2,
      iaqi: 55,
    });
    // CO 1 h: IAQI 50 at 5, 100 at 10 → 5.6 gives exactly 56 (0.6 is inexact in binary too).
    expect(value('CO_1h', 5.6, '2026')).toBe(56);
  });

  it('A12: PM2.5 115 and PM10 250 both give 150', () => {
    for (const rs of RULE_SETS) {
      expect(value('PM2.5_24h', 115, rs)).toBe(150);
      expect(value('PM10_24h', 250, rs)).toBe(150);
    }
  });
});

// Research notes §5.2 set B: special rules of the real-time report.
describe('set B — special rules', () => {
  it('B1: SO2 1 h = 900 → 2012 not computed (report SO2 24 h), 2026 200', () => {
    const old = iaqi('SO2_1h', 900, '2012');
    expect(old.iaqi).toBeNull();
    expect(old.note).toMatch(/SO2_24h/);
    expect(value('SO2_1h', 900, '2026')).toBe(200);
  });

  it('B2: O3 8 h = 850 → 2012 not computed (use O3 1 h), 2026 300', () => {
    const old = iaqi('O3_8h', 850, '2012');
    expect(old.iaqi).toBeNull();
    expect(old.note).toMatch(/O3_1h/);
    expect(value('O3_8h', 850, '2026')).toBe(300);
  });

  it('B3: O3 1 h = 250 → 125', () => {
    for (const rs of RULE_SETS) expect(value('O3_1h', 250, rs)).toBe(125);
  });

  it('B4: NO2 1 h = 250 → 105', () => {
    for (const rs of RULE_SETS) expect(value('NO2_1h', 250, rs)).toBe(105);
  });

  it('B5: PM2.5 1 h = 75 → 2026 114 (daily column); 2012 via 24 h breakpoints, flagged [M]', () => {
    expect(iaqi('PM2.5_1h', 75, '2026')).toEqual({
      indicator: 'PM2.5_1h',
      pollutant: 'PM2.5',
      concentration: 75,
      iaqi: 114,
    });
    const old = iaqi('PM2.5_1h', 75, '2012');
    expect(old.iaqi).toBe(100);
    expect(old.note).toMatch(/\[M\]/);
  });

  it('the gaps start strictly above 800, after rounding', () => {
    for (const rs of RULE_SETS) {
      expect(value('SO2_1h', 800, rs)).toBe(200);
      expect(value('SO2_1h', 800.5, rs)).toBe(200); // half-even: 800.5 → 800
      expect(value('O3_8h', 800, rs)).toBe(300);
    }
    expect(value('SO2_1h', 800.6, '2012')).toBeNull(); // → 801
    expect(value('SO2_1h', 801, '2026')).toBe(200);
    expect(value('O3_8h', 801, '2012')).toBeNull();
    expect(value('O3_8h', 801, '2026')).toBe(300);
  });
});

describe('input rounding (HJ 633-2026 §4.2.2, GB/T 8170 half-even)', () => {
  it('rounds µg/m³ to integers and CO to 1 decimal', () => {
    expect(roundConcentration('PM2.5_24h', 35.5)).toBe(36);
    expect(roundConcentration('PM2.5_24h', 36.5)).toBe(36);
    expect(roundConcentration('CO_24h', 2.25)).toBe(2.2);
    expect(roundConcentration('CO_24h', 2.35)).toBe(2.4);
    expect(iaqi('PM2.5_24h', 36.5, '2026').concentration).toBe(36);
  });

  it('computes the IAQI from the rounded value', () => {
    // PM2.5 34.5 → 34: 50·34/35 = 48.57 → 49 (unrounded 34.5 would give 50·34.5/35 = 49.29 → 50).
    expect(value('PM2.5_24h', 34.5, '2026')).toBe(49);
    // PM2.5 35.5 → 36: 2026 50 + 50·1/25 = 52.
    expect(value('PM2.5_24h', 35.5, '2026')).toBe(52);
    // CO 2.25 → 2.2 → 55; 2.15 → 2.2 → 55; 2.05 → 2.0 → 50.
    expect(value('CO_24h', 2.25, '2026')).toBe(55);
    expect(value('CO_24h', 2.15, '2026')).toBe(55);
    expect(value('CO_24h', 2.05, '2026')).toBe(50);
    // An input that rounds to 0 gives IAQI 0.
    expect(value('SO2_24h', 0.4, '2026')).toBe(0);
  });
});

describe('edges', () => {
  it('gives IAQI 0 at 0 and the table value at each breakpoint', () => {
    for (const rs of RULE_SETS) {
      expect(value('NO2_24h', 0, rs)).toBe(0);
      expect(value('NO2_24h', 40, rs)).toBe(50);
      expect(value('NO2_24h', 940, rs)).toBe(500);
      expect(value('PM2.5_24h', 500, rs)).toBe(500);
    }
  });

  it('caps above the top breakpoint at 500 with a note [M]', () => {
    for (const rs of RULE_SETS) {
      const r = iaqi('PM2.5_24h', 650, rs);
      expect(r.iaqi).toBe(500);
      expect(r.note).toMatch(/capped/);
      expect(value('PM10_24h', 601, rs)).toBe(500);
      expect(value('CO_24h', 60.1, rs)).toBe(500);
    }
  });

  it('throws RangeError for negative or non-finite input', () => {
    expect(() => iaqi('PM2.5_24h', -1, '2026')).toThrow(RangeError);
    expect(() => iaqi('PM2.5_24h', -0.1, '2012')).toThrow(/PM2\.5_24h/);
    expect(() => iaqi('CO_24h', Number.NaN, '2026')).toThrow(RangeError);
    expect(() => iaqi('CO_24h', Number.POSITIVE_INFINITY, '2026')).toThrow(RangeError);
  });
});

describe('properties', () => {
  const indicator = fc.constantFrom(...INDICATORS);
  const ruleSet = fc.constantFrom(...RULE_SETS);
  // Up to ~1.3× the largest top breakpoint (NO2 1 h 3840), and small values for CO resolution.
  const conc = fc.oneof(
    fc.double({ min: 0, max: 5000, noNaN: true }),
    fc.double({ min: 0, max: 200, noNaN: true }),
    fc.integer({ min: 0, max: 5000 }),
  );

  it('IAQI is non-decreasing in concentration (where computed)', () => {
    fc.assert(
      fc.property(indicator, ruleSet, conc, conc, (ind, rs, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const x = value(ind, lo, rs);
        const y = value(ind, hi, rs);
        if (x !== null && y !== null) expect(x).toBeLessThanOrEqual(y);
      }),
      { numRuns: 2000 },
    );
  });

  it('IAQI is an integer in 0…500', () => {
    fc.assert(
      fc.property(indicator, ruleSet, conc, (ind, rs, c) => {
        const v = value(ind, c, rs);
        if (v === null) return;
        expect(Number.isInteger(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(500);
      }),
      { numRuns: 2000 },
    );
  });

  it('is null only for 2012 SO2 1 h / O3 8 h above 800', () => {
    fc.assert(
      fc.property(indicator, ruleSet, conc, (ind, rs, c) => {
        const r = iaqi(ind, c, rs);
        const gap = rs === '2012' && (ind === 'SO2_1h' || ind === 'O3_8h') && r.concentration > 800;
        expect(r.iaqi === null).toBe(gap);
      }),
      { numRuns: 2000 },
    );
  });

  it('2026 PM IAQI is never below the 2012 one (tighter IAQI-100 breakpoints)', () => {
    fc.assert(
      fc.property(fc.constantFrom<Indicator>('PM10_24h', 'PM2.5_24h'), conc, (ind, c) => {
        expect(value(ind, c, '2026')).toBeGreaterThanOrEqual(value(ind, c, '2012') as number);
      }),
    );
  });

  it('agrees with eq. 1 evaluated in exact rationals, for any concentration inside the tables', () => {
    // The production code runs eq. 1 on scaled integers; this oracle runs it on bigint rationals.
    const oracle = (ind: Indicator, c: number, rs: RuleSetId): number => {
      const bps = BREAKPOINTS[rs][columnFor(ind)];
      const cr = rationalOf(roundConcentration(ind, c));
      let i = 1;
      while (i < bps.length - 1 && compare(cr, rationalOf(bps[i] as number)) > 0) i++;
      const lo = rationalOf(bps[i - 1] as number);
      const hi = rationalOf(bps[i] as number);
      const iLo = rational(BigInt(IAQI_LEVELS[i - 1] as number));
      const iHi = rational(BigInt(IAQI_LEVELS[i] as number));
      return Number(ceilRational(mul(div(sub(iHi, iLo), sub(hi, lo)), sub(cr, lo))) + iLo.num);
    };
    fc.assert(
      fc.property(indicator, ruleSet, fc.double({ min: 0, max: 800, noNaN: true }), (ind, rs, c) => {
        const top = BREAKPOINTS[rs][columnFor(ind)].at(-1) as number;
        if (roundHalfEven(c, 1) > top) return;
        expect(value(ind, c, rs)).toBe(oracle(ind, c, rs));
      }),
      { numRuns: 5000 },
    );
  });
});
