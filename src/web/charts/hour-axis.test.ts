import { describe, expect, it } from 'vitest';
import { hourAxisLabels, labelStep } from './hour-axis.ts';

const H = 3_600_000;
/** The hour 2026-12-01 00:00–01:00 Beijing time (labelled 1时 by its end). */
const T0 = Date.parse('2026-12-01T00:00:00+08:00');

const shown = (count: number, lang: 'zh' | 'en', max: number) => {
  const a = hourAxisLabels(T0, count, lang, max);
  return Array.from({ length: count }, (_, i) => i)
    .filter(a.interval)
    .map((i) => a.formatter('', i));
};

describe('hourly axis labels', () => {
  it('7 days on a desktop: every 12 hours, the date under each midnight and under the first label', () => {
    const labels = shown(168, 'zh', 14);
    expect(labels.slice(0, 4)).toEqual(['12时\n12/1', '0时\n12/2', '12时', '0时\n12/3']);
    expect(labels.filter((l) => /\d+\/\d+/.test(l))).toHaveLength(8);
  });

  it('7 days on a phone: only dates, every other day; in English too', () => {
    expect(shown(168, 'zh', 6)).toEqual(['12/3', '12/5', '12/7']);
    expect(shown(168, 'en', 6)).toEqual(['3 Dec', '5 Dec', '7 Dec']);
  });

  it('3 days in English: 24-hour clock times with the date at midnight', () => {
    expect(shown(72, 'en', 14).slice(0, 5)).toEqual([
      '06:00\n1 Dec',
      '12:00',
      '18:00',
      '00:00\n2 Dec',
      '06:00',
    ]);
  });

  it('chooses the smallest round step that fits', () => {
    expect(labelStep(24, 14)).toBe(2);
    expect(labelStep(72, 14)).toBe(6);
    expect(labelStep(720, 14)).toBe(72);
    expect(labelStep(720, 6)).toBe(120);
  });

  it('labels an hour by its end: the last hour of 1 Dec ends at 0时 of 2 Dec', () => {
    const a = hourAxisLabels(T0, 48, 'zh', 48);
    expect(a.formatter('', 23)).toBe('0时\n12/2');
    expect(T0 + 23 * H + H).toBe(Date.parse('2026-12-02T00:00:00+08:00'));
  });
});
