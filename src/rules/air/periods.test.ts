import { describe, expect, it } from 'vitest';
import {
  COMPARISON_MIN_SHARE,
  comparisonMinValidDays,
  completePeriod,
  kindOf,
  lastCompleteDay,
  lastMonth,
  monthToDate,
  previousPeriod,
  samePeriodLastYear,
  todaySoFar,
  whyIncomparable,
  yearToDate,
} from './periods.ts';

/** 2026-12-05 20:45 in Shanghai (12:45 UTC). */
const EVENING = Date.UTC(2026, 11, 5, 12, 45);

describe('periods: complete days only', () => {
  it('year and month to date end on the last complete day, not on the unfinished day', () => {
    expect(lastCompleteDay(EVENING)).toBe('2026-12-04');
    expect(yearToDate(EVENING)).toEqual({ from: '2026-01-01', to: '2026-12-04' });
    expect(monthToDate(EVENING)).toEqual({ from: '2026-12-01', to: '2026-12-04' });
    expect(lastMonth(EVENING)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });

  it('the day turns at midnight Shanghai time, not UTC', () => {
    // 2026-12-05 00:30 Shanghai = 2026-12-04 16:30 UTC.
    expect(lastCompleteDay(Date.UTC(2026, 11, 4, 16, 30))).toBe('2026-12-04');
    expect(lastCompleteDay(Date.UTC(2026, 11, 4, 15, 30))).toBe('2026-12-03');
  });

  it('on 1 January "this year" is the whole previous year, not an empty period', () => {
    const newYear = Date.UTC(2026, 11, 31, 18); // 2027-01-01 02:00 Shanghai
    expect(yearToDate(newYear)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(monthToDate(newYear)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('today so far is labelled by the end of the last complete hour (今日截至 20时 at 20:45)', () => {
    expect(todaySoFar(EVENING)).toEqual({ date: '2026-12-05', untilHour: 20 });
  });

  it('a requested month is cut to its complete days and says so', () => {
    const p = completePeriod({ from: '2026-12-01', to: '2026-12-31' }, EVENING);
    expect(p).toMatchObject({
      kind: 'month',
      range: { from: '2026-12-01', to: '2026-12-04' },
      calendarDays: 31,
      completeDays: 4,
      partial: true,
    });
    expect(completePeriod({ from: '2026-11-01', to: '2026-11-30' }, EVENING)?.partial).toBe(false);
    expect(completePeriod({ from: '2026-12-05', to: '2026-12-31' }, EVENING)).toBeUndefined();
  });
});

describe('periods: the period before and the same period last year', () => {
  it('kinds', () => {
    expect(kindOf({ from: '2026-01-01', to: '2026-12-31' })).toBe('year');
    expect(kindOf({ from: '2026-10-01', to: '2026-12-31' })).toBe('quarter');
    expect(kindOf({ from: '2026-02-01', to: '2026-02-28' })).toBe('month');
    expect(kindOf({ from: '2026-02-01', to: '2026-02-27' })).toBe('custom');
  });

  it('环比 of a month, quarter, year and custom span', () => {
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-31' })).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(previousPeriod({ from: '2026-01-01', to: '2026-03-31' })).toEqual({
      from: '2025-10-01',
      to: '2025-12-31',
    });
    expect(previousPeriod({ from: '2026-01-01', to: '2026-12-31' })).toEqual({
      from: '2025-01-01',
      to: '2025-12-31',
    });
    expect(previousPeriod({ from: '2026-12-01', to: '2026-12-04' })).toEqual({
      from: '2026-11-27',
      to: '2026-11-30',
    });
  });

  it('同期 a year earlier; 29 February becomes 28 February', () => {
    expect(samePeriodLastYear({ from: '2026-01-01', to: '2026-12-04' })).toEqual({
      from: '2025-01-01',
      to: '2025-12-04',
    });
    expect(samePeriodLastYear({ from: '2028-02-01', to: '2028-02-29' })).toEqual({
      from: '2027-02-01',
      to: '2027-02-28',
    });
  });
});

describe('periods: when two periods may be compared (GB 3095 表4 share)', () => {
  it('324 of 365 for a year, 27 (February 25) for a month, the same share pro rata otherwise', () => {
    expect(COMPARISON_MIN_SHARE).toBeCloseTo(324 / 365);
    expect(comparisonMinValidDays({ from: '2025-01-01', to: '2025-12-31' })).toBe(324);
    expect(comparisonMinValidDays({ from: '2025-11-01', to: '2025-11-30' })).toBe(27);
    expect(comparisonMinValidDays({ from: '2025-02-01', to: '2025-02-28' })).toBe(25);
    // 338 days × 324/365 = 300.03 → 301.
    expect(comparisonMinValidDays({ from: '2025-01-01', to: '2025-12-04' })).toBe(301);
    expect(comparisonMinValidDays({ from: '2025-12-01', to: '2025-12-04' })).toBe(4);
  });

  it('last year with one valid day of 338 is not compared, and says why', () => {
    const current = { range: { from: '2026-01-01', to: '2026-12-04' }, validDays: 338 };
    const previous = { range: { from: '2025-01-01', to: '2025-12-04' }, validDays: 1 };
    expect(whyIncomparable(current, previous)).toEqual({
      side: 'previous',
      validDays: 1,
      days: 338,
      needed: 301,
    });
    expect(whyIncomparable(current, { ...previous, validDays: 301 })).toBeNull();
    expect(whyIncomparable({ ...current, validDays: 300 }, { ...previous, validDays: 330 })).toMatchObject({
      side: 'current',
    });
  });
});
