import { describe, expect, it } from 'vitest';
import { AQI_CATEGORIES, categoryOf } from './categories.ts';

describe('categoryOf (HJ 633-2012 Table 2 / HJ 633-2026 Table 1)', () => {
  it.each([
    [0, 1, '优', '#00E400'],
    [1, 1, '优', '#00E400'],
    [50, 1, '优', '#00E400'],
    [51, 2, '良', '#FFFF00'],
    [100, 2, '良', '#FFFF00'],
    [101, 3, '轻度污染', '#FF7E00'],
    [150, 3, '轻度污染', '#FF7E00'],
    [151, 4, '中度污染', '#FF0000'],
    [200, 4, '中度污染', '#FF0000'],
    [201, 5, '重度污染', '#99004C'],
    [300, 5, '重度污染', '#99004C'],
    [301, 6, '严重污染', '#7E0023'],
    [500, 6, '严重污染', '#7E0023'],
  ])('AQI %d → level %d %s %s', (aqi, level, nameZh, color) => {
    const c = categoryOf(aqi);
    expect(c.level).toBe(level);
    expect(c.nameZh).toBe(nameZh);
    expect(c.color).toBe(color);
  });

  it('leaves no gap between integer bounds', () => {
    expect(categoryOf(50.5).level).toBe(2);
    expect(categoryOf(300.1).level).toBe(6);
  });

  it('rejects negative and non-finite AQI', () => {
    expect(() => categoryOf(-1)).toThrow(RangeError);
    expect(() => categoryOf(Number.NaN)).toThrow(RangeError);
  });

  it('carries the RGB values of the table, consistent with the hex colour', () => {
    expect(AQI_CATEGORIES.map((c) => c.rgb)).toEqual([
      [0, 228, 0],
      [255, 255, 0],
      [255, 126, 0],
      [255, 0, 0],
      [153, 0, 76],
      [126, 0, 35],
    ]);
    for (const c of AQI_CATEGORIES) {
      const hex = `#${c.rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
      expect(hex).toBe(c.color);
    }
  });
});
