import { BREAKPOINTS, columnFor, IAQI_LEVELS, TOP_GAP_RULES } from '#rules/air/breakpoints.ts';
import type { Indicator } from '#rules/air/types.ts';
import { LEVELS, levelOfAqi } from './aqi.ts';

export type ColorBy = 'AQI' | 'SO2' | 'NO2' | 'PM10' | 'PM2.5' | 'CO' | 'O3';

/**
 * The indicator whose breakpoints colour the map for a pollutant: the real-time (1 h) columns, PM on the daily
 * ones as the HJ 633-2026 real-time report reads them (eq. 1 notes; aqi.ts `pollutantLevel` does the same).
 */
export const LEGEND_INDICATOR: Readonly<Record<Exclude<ColorBy, 'AQI'>, Indicator>> = {
  SO2: 'SO2_1h',
  NO2: 'NO2_1h',
  CO: 'CO_1h',
  O3: 'O3_1h',
  PM10: 'PM10_1h',
  'PM2.5': 'PM2.5_1h',
};

/** One colour of the legend: its AQI level and the range it covers (`max` null: open-ended, "> min"). */
export interface LegendBand {
  level: number;
  color: string;
  /** Lower bound, exclusive for every band but the first (the concentration at the band below's top). */
  min: number;
  max: number | null;
}

/** The AQI bands (HJ 633 Table 1): 0–50, 51–100 … > 300. */
export function aqiBands(): LegendBand[] {
  return LEVELS.map((l) => ({
    level: l.level,
    color: l.color,
    // Category bounds are inclusive (301 and above): the open band reads "> 300".
    min: Number.isFinite(l.max) ? l.min : l.min - 1,
    max: Number.isFinite(l.max) ? l.max : null,
  }));
}

/**
 * The concentration bands of a pollutant's IAQI breakpoints (HJ 633-2026 Table 3): level i covers the
 * concentrations whose IAQI falls in level i's AQI range. A column that stops early (SO2 1 h at 800) ends in
 * an open band at the level its top-gap footnote gives (IAQI 200 above 800 µg/m³, footnote b), and the levels
 * above are not reachable, so not shown.
 */
export function pollutantBands(by: Exclude<ColorBy, 'AQI'>): LegendBand[] {
  const column = columnFor(LEGEND_INDICATOR[by]);
  const bps = BREAKPOINTS['2026'][column];
  const gap = TOP_GAP_RULES['2026'][column];
  const bands: LegendBand[] = [];
  // Level i (1…6) spans IAQI (IAQI_LEVELS[i-1], IAQI_LEVELS[i]], except level 6 which is 300 and above.
  for (let i = 1; i <= 6; i++) {
    const lo = bps[i - 1];
    if (lo === undefined) break;
    const hi = i < 6 ? bps[i] : undefined;
    const level = levelOfAqi(IAQI_LEVELS[i] ?? 500) ?? 6;
    const color = LEVELS.find((l) => l.level === level)?.color ?? '';
    if (hi === undefined) {
      // Past the column's end: the footnote's level takes every concentration above, or level 6 its own top.
      const topLevel = gap?.iaqi != null ? (levelOfAqi(gap.iaqi) ?? level) : level;
      const last = bands[bands.length - 1];
      if (i < 6 && last && last.level === topLevel) last.max = null;
      else
        bands.push({
          level: topLevel,
          color: LEVELS.find((l) => l.level === topLevel)?.color ?? color,
          min: lo,
          max: null,
        });
      break;
    }
    bands.push({ level, color, min: lo, max: hi });
  }
  return bands;
}

export function legendBands(by: ColorBy): LegendBand[] {
  return by === 'AQI' ? aqiBands() : pollutantBands(by);
}

/** "0–35", "36–60" … "> 250"; CO to one decimal ("5.1–10"), as the inputs are rounded (HJ 633-2026 §4.2.2). */
export function bandRange(band: LegendBand, first: boolean, by: ColorBy): string {
  const step = by === 'CO' ? 0.1 : 1;
  const fmt = (v: number) => (by === 'CO' ? String(Math.round(v * 10) / 10) : String(v));
  if (band.max === null) return `> ${fmt(band.min)}`;
  const lo = first || by === 'AQI' ? band.min : band.min + step;
  return `${fmt(lo)}–${fmt(band.max)}`;
}
