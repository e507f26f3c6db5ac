/**
 * Year-on-year comparison and report rounding of period statistics.
 */
import { compositeChangeRate } from './composite-index.ts';
import { roundOrNull } from './exact.ts';
import { DISPLAY_DECIMALS } from './period-rounding.ts';
import type { PeriodStats } from './period-stats.ts';
import type { Pollutant } from './types.ts';
import { POLLUTANTS } from './types.ts';

export interface ValueChange {
  current: number | null;
  previous: number | null;
  /** current − previous */
  change: number | null;
  /** (current − previous)/previous × 100 % */
  changePercent: number | null;
}

export interface YearOnYear {
  /** Period means (O3: the MDA8 P90, the figure reports compare) per pollutant. */
  concentrations: Record<Pollutant, ValueChange>;
  /** Percentage points (百分点). */
  goodRatioChangePp: number | null;
  heavyRatioChangePp: number | null;
  composite: ValueChange;
  /** (I_this − I_last)/I_last × 100 %; > 0 worse (环办监测函〔2017〕197号 [S]). */
  compositeChangeRate: number | null;
}

function change(current: number | null, previous: number | null): ValueChange {
  return {
    current,
    previous,
    change: current === null || previous === null ? null : current - previous,
    changePercent:
      current === null || previous === null || previous === 0
        ? null
        : ((current - previous) / previous) * 100,
  };
}

/** The figure a report quotes per pollutant: the mean, except CO P95 and O3 MDA8 P90 (§4.1). */
export function headlineConcentration(stats: PeriodStats, p: Pollutant): number | null {
  const s = stats.pollutants[p];
  return p === 'CO' || p === 'O3' ? s.percentile : s.mean;
}

export function compareYearOnYear(current: PeriodStats, previous: PeriodStats): YearOnYear {
  const concentrations = {} as Record<Pollutant, ValueChange>;
  for (const p of POLLUTANTS) {
    concentrations[p] = change(headlineConcentration(current, p), headlineConcentration(previous, p));
  }
  const pp = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  return {
    concentrations,
    goodRatioChangePp: pp(current.goodRatio, previous.goodRatio),
    heavyRatioChangePp: pp(current.heavyRatio, previous.heavyRatio),
    composite: change(current.composite.value, previous.composite.value),
    compositeChangeRate: compositeChangeRate(current.composite.value, previous.composite.value),
  };
}

/** The rounding table of period figures (period-rounding.ts), under its older name. */
export const REPORT_DECIMALS = DISPLAY_DECIMALS;

export interface ReportFigures {
  concentrations: Record<Pollutant, { mean: number | null; percentile: number | null }>;
  composite: number | null;
  goodRatio: number | null;
  heavyRatio: number | null;
  validDays: number;
  goodDays: number;
  heavyDays: number;
}

const r = roundOrNull;

/** Rounded copy for display; statistics themselves keep full precision. */
export function roundForReport(stats: PeriodStats): ReportFigures {
  const concentrations = {} as ReportFigures['concentrations'];
  for (const p of POLLUTANTS) {
    const dp = REPORT_DECIMALS.concentration[p];
    concentrations[p] = {
      mean: r(stats.pollutants[p].mean, dp),
      percentile: r(stats.pollutants[p].percentile, dp),
    };
  }
  return {
    concentrations,
    composite: r(stats.composite.value, REPORT_DECIMALS.composite),
    goodRatio: r(stats.goodRatio, REPORT_DECIMALS.ratio),
    heavyRatio: r(stats.heavyRatio, REPORT_DECIMALS.ratio),
    validDays: stats.validDays,
    goodDays: stats.goodDays,
    heavyDays: stats.heavyDays,
  };
}

/** Rounded year-on-year figures: changes 1 dp for PM2.5/CO else integers, pp and rates 1 dp. */
export function roundYearOnYear(y: YearOnYear): YearOnYear {
  const concentrations = {} as Record<Pollutant, ValueChange>;
  for (const p of POLLUTANTS) {
    const dp = REPORT_DECIMALS.concentration[p];
    const c = y.concentrations[p];
    concentrations[p] = {
      current: r(c.current, dp),
      previous: r(c.previous, dp),
      change: r(c.change, dp),
      changePercent: r(c.changePercent, 1),
    };
  }
  return {
    concentrations,
    goodRatioChangePp: r(y.goodRatioChangePp, 1),
    heavyRatioChangePp: r(y.heavyRatioChangePp, 1),
    composite: {
      current: r(y.composite.current, 2),
      previous: r(y.composite.previous, 2),
      change: r(y.composite.change, 2),
      changePercent: r(y.composite.changePercent, 1),
    },
    compositeChangeRate: r(y.compositeChangeRate, 1),
  };
}
