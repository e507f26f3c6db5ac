import { describe, expect, it } from 'vitest';
import {
  COMPOSITE_INDEX_2012,
  COMPOSITE_INDEX_2026_UNVERIFIED,
  compositeChangeRate,
  compositeIndex,
  compositeMethodFor,
} from './composite-index.ts';
import { periodStats } from './period-stats.ts';
import { rec } from './test-daily-record.ts';

describe('composite index (air-quality.md §4.1, §5.2 D)', () => {
  it('D1 "7月": 21/35 + 39/70 + 9/60 + 15/40 + 192/160 + 0.7/4 = 3.057 (published 3.06)', () => {
    const r = compositeIndex({ 'PM2.5': 21, PM10: 39, SO2: 9, NO2: 15, O3: 192, CO: 0.7 });
    // 0.6 + 0.5571 + 0.15 + 0.375 + 1.2 + 0.175
    expect(r.value).toBeCloseTo(3.0571, 4);
    expect(Math.abs((r.value as number) - 3.06)).toBeLessThanOrEqual(0.01);
    expect(r.parts.O3).toBeCloseTo(1.2, 12);
  });

  it('D2 Heyuan 2022-02 from published rounded inputs: 3/60 + 13/40 + 16/70 + 13/35 + 0.9/4 + 87/160 ≈ 1.744', () => {
    const heyuan = compositeIndex({ SO2: 3, NO2: 13, PM10: 16, 'PM2.5': 13, CO: 0.9, O3: 87 });
    expect(heyuan.value).toBeCloseTo(1.744, 3);
  });

  it('is null with a missing pollutant and lists it', () => {
    const r = compositeIndex({ SO2: 9, NO2: 15, PM10: 39, 'PM2.5': 21, CO: null, O3: 192 });
    expect(r.value).toBeNull();
    expect(r.missing).toEqual(['CO']);
  });

  it('2012 is the default; the 2026 variant is weighted and flagged unverified', () => {
    const c = { SO2: 6, NO2: 4, PM10: 6, 'PM2.5': 3, CO: 0.4, O3: 16 };
    // 2012: 0.1 + 0.1 + 6/70 + 3/35 + 0.1 + 0.1 = 0.4 + 12/70
    expect(compositeIndex(c).value).toBeCloseTo(0.4 + 12 / 70, 12);
    expect(compositeIndex(c).method).toBe(COMPOSITE_INDEX_2012.id);
    // 2026 [M]: 1·0.1 + 2·0.1 + 1·0.1 + 3·0.1 + 1·0.1 + 2·0.1 = 1.0
    expect(compositeIndex(c, COMPOSITE_INDEX_2026_UNVERIFIED).value).toBeCloseTo(1.0, 12);
    expect(COMPOSITE_INDEX_2026_UNVERIFIED.verified).toBe(false);
  });

  it('change rate (this − last)/last × 100 %', () => {
    expect(compositeChangeRate(4.5, 5)).toBeCloseTo(-10, 12);
    expect(compositeChangeRate(4.5, null)).toBeNull();
  });
});

describe('composite index divisors by data date (GB 3095-2026 §4.4 [P]; air-2026.md [I])', () => {
  // Same concentrations on every side: SO2 6, NO2 20, PM10 60, PM2.5 30, CO 0.8, O3 160.
  const c = { SO2: 6, NO2: 20, PM10: 60, 'PM2.5': 30, CO: 0.8, O3: 160 };

  it('2012 set (to 2026-02-28): S = 60/40/70/35/4/160', () => {
    const m = compositeMethodFor('2026-02-28');
    expect(m.id).toBe('gb3095-2012');
    expect(m.denominators).toEqual({ SO2: 60, NO2: 40, PM10: 70, 'PM2.5': 35, CO: 4, O3: 160 });
    expect(compositeIndex(c, m).value).toBeCloseTo(0.1 + 0.5 + 60 / 70 + 30 / 35 + 0.2 + 1, 12);
  });

  it('2026-03-01 … 2030-12-31: the transition limits, S(PM10, PM2.5) = 60/30', () => {
    for (const date of ['2026-03-01', '2030-12-31']) {
      const m = compositeMethodFor(date);
      expect(m.id, date).toBe('gb3095-2026-transition');
      expect(m.denominators).toEqual({ SO2: 60, NO2: 40, PM10: 60, 'PM2.5': 30, CO: 4, O3: 160 });
      expect(compositeIndex(c, m).value).toBeCloseTo(0.1 + 0.5 + 1 + 1 + 0.2 + 1, 12);
    }
  });

  it('from 2031-01-01: the final limits SO2 20, NO2 30, PM10 50, PM2.5 25', () => {
    const m = compositeMethodFor('2031-01-01');
    expect(m.id).toBe('gb3095-2026-final');
    expect(m.denominators).toEqual({ SO2: 20, NO2: 30, PM10: 50, 'PM2.5': 25, CO: 4, O3: 160 });
    expect(compositeIndex(c, m).value).toBeCloseTo(0.3 + 20 / 30 + 1.2 + 1.2 + 0.2 + 1, 12);
  });

  it("'gb3095-2012' keeps the 2012 divisors after 2026 (comparable across the change)", () => {
    const m = compositeMethodFor('2031-06-30', { divisors: 'gb3095-2012', weighted: false });
    expect(m.denominators).toEqual(COMPOSITE_INDEX_2012.denominators);
    expect(m.verified).toBe(true);
  });

  it('the weighted variant stays behind its flag and is marked unverified', () => {
    const plain = compositeMethodFor('2027-01-01');
    expect(plain.weights).toEqual({ SO2: 1, NO2: 1, PM10: 1, 'PM2.5': 1, CO: 1, O3: 1 });
    const w = compositeMethodFor('2027-01-01', { divisors: 'by-data-date', weighted: true });
    expect(w.verified).toBe(false);
    expect(w.id).toBe('gb3095-2026-transition-weighted-unverified');
    expect(w.weights).toEqual(COMPOSITE_INDEX_2026_UNVERIFIED.weights);
    // 1·0.1 + 2·0.5 + 1·1 + 3·1 + 1·0.2 + 2·1 = 7.3
    expect(compositeIndex(c, w).value).toBeCloseTo(7.3, 12);
  });

  it('period statistics use the divisors in force on the last day; each rule-set part its own', () => {
    const days = (from: string, n: number) =>
      Array.from({ length: n }, (_, i) => {
        const d = new Date(`${from}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() + i);
        return rec(d.toISOString().slice(0, 10), { pm25: 30, PM10: 60 });
      });
    const y2025 = periodStats(days('2025-01-01', 365));
    expect(y2025.compositeMethod.id).toBe('gb3095-2012');
    const dec2030 = periodStats(days('2030-12-01', 31));
    expect(dec2030.compositeMethod.id).toBe('gb3095-2026-transition');
    const jan2031 = periodStats(days('2031-01-01', 31));
    expect(jan2031.compositeMethod.id).toBe('gb3095-2026-final');
    expect(jan2031.composite.value as number).toBeGreaterThan(dec2030.composite.value as number);
    const fixed = periodStats(days('2031-01-01', 31), {
      composite: { divisors: 'gb3095-2012', weighted: false },
    });
    expect(fixed.compositeMethod.id).toBe('gb3095-2012');
    const w = periodStats(days('2031-01-01', 31), {
      composite: { divisors: 'by-data-date', weighted: true },
    });
    expect(w.notes.some((n) => n.includes('UNVERIFIED'))).toBe(true);
  });
});
