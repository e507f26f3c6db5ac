import { describe, expect, it } from 'vitest';
import { daysInRange } from '../time/calendar.ts';
import type { DailyRecord } from './daily-series.ts';
import { AIR_TARGETS, targetProgress } from './targets.ts';
import { rec } from './test-daily-record.ts';

/** SO2 6, NO2 20, PM10 70, CO 0.8, O3 160 → composite = 2.8 + PM2.5/35. */
const day = (date: string, pm25: number, aqi: number): DailyRecord => rec(date, { pm25, aqi });

/** 2025-01-01 … asOf; PM2.5 constant; the first `good` days AQI 80, then `heavy` days 250, rest 130. */
function ytd(asOf: string, pm25: number, good: number, heavy: number): DailyRecord[] {
  return daysInRange('2025-01-01', asOf).map((d, i) =>
    day(d, pm25, i < good ? 80 : i < good + heavy ? 250 : 130),
  );
}

describe('targets as data', () => {
  it('R-T1…R-T4', () => {
    expect(AIR_TARGETS.pm25).toMatchObject({ id: 'R-T1', comparator: '<', value: 45 });
    expect(AIR_TARGETS.goodRatio).toMatchObject({ id: 'R-T2', comparator: '>=', value: 67.5 });
    expect(AIR_TARGETS.heavyRatio).toMatchObject({ id: 'R-T3', comparator: '<', value: 1.5 });
    expect(AIR_TARGETS.composite.value).toBeNull();
  });
});

describe('targetProgress at 2025-06-30 (181 days in, 184 left)', () => {
  const p = targetProgress({ year: 2025, records: ytd('2025-06-30', 50, 120, 3), compositeThreshold: 5 });

  it('R-T1: the rest of the year must average below (45·365 − 50·181)/184 = 40.08', () => {
    expect(p.remainingDays).toBe(184);
    expect(p.pm25.meanSoFar).toBe(50);
    expect(p.pm25.maxRemainingMean).toBeCloseTo(7375 / 184, 10);
    expect(p.pm25.impossible).toBe(false);
    expect(p.pm25.status).toBe('at-risk');
  });

  it('R-T2: ⌈0.675·365⌉ = 247 good days needed, 127 of the remaining 184', () => {
    expect(p.goodRatio.expectedTotalValidDays).toBe(365);
    expect(p.goodRatio.remainingNeededOrAllowed).toBe(127);
    expect(p.goodRatio.ratioSoFar).toBeCloseTo((120 / 181) * 100, 10);
    expect(p.goodRatio.status).toBe('at-risk');
  });

  it('R-T3: at most 5 heavy days in 365 (5/365 = 1.37 %, 6/365 = 1.64 %); 2 left', () => {
    expect(p.heavyRatio.remainingNeededOrAllowed).toBe(2);
    // pace: 3 + 3/181·184 = 6.05 heavy days → over budget
    expect(p.heavyRatio.projectedRatio).toBeCloseTo(((3 + (3 / 181) * 184) / 365) * 100, 10);
    expect(p.heavyRatio.status).toBe('at-risk');
  });

  it('R-T4: composite 2.8 + 50/35 = 4.23 vs the supplied threshold', () => {
    expect(p.composite.value).toBeCloseTo(2.8 + 50 / 35, 10);
    expect(p.composite.status).toBe('on-track');
    const q = targetProgress({ year: 2025, records: ytd('2025-06-30', 50, 120, 3), compositeThreshold: 4 });
    expect(q.composite.status).toBe('at-risk');
    expect(targetProgress({ year: 2025, records: ytd('2025-06-30', 50, 120, 3) }).composite.status).toBe(
      'unknown',
    );
  });
});

describe('targetProgress edge cases', () => {
  it('R-T1 already impossible: 334 days at 50 leave (16425 − 16700)/31 < 0', () => {
    const p = targetProgress({ year: 2025, records: ytd('2025-11-30', 50, 300, 0) });
    expect(p.remainingDays).toBe(31);
    expect(p.pm25.maxRemainingMean).toBeCloseTo((45 * 365 - 50 * 334) / 31, 10);
    expect(p.pm25.status).toBe('missed');
  });

  it('R-T2 secured with 247 good days; R-T3 missed with 6 heavy days', () => {
    const p = targetProgress({ year: 2025, records: ytd('2025-10-31', 30, 247, 6) });
    expect(p.goodRatio.secured).toBe(true);
    expect(p.goodRatio.status).toBe('on-track');
    expect(p.heavyRatio.status).toBe('missed');
    expect(p.pm25.status).toBe('on-track');
  });

  it('R-T2 missed when the remaining days cannot make up the shortfall', () => {
    // 2025-12-01 … 31 left (30 days); 200 good of 335: 247 − 200 = 47 > 30.
    const p = targetProgress({ year: 2025, records: ytd('2025-12-01', 30, 200, 0) });
    expect(p.goodRatio.remainingNeededOrAllowed).toBe(47);
    expect(p.goodRatio.status).toBe('missed');
  });

  it('year complete: PM2.5 44.96 reports as 45.0 and does not meet "< 45"', () => {
    const p = targetProgress({ year: 2025, records: ytd('2025-12-31', 44.96, 300, 0) });
    expect(p.remainingDays).toBe(0);
    expect(p.pm25.maxRemainingMean).toBeNull();
    expect(p.pm25.status).toBe('missed');
    expect(targetProgress({ year: 2025, records: ytd('2025-12-31', 44.94, 300, 0) }).pm25.status).toBe(
      'on-track',
    );
  });
});
