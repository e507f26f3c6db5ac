/**
 * From hourly values to daily values and the daily AQI (日报).
 * Hourly values are labelled by their START time: the value at 00:00 covers 00:00–01:00, i.e. the
 * standard's "1时". A natural day (GB 3095-2026 §3 日平均) is therefore slots 00:00…23:00.
 *
 * Representation: a dense grid, one Float64Array of days×24 slots per pollutant, NaN = missing.
 * It is cheap to fill from rows, to average across stations, and to scan per day.
 */

import { addDays, DAY_MS, dayCount, HOUR_MS, type IsoDate, startOfDay } from '../time/calendar.ts';
import { computeAqi as defaultComputeAqi } from './aqi.ts';
import { type DayRuleChoice, type DayVerdict, DEFAULT_DAY_RULE, judgeDay } from './day-rule.ts';
import type { IaqiOptions } from './iaqi.ts';
import { limitsFor as defaultLimitsFor, ruleSetFor as defaultRuleSetFor } from './rule-sets.ts';
import type { AqiResult, IndicatorValues, Pollutant, ReportKind, RuleSetId } from './types.ts';
import { POLLUTANTS } from './types.ts';
import { isDailyMeanValid, isMda8Valid, isO3Max1hValid, isO3WindowValid } from './validity.ts';

/** Pollutants reported as a daily (24-h) mean. */
export const DAILY_MEAN_POLLUTANTS = ['SO2', 'NO2', 'PM10', 'PM2.5', 'CO'] as const;
export type DailyMeanPollutant = (typeof DAILY_MEAN_POLLUTANTS)[number];

export interface HourlyPoint {
  /** Epoch ms of the START of the hour. */
  time: number;
  value: number | null;
}

export interface HourlyGrid {
  /** First day of the grid (Asia/Shanghai). */
  from: IsoDate;
  days: number;
  /** Epoch ms of slot 0 (= startOfDay(from)). */
  t0: number;
  /** days×24 slots per pollutant; slot i is the hour starting at t0 + i h; NaN = missing. */
  values: Record<Pollutant, Float64Array>;
}

export function emptyGrid(from: IsoDate, to: IsoDate): HourlyGrid {
  const days = dayCount(from, to);
  const values = {} as Record<Pollutant, Float64Array>;
  for (const p of POLLUTANTS) values[p] = new Float64Array(days * 24).fill(Number.NaN);
  return { from, days, t0: startOfDay(from), values };
}

/** Slot index of an hour-start time, or -1 outside the grid. Times inside an hour map to that hour. */
export function slotOf(grid: HourlyGrid, time: number): number {
  const i = Math.floor((time - grid.t0) / HOUR_MS);
  return i >= 0 && i < grid.days * 24 ? i : -1;
}

/**
 * Writes one hourly value; null or non-finite = missing. Flag-based invalidation (calibration,
 * maintenance) is the data audit's business, before the value gets here.
 */
export function setHourly(grid: HourlyGrid, pollutant: Pollutant, time: number, value: number | null): void {
  const i = slotOf(grid, time);
  if (i >= 0) grid.values[pollutant][i] = value !== null && Number.isFinite(value) ? value : Number.NaN;
}

/** Grid from per-pollutant {time, value} series; values outside [from, to] are ignored. */
export function gridFromSeries(
  from: IsoDate,
  to: IsoDate,
  series: Partial<Record<Pollutant, readonly HourlyPoint[]>>,
): HourlyGrid {
  const grid = emptyGrid(from, to);
  for (const p of POLLUTANTS) {
    const s = series[p];
    if (!s) continue;
    for (const pt of s) setHourly(grid, p, pt.time, pt.value);
  }
  return grid;
}

/** The rule-set functions daily values depend on; injectable for tests. */
export interface AirRuleDeps {
  ruleSetFor: (date: IsoDate) => RuleSetId;
  /** Only the O3 limits are needed here (HJ 663 §6.1.2 over-limit exception). */
  limitsFor: (date: IsoDate) => { o3_8h: number; hourly: { O3: number } };
  computeAqi: (input: {
    kind: ReportKind;
    ruleSet: RuleSetId;
    values: IndicatorValues;
    notMonitored?: readonly Pollutant[];
  }) => AqiResult;
}

export const DEFAULT_AIR_RULE_DEPS: AirRuleDeps = {
  ruleSetFor: defaultRuleSetFor,
  limitsFor: defaultLimitsFor,
  computeAqi: defaultComputeAqi,
};

export interface DailyOptions {
  /** Which day rule decides `valid` (day-rule.ts); default 'by-date'. */
  dayRule?: DayRuleChoice;
  /** Pollutants the station's monitoring plan does not cover (HJ 633-2026 §5.3.2); 2026 rule set only. */
  exempt?: readonly Pollutant[];
  /** Hours an O3 daily max 1-h needs (2012 daily report only); default VALIDITY.o3Max1hMinHours [M]. */
  o3Max1hMinHours?: number;
  /** The IAQI's working assumptions [M] (iaqi.ts); default DEFAULT_IAQI_OPTIONS. */
  iaqi?: IaqiOptions;
  deps?: AirRuleDeps;
}

export interface DailyRecord {
  date: IsoDate;
  ruleSet: RuleSetId;
  /** Daily means, null when fewer than 20 valid hours (GB 3095 表4). CO in mg/m³. */
  means: Record<DailyMeanPollutant, number | null>;
  /** O3 daily max 1-h; feeds the daily AQI under HJ 633-2012 only. */
  o3Max1h: number | null;
  /** O3 daily max 8-h mean (MDA8), null unless valid under HJ 663 §6.1.2. */
  o3Mda8: number | null;
  /** Valid hourly values per pollutant in the day. */
  validHours: Record<Pollutant, number>;
  /** Valid 8-h windows (≥ 6 h) among the 17 of the day. */
  o3ValidWindows: number;
  aqi: AqiResult;
  /** Counts as an assessed day (有效监测天) for day counts and ratios: `verdict.counts`. */
  valid: boolean;
  /** Which day rule made the day count or not, and why (day-rule.ts). */
  verdict: DayVerdict;
}

/**
 * One day from 24 hourly slots per pollutant, starting at `offset` in each array.
 * O3 MDA8 (HJ 663 §3.3 / §6.1.2): 8-h means ending at 8:00 … 24:00 of the natural day, i.e. 17
 * windows with start hours 0–7 … 16–23, each needing ≥ 6 valid hours (GB 3095 表4).
 */
export function dailyFromHours(
  date: IsoDate,
  hours: Record<Pollutant, ArrayLike<number>>,
  offset = 0,
  opts: DailyOptions = {},
): DailyRecord {
  const deps = opts.deps ?? DEFAULT_AIR_RULE_DEPS;
  const limits = deps.limitsFor(date);
  const validHours = {} as Record<Pollutant, number>;
  const means = {} as Record<DailyMeanPollutant, number | null>;

  for (const p of DAILY_MEAN_POLLUTANTS) {
    const a = hours[p];
    let sum = 0;
    let n = 0;
    for (let h = 0; h < 24; h++) {
      const v = a[offset + h] as number;
      if (Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    validHours[p] = n;
    means[p] = isDailyMeanValid(n) ? sum / n : null;
  }

  const o3 = hours.O3;
  let n1 = 0;
  let max1 = Number.NEGATIVE_INFINITY;
  for (let h = 0; h < 24; h++) {
    const v = o3[offset + h] as number;
    if (Number.isFinite(v)) {
      n1++;
      if (v > max1) max1 = v;
    }
  }
  validHours.O3 = n1;
  const rawMax1h = n1 > 0 ? max1 : null;
  const o3Max1h = isO3Max1hValid(n1, rawMax1h, limits.hourly.O3, opts.o3Max1hMinHours) ? rawMax1h : null;

  let windows = 0;
  let mda8 = Number.NEGATIVE_INFINITY;
  for (let start = 0; start <= 16; start++) {
    let sum = 0;
    let n = 0;
    for (let h = start; h < start + 8; h++) {
      const v = o3[offset + h] as number;
      if (Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    if (isO3WindowValid(n)) {
      windows++;
      const m = sum / n;
      if (m > mda8) mda8 = m;
    }
  }
  const rawMda8 = windows > 0 ? mda8 : null;
  const o3Mda8 = isMda8Valid(windows, rawMda8, limits.o3_8h) ? rawMda8 : null;
  return dailyRecordOf({ date, means, o3Max1h, o3Mda8, validHours, o3ValidWindows: windows }, opts);
}

/** The daily values of a day, before its AQI and validity are worked out. */
export type DailyValues = Pick<
  DailyRecord,
  'date' | 'means' | 'o3Max1h' | 'o3Mda8' | 'validHours' | 'o3ValidWindows'
>;

/**
 * A day's record from its daily values: the daily AQI (HJ 633 日报) and whether the day counts. Shared by a
 * station's own day (dailyFromHours) and a district day formed station-first (district.ts).
 */
export function dailyRecordOf(v: DailyValues, opts: DailyOptions = {}): DailyRecord {
  const deps = opts.deps ?? DEFAULT_AIR_RULE_DEPS;
  const { date, means, o3Max1h, o3Mda8, validHours } = v;
  const windows = v.o3ValidWindows;
  const ruleSet = deps.ruleSetFor(date);
  const values: IndicatorValues = {};
  if (means.SO2 !== null) values.SO2_24h = means.SO2;
  if (means.NO2 !== null) values.NO2_24h = means.NO2;
  if (means.PM10 !== null) values.PM10_24h = means.PM10;
  if (means['PM2.5'] !== null) values['PM2.5_24h'] = means['PM2.5'];
  if (means.CO !== null) values.CO_24h = means.CO;
  if (o3Mda8 !== null) values.O3_8h = o3Mda8;
  // HJ 633-2012 §5.1.2: the daily report also uses the O3 daily max 1-h; HJ 633-2026 §4.2.2 dropped it.
  if (ruleSet === '2012' && o3Max1h !== null) values.O3_1h = o3Max1h;
  // HJ 633-2026 §5.3.2: a pollutant outside the monitoring plan does not make the AQI NA.
  const exempt = opts.exempt ?? [];
  const aqi = deps.computeAqi({
    kind: 'daily',
    ruleSet,
    values,
    ...(exempt.length ? { notMonitored: exempt } : {}),
    ...(opts.iaqi ? { iaqi: opts.iaqi } : {}),
  });

  const absent: Pollutant[] = DAILY_MEAN_POLLUTANTS.filter((p) => means[p] === null);
  if (o3Mda8 === null) absent.push('O3');
  const verdict = judgeDay({
    ruleSet,
    choice: opts.dayRule ?? DEFAULT_DAY_RULE,
    absent,
    exempt,
    aqiFromAvailable: aqi.aqiFromAvailable,
  });

  return {
    date,
    ruleSet,
    means,
    o3Max1h,
    o3Mda8,
    validHours,
    o3ValidWindows: windows,
    aqi,
    valid: verdict.counts,
    verdict,
  };
}

/** Every day of a grid, in date order. */
export function dailySeries(grid: HourlyGrid, opts: DailyOptions = {}): DailyRecord[] {
  const out: DailyRecord[] = new Array(grid.days);
  for (let d = 0; d < grid.days; d++) {
    out[d] = dailyFromHours(addDays(grid.from, d), grid.values, d * 24, opts);
  }
  return out;
}

/** Epoch ms just after the grid's last hour. */
export function gridEnd(grid: HourlyGrid): number {
  return grid.t0 + grid.days * DAY_MS;
}
