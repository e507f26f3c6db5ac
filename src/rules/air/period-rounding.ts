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

/** Decimals of each reported quantity: the one rounding table (a deployment may override it, src/config). */
export interface RoundingTable {
  /** µg/m³, CO mg/m³. */
  concentration: Readonly<Record<Pollutant, number>>;
  composite: number;
  /** A ratio in %. */
  ratio: number;
  /** Change of a ratio, in 个百分点. */
  ratioChangePp: number;
  /** Change rate (e.g. of the composite index), in %. */
  changeRate: number;
}

/** The default table (national practice, see above). */
export const DISPLAY_DECIMALS: Readonly<RoundingTable> = {
  concentration: { SO2: 0, NO2: 0, PM10: 0, 'PM2.5': 1, CO: 1, O3: 0 },
  composite: 2,
  ratio: 1,
  ratioChangePp: 1,
  changeRate: 1,
};

export function roundConcentration(
  p: Pollutant,
  v: number | null,
  table: RoundingTable = DISPLAY_DECIMALS,
): number | null {
  return roundOrNull(v, table.concentration[p]);
}

export function roundComposite(v: number | null, table: RoundingTable = DISPLAY_DECIMALS): number | null {
  return roundOrNull(v, table.composite);
}

/** A ratio in %, to 0.1 % by default. */
export function roundRatio(v: number | null, table: RoundingTable = DISPLAY_DECIMALS): number | null {
  return roundOrNull(v, table.ratio);
}

/** A difference of two ratios, in 个百分点 (percentage points), to 0.1 by default. */
export function roundRatioChangePp(v: number | null, table: RoundingTable = DISPLAY_DECIMALS): number | null {
  return roundOrNull(v, table.ratioChangePp);
}

export function roundChangeRate(v: number | null, table: RoundingTable = DISPLAY_DECIMALS): number | null {
  return roundOrNull(v, table.changeRate);
}

/** The table in words, for a report's notes: "PM2.5 0.1, CO 0.1, SO2 1, …; index 0.01". */
export function describeRounding(table: RoundingTable): string {
  const step = (dp: number) => (dp === 0 ? '1' : `0.${'0'.repeat(dp - 1)}1`);
  const conc = Object.entries(table.concentration)
    .map(([p, dp]) => `${p} ${step(dp)}`)
    .join(', ');
  return `${conc}; composite ${step(table.composite)}; ratio ${step(table.ratio)} %`;
}

/**
 * The difference of two displayed figures, itself rounded to their decimals: what a reader gets by subtracting
 * the two printed numbers (so the printed change always matches the printed values).
 */
export function displayedChange(current: number | null, previous: number | null, decimals: number) {
  return current === null || previous === null ? null : roundOrNull(current - previous, decimals);
}
