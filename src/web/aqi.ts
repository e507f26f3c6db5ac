import { AQI_CATEGORIES } from '#rules/air/categories.ts';
import { iaqi } from '#rules/air/iaqi.ts';
import type { Indicator } from '#rules/air/types.ts';
import type { Lang } from './i18n-messages.ts';

/** HJ 633 colours and names by level (1 优 … 6 严重污染), from the rules themselves. */
export const LEVELS = AQI_CATEGORIES.map((c) => ({
  level: c.level,
  color: c.color,
  zh: c.nameZh,
  en: c.nameEn,
  min: c.minAqi,
  max: c.maxAqi,
}));

export const NO_DATA_COLOR = '#b8bec6';

export function levelColor(level: number | null | undefined): string {
  return LEVELS.find((l) => l.level === level)?.color ?? NO_DATA_COLOR;
}

export function levelName(level: number | null | undefined, lang: Lang): string {
  const l = LEVELS.find((x) => x.level === level);
  return l ? l[lang] : lang === 'zh' ? '缺测' : 'n/a';
}

export function levelOfAqi(aqi: number | null): number | null {
  if (aqi === null) return null;
  return LEVELS.find((l) => aqi <= l.max)?.level ?? 6;
}

/** Dark text on the light colours (green, yellow, orange), white on the dark ones. */
export function textOn(level: number | null | undefined): string {
  return level !== null && level !== undefined && level <= 3 ? '#1d2430' : '#ffffff';
}

const HOURLY_INDICATOR: Record<string, Indicator> = {
  SO2: 'SO2_1h',
  NO2: 'NO2_1h',
  CO: 'CO_1h',
  O3: 'O3_1h',
  PM10: 'PM10_24h',
  'PM2.5': 'PM2.5_24h',
};

/**
 * The AQI level one hourly concentration alone would give (its IAQI, HJ 633-2026 real-time breakpoints; PM
 * read on the daily breakpoints as the 2026 real-time report does): colours the map by a chosen pollutant.
 */
export function pollutantLevel(pollutant: string, value: number | null): number | null {
  const indicator = HOURLY_INDICATOR[pollutant];
  if (value === null || !indicator) return null;
  const r = iaqi(indicator, value, '2026');
  return levelOfAqi(r.iaqi ?? 500);
}
