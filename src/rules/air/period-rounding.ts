/**
 * The rounding table of every displayed period figure, one helper per quantity, so the overview, 报表, the
 * station page, the export and the CLI print the same digits for the same figure.
 *
 * Concentrations: as national and Beijing bulletins publish period statistics (air-quality.md §3.5 [S]), PM2.5
 * and CO to 1 decimal, SO2, NO2, PM10 and O3 as integers; HJ 663-2026 "细化数据修约要求" gives statistics one
 * decimal more than the daily data [S, weak], which the PM2.5 decimal follows. Composite index 2 decimals,
 * ratios 0.1 % and changes of ratios 0.1 个百分点 (air-quality.md §4.1, §4.2). GB/T 8170 round-half-even.
 */
import { roundOrNull } from './exact.ts';
import type { Pollutant } from './types.ts';

export const DISPLAY_DECIMALS = {
  concentration: { SO2: 0, NO2: 0, PM10: 0, 'PM2.5': 1, CO: 1, O3: 0 } as Readonly<Record<Pollutant, number>>,
  composite: 2,
  ratio: 1,
  /** Change of a ratio, in 个百分点. */
  ratioChangePp: 1,
  /** Change rate (e.g. of the composite index), in %. */
  changeRate: 1,
} as const;

export function roundConcentration(p: Pollutant, v: number | null): number | null {
  return roundOrNull(v, DISPLAY_DECIMALS.concentration[p]);
}

export function roundComposite(v: number | null): number | null {
  return roundOrNull(v, DISPLAY_DECIMALS.composite);
}

/** A ratio in %, to 0.1 %. */
export function roundRatio(v: number | null): number | null {
  return roundOrNull(v, DISPLAY_DECIMALS.ratio);
}

/** A difference of two ratios, in 个百分点 (percentage points), to 0.1. */
export function roundRatioChangePp(v: number | null): number | null {
  return roundOrNull(v, DISPLAY_DECIMALS.ratioChangePp);
}

export function roundChangeRate(v: number | null): number | null {
  return roundOrNull(v, DISPLAY_DECIMALS.changeRate);
}

/**
 * The difference of two displayed figures, itself rounded to their decimals: what a reader gets by subtracting
 * the two printed numbers (so the printed change always matches the printed values).
 */
export function displayedChange(current: number | null, previous: number | null, decimals: number) {
  return current === null || previous === null ? null : roundOrNull(current - previous, decimals);
}
