/**
 * Air targets of the Qibin District action plan 2023–2025 (淇滨政〔2023〕12号 二、主要目标;
 * requirements.md R-T1…R-T4), with year-to-date progress and a year-end projection.
 */
import { dayCount, type IsoDate } from '../time/calendar.ts';
import type { DailyRecord } from './daily-series.ts';
import { roundHalfEven } from './exact.ts';
import { type PeriodOptions, type PeriodStats, periodStats } from './period-stats.ts';

export type TargetStatus = 'on-track' | 'at-risk' | 'missed' | 'unknown';

export interface AirTarget {
  id: 'R-T1' | 'R-T2' | 'R-T3' | 'R-T4';
  description: string;
  comparator: '<' | '<=' | '>=';
  /** Target value; null when it is external data the caller must supply (R-T4). */
  value: number | null;
  unit: string;
  /** Year(s) the target applies to. */
  by: number;
}

export const AIR_TARGETS = {
  /** R-T1: PM2.5 annual mean < 45 µg/m³ by 2025. */
  pm25: { id: 'R-T1', description: 'PM2.5 annual mean', comparator: '<', value: 45, unit: 'µg/m³', by: 2025 },
  /** R-T2: 优良天数比率 ≥ 67.5 % by 2025. */
  goodRatio: {
    id: 'R-T2',
    description: 'good-day ratio',
    comparator: '>=',
    value: 67.5,
    unit: '%',
    by: 2025,
  },
  /** R-T3: 重污染天气 (AQI > 200) < 1.5 % by 2025. */
  heavyRatio: {
    id: 'R-T3',
    description: 'heavy-pollution day ratio',
    comparator: '<',
    value: 1.5,
    unit: '%',
    by: 2025,
  },
  /**
   * R-T4: composite index no worse than the 10th-worst (2024) / 15th-worst (2025) of the 168 key
   * cities. The threshold is that city's index — external data, so `value` is an input. Whether
   * "no worse than" includes equality is read as ≤ [M].
   */
  composite: {
    id: 'R-T4',
    description: 'composite index vs 168-city rank threshold',
    comparator: '<=',
    value: null,
    unit: '',
    by: 2025,
  },
} as const satisfies Record<string, AirTarget>;

/** Rank (counted from the worst) whose index is the R-T4 threshold, by year (R-T4). */
export const R_T4_RANK_FROM_WORST: Readonly<Record<number, number>> = { 2024: 10, 2025: 15 };
export const R_T4_CITY_COUNT = 168;

/**
 * Valid days the projection expects for the rest of the year [M]: every remaining calendar day, or the remaining
 * days times the share of days valid so far (rounded down).
 */
export type RemainingValidDays = 'every-day' | 'valid-share';

export interface TargetProgressInput extends Omit<PeriodOptions, 'from' | 'to'> {
  year: number;
  /** The year's daily records (district), up to `asOf`. */
  records: readonly DailyRecord[];
  /** Last day with data; default the last record's date. */
  asOf?: IsoDate;
  /** Valid days still expected this year; default by `remainingValidDays`. */
  expectedRemainingValidDays?: number;
  /** How the valid days still expected are estimated when not given [M]; default 'every-day'. */
  remainingValidDays?: RemainingValidDays;
  /** R-T4 "no worse than" at exactly the threshold [M]: 'meets' (≤, default) or 'misses' (<). */
  compositeAtThreshold?: 'meets' | 'misses';
  /** R-T4 threshold (index of the rank-threshold city); null/absent = unknown. */
  compositeThreshold?: number | null;
  targets?: { pm25?: number; goodRatio?: number; heavyRatio?: number };
}

export interface Pm25Progress {
  target: number;
  meanSoFar: number | null;
  daysSoFar: number;
  /** Remaining days must average strictly below this; null when nothing remains. */
  maxRemainingMean: number | null;
  impossible: boolean;
  /** Year-end mean if the rest of the year keeps the current mean. */
  projected: number | null;
  status: TargetStatus;
}

export interface DayRatioProgress {
  target: number;
  daysSoFar: number;
  validDaysSoFar: number;
  ratioSoFar: number | null;
  expectedTotalValidDays: number;
  /** Good: good days still needed among the remaining days. Heavy: heavy days still allowed. */
  remainingNeededOrAllowed: number;
  /** Already decided whatever happens next. */
  secured: boolean;
  projectedRatio: number | null;
  status: TargetStatus;
}

export interface TargetProgress {
  year: number;
  asOf: IsoDate;
  remainingDays: number;
  expectedRemainingValidDays: number;
  stats: PeriodStats;
  pm25: Pm25Progress;
  goodRatio: DayRatioProgress;
  heavyRatio: DayRatioProgress;
  composite: { threshold: number | null; value: number | null; status: TargetStatus };
}

export function targetProgress(input: TargetProgressInput): TargetProgress {
  const { year, records } = input;
  const asOf = input.asOf ?? records[records.length - 1]?.date ?? `${year}-01-01`;
  const remainingDays = dayCount(asOf, `${year}-12-31`) - 1;
  const stats = periodStats(records, { ...input, from: `${year}-01-01`, to: asOf });
  const elapsed = dayCount(`${year}-01-01`, asOf);
  const remValid =
    input.expectedRemainingValidDays ??
    (input.remainingValidDays === 'valid-share' && elapsed > 0
      ? Math.floor((remainingDays * stats.validDays) / elapsed)
      : remainingDays);

  // R-T1. The annual mean is the mean of daily means (GB 3095-2026 §3), so the remaining days may
  // sum to at most target·N − sumSoFar over N = days so far + remaining valid days.
  const pmTarget = input.targets?.pm25 ?? AIR_TARGETS.pm25.value;
  const pm = stats.pollutants['PM2.5'];
  const sumSoFar = (pm.mean ?? 0) * pm.usedDays;
  const total = pm.usedDays + remValid;
  const maxRemainingMean = remValid > 0 ? (pmTarget * total - sumSoFar) / remValid : null;
  // Judged on the reported value (1 dp, air-quality.md §3.5) so 44.96 → 45.0 does not pass [M].
  const meetsPm = (x: number | null) => x !== null && roundHalfEven(x, 1) < pmTarget;
  const pmImpossible = maxRemainingMean === null ? !meetsPm(pm.mean) : maxRemainingMean <= 0;
  const pm25: Pm25Progress = {
    target: pmTarget,
    meanSoFar: pm.mean,
    daysSoFar: pm.usedDays,
    maxRemainingMean,
    impossible: pmImpossible,
    projected: pm.mean,
    status: pmImpossible
      ? 'missed'
      : pm.mean === null
        ? 'unknown'
        : meetsPm(pm.mean)
          ? 'on-track'
          : 'at-risk',
  };

  const expectedTotal = stats.validDays + remValid;

  // R-T2: good/valid ≥ 67.5 % ⇔ good ≥ ⌈0.675·N⌉ (integer arithmetic, per mille, avoids float ties).
  const goodTarget = input.targets?.goodRatio ?? AIR_TARGETS.goodRatio.value;
  const goodNeeded = Math.ceil((goodTarget * 10 * expectedTotal) / 1000);
  const goodStill = Math.max(0, goodNeeded - stats.goodDays);
  const goodRatioSoFar = stats.goodRatio;
  const goodMissed = goodStill > remValid;
  const goodRatio: DayRatioProgress = {
    target: goodTarget,
    daysSoFar: stats.goodDays,
    validDaysSoFar: stats.validDays,
    ratioSoFar: goodRatioSoFar,
    expectedTotalValidDays: expectedTotal,
    remainingNeededOrAllowed: goodStill,
    secured: goodStill === 0,
    projectedRatio: goodRatioSoFar,
    status: goodMissed
      ? 'missed'
      : goodStill === 0 || (goodRatioSoFar !== null && goodRatioSoFar >= goodTarget)
        ? 'on-track'
        : goodRatioSoFar === null
          ? 'unknown'
          : 'at-risk',
  };

  // R-T3: heavy/valid < 1.5 % ⇔ heavy ≤ ⌈0.015·N⌉ − 1.
  const heavyTarget = input.targets?.heavyRatio ?? AIR_TARGETS.heavyRatio.value;
  const heavyMax = Math.ceil((heavyTarget * 10 * expectedTotal) / 1000) - 1;
  const heavyLeft = heavyMax - stats.heavyDays;
  const heavyRate = stats.validDays ? stats.heavyDays / stats.validDays : null;
  const heavyProjectedDays = heavyRate === null ? null : stats.heavyDays + heavyRate * remValid;
  const heavyRatio: DayRatioProgress = {
    target: heavyTarget,
    daysSoFar: stats.heavyDays,
    validDaysSoFar: stats.validDays,
    ratioSoFar: stats.heavyRatio,
    expectedTotalValidDays: expectedTotal,
    remainingNeededOrAllowed: Math.max(0, heavyLeft),
    secured: heavyLeft >= remValid,
    projectedRatio:
      heavyProjectedDays === null || expectedTotal === 0 ? null : (heavyProjectedDays / expectedTotal) * 100,
    status:
      heavyLeft < 0
        ? 'missed'
        : heavyProjectedDays === null
          ? 'unknown'
          : heavyProjectedDays <= heavyMax
            ? 'on-track'
            : 'at-risk',
  };

  // R-T4: the YTD index at the current pace stands for the year-end index (percentile terms
  // cannot be budgeted day by day).
  const threshold = input.compositeThreshold ?? null;
  const cv = stats.composite.value;
  // "不劣于" (no worse than) the threshold city: ≤ by default, < when configured [M].
  const meetsThreshold = (v: number, t: number) =>
    input.compositeAtThreshold === 'misses' ? roundHalfEven(v, 2) < t : roundHalfEven(v, 2) <= t;
  const composite = {
    threshold,
    value: cv,
    status: (threshold === null || cv === null
      ? 'unknown'
      : meetsThreshold(cv, threshold)
        ? 'on-track'
        : remainingDays === 0
          ? 'missed'
          : 'at-risk') as TargetStatus,
  };

  return {
    year,
    asOf,
    remainingDays,
    expectedRemainingValidDays: remValid,
    stats,
    pm25,
    goodRatio,
    heavyRatio,
    composite,
  };
}
