import { describe, expect, it } from 'vitest';
import { daysInRange } from '../time/calendar.ts';
import {
  checkYearValidity,
  isDailyMeanValid,
  isMda8Valid,
  isMonthValid,
  isO3WindowValid,
  monthCoverage,
} from './validity.ts';

describe('validity (GB 3095 表4, HJ 663 §6.1.2)', () => {
  it('daily mean needs 20 hours', () => {
    expect(isDailyMeanValid(19)).toBe(false);
    expect(isDailyMeanValid(20)).toBe(true);
  });

  it('an 8-hour O3 window needs 6 hours', () => {
    expect(isO3WindowValid(5)).toBe(false);
    expect(isO3WindowValid(6)).toBe(true);
  });

  it('MDA8 needs 14 windows unless it exceeds the limit', () => {
    expect(isMda8Valid(14, 100, 160)).toBe(true);
    expect(isMda8Valid(13, 100, 160)).toBe(false);
    expect(isMda8Valid(13, 161, 160)).toBe(true);
    expect(isMda8Valid(13, 160, 160)).toBe(false); // equal to the limit is not over it
    expect(isMda8Valid(0, null, 160)).toBe(false);
  });

  it('month: 27 days, February 25', () => {
    expect(isMonthValid(2, 24)).toBe(false);
    expect(isMonthValid(2, 25)).toBe(true);
    expect(isMonthValid(3, 26)).toBe(false);
    expect(isMonthValid(3, 27)).toBe(true);
  });

  it('month coverage marks partial months', () => {
    const cov = monthCoverage(daysInRange('2025-02-01', '2025-02-25'), '2025-02-10', '2025-03-31');
    expect(cov).toEqual([
      { month: '2025-02', validDays: 16, required: 25, daysInPeriod: 19, complete: false, enough: false },
      { month: '2025-03', validDays: 0, required: 27, daysInPeriod: 31, complete: true, enough: false },
    ]);
  });

  it('year: 324 days and every month', () => {
    // 2025 with the last 41 days missing: 324 days, but November has 10 and December 0.
    const dates = daysInRange('2025-01-01', '2025-11-20');
    const v = checkYearValidity(dates, 2025);
    expect(v.validDays).toBe(324);
    expect(v.enoughDays).toBe(true);
    expect(v.monthsShort).toEqual(['2025-11', '2025-12']);
    expect(v.valid).toBe(false);
    // Drop 3 days from each month instead (365 − 36 = 329, Feb 25, others ≥ 27).
    const spread = daysInRange('2025-01-01', '2025-12-31').filter((d) => Number(d.slice(8)) > 3);
    const w = checkYearValidity(spread, 2025);
    expect(w.validDays).toBe(329);
    expect(w.valid).toBe(true);
  });
});
