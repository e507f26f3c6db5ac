import { describe, expect, it } from 'vitest';
import { hourEndDate, sliderMarks } from './hour-marks.ts';

const HOUR = 3_600_000;
// 2026-11-28 19:00 Beijing (11:00 UTC) starts the hour labelled 11月28日 20时.
const START_20 = Date.UTC(2026, 10, 28, 11);

describe('slider marks', () => {
  it('label the date of the end of the hour (23:00–24:00 is 0时 of the next day)', () => {
    expect(hourEndDate(START_20, 'zh')).toBe('11月28日');
    expect(hourEndDate(START_20 + 3 * HOUR, 'zh')).toBe('11月28日'); // 22:00–23:00 → 23时
    expect(hourEndDate(START_20 + 4 * HOUR, 'zh')).toBe('11月29日'); // 23:00–24:00 → 0时
    expect(hourEndDate(START_20, 'en')).toBe('28 Nov');
  });

  it('24 hours ending at 11月29日 20时: the first hour, the new day, and the last hour', () => {
    const hours = Array.from({ length: 24 }, (_, i) => START_20 + (i + 1) * HOUR);
    const marks = sliderMarks(hours, 'zh');
    expect(marks.map((m) => m.label)).toEqual(['11月28日 21时', '11月29日', '11月29日 20时']);
    const day = marks[1];
    // The 4th hour (23:00–24:00, index 3) is the first of 29 November.
    expect(day).toMatchObject({ index: 3, day: true });
    expect(day?.at).toBeCloseTo(3 / 23);
    expect(marks[2]).toMatchObject({ index: 23, at: 1 });
  });

  it('a day that begins on the last hour is named by the last hour’s own label', () => {
    const hours = Array.from({ length: 24 }, (_, i) => START_20 + (i - 19) * HOUR);
    expect(sliderMarks(hours, 'zh').map((m) => m.label)).toEqual(['11月28日 1时', '11月29日 0时']);
  });

  it('no hours, no marks', () => {
    expect(sliderMarks([], 'zh')).toEqual([]);
  });
});
