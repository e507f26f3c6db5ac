import { describe, expect, it } from 'vitest';
import { fmtAge, hourEndClock, hourEndLabel, isRealtime, minutesSinceHourEnd } from './hour-label.ts';

const HOUR = 3_600_000;
/** Start of the hour 19:00–20:00 Beijing time on 28 Nov 2026 (storage's key for that hour). */
const H19 = Date.UTC(2026, 10, 28, 19 - 8);
const at = (hh: number, mm: number) => Date.UTC(2026, 10, 28, hh - 8, mm);

describe('hourly values are labelled by the end of their hour (CNEMC practice)', () => {
  it('the mean of 19:00–20:00 is 20时 / 20:00', () => {
    expect(hourEndClock(H19, 'zh')).toBe('20时');
    expect(hourEndClock(H19, 'en')).toBe('20:00');
    expect(hourEndLabel(H19, 'zh')).toBe('11月28日 20时');
    expect(hourEndLabel(H19, 'en')).toBe('28 Nov 20:00');
  });

  it('the first hour of a day is 1时; the last one ends at 0时 of the next day (and month)', () => {
    expect(hourEndLabel(Date.UTC(2026, 10, 28, -8), 'zh')).toBe('11月28日 1时');
    expect(hourEndLabel(Date.UTC(2026, 10, 30, 23 - 8), 'zh')).toBe('12月1日 0时');
    expect(hourEndLabel(Date.UTC(2026, 11, 31, 23 - 8), 'en')).toBe('1 Jan 00:00');
  });

  it('no hour → a dash', () => {
    expect(hourEndLabel(null, 'zh')).toBe('—');
  });
});

describe('实时 only while the hour is the current real-time report (published ≤ 1 h after its end)', () => {
  it.each([
    [at(19, 59), false, 0], // the hour has not ended: not yet a value at all
    [at(20, 0), true, 0],
    [at(20, 45), true, 45], // the case: 20时, 45 minutes old, still the current report
    [at(20, 59), true, 59],
    [at(21, 0), false, 60], // 21时 is due: 20时 is now only the latest value
    [at(21, 50), false, 110],
  ])('at %d: realtime %s, %d minutes since the end', (now, realtime, minutes) => {
    expect(isRealtime(H19, now)).toBe(realtime);
    expect(minutesSinceHourEnd(H19, now)).toBe(minutes);
  });

  it('ages read naturally in both languages', () => {
    expect(fmtAge(45, 'zh')).toBe('45 分钟前');
    expect(fmtAge(120, 'zh')).toBe('2 小时前');
    expect(fmtAge(125, 'zh')).toBe('2 小时 5 分钟前');
    expect(fmtAge(45, 'en')).toBe('45 min ago');
    expect(fmtAge(110, 'en')).toBe('1 h 50 min ago');
    expect(minutesSinceHourEnd(H19 + 5 * HOUR, at(21, 0))).toBe(0);
  });
});
