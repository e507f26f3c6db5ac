import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateOf,
  dayCount,
  daysInRange,
  isWholeMonth,
  isWholeYear,
  monthRange,
  periodRange,
  quarterRange,
  startOfDay,
  yearRange,
} from './calendar.ts';

describe('calendar (Asia/Shanghai, UTC+8)', () => {
  it('startOfDay is 16:00 UTC of the previous day', () => {
    expect(startOfDay('2025-06-01')).toBe(Date.parse('2025-05-31T16:00:00Z'));
  });

  it('dateOf uses Shanghai dates around midnight', () => {
    expect(dateOf(Date.parse('2025-05-31T15:59:59.999Z'))).toBe('2025-05-31');
    expect(dateOf(Date.parse('2025-05-31T16:00:00Z'))).toBe('2025-06-01');
    expect(dateOf(Date.parse('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
  });

  it('adds days across month, year and leap boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts and lists inclusive ranges', () => {
    expect(dayCount('2025-01-01', '2025-12-31')).toBe(365);
    expect(dayCount('2024-01-01', '2024-12-31')).toBe(366);
    expect(daysInRange('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(dayCount('2025-01-02', '2025-01-01')).toBe(0);
  });

  it('month, quarter and year ranges', () => {
    expect(monthRange(2024, 2)).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthRange(2025, 2)).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(quarterRange(2025, 4)).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(yearRange(2025)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(isWholeMonth({ from: '2025-02-01', to: '2025-02-28' })).toBe(true);
    expect(isWholeMonth({ from: '2025-02-01', to: '2025-02-27' })).toBe(false);
    expect(isWholeYear({ from: '2025-01-01', to: '2025-12-31' })).toBe(true);
  });

  it('rejects impossible dates', () => {
    expect(() => startOfDay('2025-02-30')).toThrow(RangeError);
  });
});

describe('periodRange', () => {
  it('reads years, months, quarters, year and month to date', () => {
    expect(periodRange('2024', '2026-11-29')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(periodRange('2024-02', '2026-11-29')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodRange('2025-02', '2026-11-29')).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(periodRange('2025Q4', '2026-11-29')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(periodRange('ytd', '2026-11-29')).toEqual({ from: '2026-01-01', to: '2026-11-29' });
    expect(periodRange('mtd', '2026-11-29')).toEqual({ from: '2026-11-01', to: '2026-11-29' });
  });

  it('refuses what is not a period', () => {
    for (const bad of ['2025-13', '2025Q5', 'last year', '25'])
      expect(periodRange(bad, '2026-11-29')).toBeUndefined();
  });
});
