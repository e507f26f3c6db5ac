import { describe, expect, it } from 'vitest';
import {
  COMPOSITE_INDEX_2012,
  COMPOSITE_INDEX_2026_UNVERIFIED,
  compositeChangeRate,
  compositeIndex,
} from './composite-index.ts';

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
