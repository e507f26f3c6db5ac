/**
 * AQI categories: HJ 633-2012 Table 2 / HJ 633-2026 Table 1. Names and colours are the same in
 * both; only the lower end of level 1 differs (2012 "0～50", 2026 "1～50", see §4.1.1).
 */
import type { AqiCategory } from './types.ts';

export interface AqiCategoryInfo extends AqiCategory {
  /** 一级 … 六级 */
  levelZh: string;
  /** Colour name as the table prints it (绿, 黄, 橙, 红, 紫, 褐红). */
  colorZh: string;
  rgb: readonly [number, number, number];
  cmyk: readonly [number, number, number, number];
  /** Inclusive AQI bounds; level 6 is open-ended (">300"), recorded as Infinity. */
  minAqi: number;
  maxAqi: number;
}

// HJ 633-2012 Table 2 / HJ 633-2026 Table 1.
export const AQI_CATEGORIES: readonly AqiCategoryInfo[] = [
  {
    level: 1,
    levelZh: '一级',
    nameZh: '优',
    nameEn: 'Excellent',
    color: '#00E400',
    colorZh: '绿',
    rgb: [0, 228, 0],
    cmyk: [40, 0, 100, 0],
    minAqi: 0,
    maxAqi: 50,
  },
  {
    level: 2,
    levelZh: '二级',
    nameZh: '良',
    nameEn: 'Good',
    color: '#FFFF00',
    colorZh: '黄',
    rgb: [255, 255, 0],
    cmyk: [0, 0, 100, 0],
    minAqi: 51,
    maxAqi: 100,
  },
  {
    level: 3,
    levelZh: '三级',
    nameZh: '轻度污染',
    nameEn: 'Lightly polluted',
    color: '#FF7E00',
    colorZh: '橙',
    rgb: [255, 126, 0],
    cmyk: [0, 52, 100, 0],
    minAqi: 101,
    maxAqi: 150,
  },
  {
    level: 4,
    levelZh: '四级',
    nameZh: '中度污染',
    nameEn: 'Moderately polluted',
    color: '#FF0000',
    colorZh: '红',
    rgb: [255, 0, 0],
    cmyk: [0, 100, 100, 0],
    minAqi: 151,
    maxAqi: 200,
  },
  {
    level: 5,
    levelZh: '五级',
    nameZh: '重度污染',
    nameEn: 'Heavily polluted',
    color: '#99004C',
    colorZh: '紫',
    rgb: [153, 0, 76],
    cmyk: [10, 100, 40, 30],
    minAqi: 201,
    maxAqi: 300,
  },
  {
    level: 6,
    levelZh: '六级',
    nameZh: '严重污染',
    nameEn: 'Severely polluted',
    color: '#7E0023',
    colorZh: '褐红',
    rgb: [126, 0, 35],
    cmyk: [30, 100, 100, 30],
    minAqi: 301,
    maxAqi: Number.POSITIVE_INFINITY,
  },
];

/**
 * Category of an AQI. AQIs are integers (ceiling rule), but a non-integer is placed by "> upper
 * bound of the previous level" so that e.g. 50.5 is 良, never a gap. The 2026 lower bound of 1
 * is enforced where the AQI is computed (aqi.ts), not here, so 0 still maps to 优 for 2012 data.
 */
export function categoryOf(aqi: number): AqiCategoryInfo {
  if (!Number.isFinite(aqi) || aqi < 0) throw new RangeError(`AQI must be a finite number ≥ 0, got ${aqi}`);
  const found = AQI_CATEGORIES.find((c, i) => i === AQI_CATEGORIES.length - 1 || aqi <= c.maxAqi);
  // find() always hits the last entry; the fallback only satisfies noUncheckedIndexedAccess.
  return found ?? (AQI_CATEGORIES[AQI_CATEGORIES.length - 1] as AqiCategoryInfo);
}
