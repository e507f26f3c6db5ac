/**
 * Statistics of a period (month, quarter, year, any range) from daily records, HJ 663 §3 (annual
 * assessment items) and the CNEMC reporting conventions of air-quality.md §4.
 */

import { dayCount, type IsoDate, isWholeMonth, isWholeYear, monthOf } from '../time/calendar.ts';
import { categoryOf } from './categories.ts';
import {
  type CompositeChoice,
  type CompositeIndexMethod,
  type CompositeIndexResult,
  compositeIndex,
  compositeMethodFor,
} from './composite-index.ts';
import type { DailyRecord } from './daily-series.ts';
import { roundHalfEven } from './exact.ts';
import { percentileOfSorted } from './percentile.ts';
import { limitsFor as defaultLimitsFor, type Limits, ruleSetFor, splitByRuleSet } from './rule-sets.ts';
import type { Pollutant, RuleSetId } from './types.ts';
import { POLLUTANTS } from './types.ts';
import { monthCoverage, monthMinDays, VALIDITY } from './validity.ts';

/**
 * Percentile of daily values assessed per pollutant: SO2/NO2 P98, PM10/PM2.5/CO P95 of daily
 * means, O3 P90 of MDA8 (HJ 663-2013 [M] / HJ 663-2026 表1 [S] — air-quality.md §3.1).
 */
export const ASSESSMENT_PERCENTILE: Readonly<Record<Pollutant, number>> = {
  SO2: 98,
  NO2: 98,
  PM10: 95,
  'PM2.5': 95,
  CO: 95,
  O3: 90,
};

/**
 * Sand-dust and exceptional days are deducted from these concentrations (and so from the composite index)
 * (CNEMC monthly report 2021 note; 环办监测〔2016〕120号) [S]. In the deducted figures they also leave the day
 * counts and ratios: the Ministry's 2025 national good-day ratio, 89.3 % "with sand-dust exceedance days
 * deducted" against 88.1 % actual, is the assessment headline (air-2026.md [S]). The actual figures
 * (PeriodReport.actual) deduct nothing.
 */
export const SAND_DUST_DEDUCTED: readonly Pollutant[] = ['PM10', 'PM2.5'];

/** Compliance compares the value rounded as 达标评价数据: integers, CO 1 dp (HJ 663 修约) [M]. */
export const COMPLIANCE_DECIMALS: Readonly<Record<Pollutant, number>> = {
  SO2: 0,
  NO2: 0,
  PM10: 0,
  'PM2.5': 0,
  CO: 1,
  O3: 0,
};

export interface ComplianceCheck {
  statistic: 'annual-mean' | 'daily-percentile';
  value: number | null;
  limit: number;
  complies: boolean | null;
}

export interface PollutantStats {
  /** Days with a valid daily value (MDA8 for O3), before sand-dust deduction. */
  validDays: number;
  /** Days that enter the statistics (after sand-dust deduction for PM10/PM2.5). */
  usedDays: number;
  /** Mean of the daily values (for O3: of MDA8; not an assessed statistic). */
  mean: number | null;
  percentileP: number;
  percentile: number | null;
  checks: ComplianceCheck[];
  /** Every statistic complies (HJ 663 §3.1 [M]); null when a statistic is missing and none fails. */
  complies: boolean | null;
  /** Table 4 coverage: month 27 (Feb 25), year 324 + every month; null for other periods. */
  enoughDays: boolean | null;
  monthsShort: string[];
}

export interface PeriodStats {
  from: IsoDate;
  to: IsoDate;
  ruleSets: RuleSetId[];
  calendarDays: number;
  kind: 'month' | 'year' | 'other';
  /** Days needed for validity (GB 3095 表4); null for periods other than a month or a year. */
  requiredDays: number | null;
  pollutants: Record<Pollutant, PollutantStats>;
  /** Valid monitoring days (有效监测天数), the denominator of the ratios. */
  validDays: number;
  goodDays: number;
  heavyDays: number;
  /** Days per AQI level 1–6 (index 0 = level 1), valid days only. */
  levelCounts: number[];
  /** % of valid days, full precision; null without valid days. */
  goodRatio: number | null;
  heavyRatio: number | null;
  /** Marked sand-dust/exceptional days in the period; deducted from these figures (none for the actual ones). */
  sandDustDays: number;
  composite: CompositeIndexResult;
  /** The method (divisors, weights, verified or not) the index used. */
  compositeMethod: CompositeIndexMethod;
  /** Standard whose limits the compliance checks used. */
  limitsStandard: string;
  notes: string[];
}

export interface PeriodOptions {
  /** Defaults to the first/last record. */
  from?: IsoDate;
  to?: IsoDate;
  sandDustDates?: Iterable<IsoDate>;
  /** A fixed index method; otherwise compositeMethodFor(to, composite). */
  compositeMethod?: CompositeIndexMethod;
  /** Divisors by the data date (default) or 2012's, and the unverified weights (default off). */
  composite?: CompositeChoice;
  /** Decimals of the value compared with a limit (default COMPLIANCE_DECIMALS [M]). */
  complianceDecimals?: Readonly<Record<Pollutant, number>>;
  /**
   * Percentiles of a period whose end date falls under the 2012 rule set (HJ 663-2013) [M]; default
   * ASSESSMENT_PERCENTILE, the HJ 663-2026 Table 1 values.
   */
  percentiles2012?: Readonly<Record<Pollutant, number>>;
  limitsFor?: (date: IsoDate) => Limits & { standard?: string };
}

function dailyValue(r: DailyRecord, p: Pollutant): number | null {
  return p === 'O3' ? r.o3Mda8 : r.means[p];
}

function check(
  stat: ComplianceCheck['statistic'],
  value: number | null,
  limit: number,
  dp: number,
): ComplianceCheck {
  return {
    statistic: stat,
    value,
    limit,
    complies: value === null ? null : roundHalfEven(value, dp) <= limit,
  };
}

/** Statistics of the records within [from, to], treated as one period. */
export function periodStats(records: readonly DailyRecord[], opts: PeriodOptions = {}): PeriodStats {
  const from = opts.from ?? records[0]?.date;
  const to = opts.to ?? records[records.length - 1]?.date;
  if (from === undefined || to === undefined) throw new RangeError('periodStats needs records or from/to');
  const days = records.filter((r) => r.date >= from && r.date <= to);
  const sand = new Set(opts.sandDustDates ?? []);
  const limits = (opts.limitsFor ?? defaultLimitsFor)(to);
  const range = { from, to };
  const kind = isWholeYear(range) ? 'year' : isWholeMonth(range) ? 'month' : 'other';
  const requiredDays =
    kind === 'year' ? VALIDITY.yearMinDays : kind === 'month' ? monthMinDays(monthOf(from)) : null;
  const notes: string[] = [];
  const percentileTable = ruleSetFor(to) === '2012' ? opts.percentiles2012 : undefined;

  const pollutants = {} as Record<Pollutant, PollutantStats>;
  for (const p of POLLUTANTS) {
    const validDates: IsoDate[] = [];
    const used: number[] = [];
    for (const r of days) {
      const v = dailyValue(r, p);
      if (v === null) continue;
      validDates.push(r.date);
      if (SAND_DUST_DEDUCTED.includes(p) && sand.has(r.date)) continue;
      used.push(v);
    }
    used.sort((a, b) => a - b);
    const mean = used.length ? used.reduce((s, v) => s + v, 0) / used.length : null;
    const pp = (percentileTable ?? ASSESSMENT_PERCENTILE)[p];
    const pct = percentileOfSorted(used, pp);
    const dp = (opts.complianceDecimals ?? COMPLIANCE_DECIMALS)[p];
    const checks: ComplianceCheck[] = [];
    // HJ 663 §3.1 / GB 3095 表1: annual mean vs annual limit (SO2, NO2, PM10, PM2.5), daily percentile
    // vs 24-h limit, O3 MDA8 P90 vs 8-h limit; CO has no annual limit.
    if (p !== 'CO' && p !== 'O3') checks.push(check('annual-mean', mean, limits.annual[p], dp));
    checks.push(check('daily-percentile', pct, p === 'O3' ? limits.o3_8h : limits.daily[p], dp));
    const complies = checks.some((c) => c.complies === false)
      ? false
      : checks.every((c) => c.complies === true)
        ? true
        : null;
    const cov = monthCoverage(validDates, from, to);
    const monthsShort = cov.filter((c) => c.complete && !c.enough).map((c) => c.month);
    const enoughDays =
      requiredDays === null
        ? null
        : validDates.length >= requiredDays && (kind !== 'year' || monthsShort.length === 0);
    pollutants[p] = {
      validDays: validDates.length,
      usedDays: used.length,
      mean,
      percentileP: pp,
      percentile: pct,
      checks,
      complies,
      enoughDays,
      monthsShort,
    };
  }
  if (kind !== 'year') {
    notes.push(
      'Period is not a calendar year: comparison with annual limits and percentiles is indicative only.',
    );
  }

  let validDays = 0;
  let goodDays = 0;
  let heavyDays = 0;
  const levelCounts = [0, 0, 0, 0, 0, 0];
  for (const r of days) {
    const aqi = r.aqi.aqi ?? r.aqi.aqiFromAvailable;
    if (!r.valid || aqi === null) continue;
    // Deducted figures: a marked day leaves the day counts too (Ministry 2025 bulletin, air-2026.md [S]).
    if (sand.has(r.date)) continue;
    validDays++;
    // HJ 633 表2 (2012) / 表1 (2026): 优+良 = AQI ≤ 100; 重度及以上 = AQI > 200 (air-quality.md §4.2).
    if (aqi <= 100) goodDays++;
    if (aqi > 200) heavyDays++;
    const level = categoryOf(aqi).level;
    levelCounts[level - 1] = (levelCounts[level - 1] ?? 0) + 1;
  }

  const sandDustDays = days.filter((r) => sand.has(r.date)).length;
  if (sandDustDays > 0) {
    notes.push(
      `${sandDustDays} sand-dust/exceptional day(s) deducted from the day counts, PM10/PM2.5 and the composite index; ` +
        'the actual figures keep them.',
    );
  }
  const ruleSets = splitByRuleSet(from, to).map((s) => s.ruleSet);
  const method = opts.compositeMethod ?? compositeMethodFor(to, opts.composite);
  const composite = compositeIndex(
    {
      SO2: pollutants.SO2.mean,
      NO2: pollutants.NO2.mean,
      PM10: pollutants.PM10.mean,
      'PM2.5': pollutants['PM2.5'].mean,
      CO: pollutants.CO.percentile,
      O3: pollutants.O3.percentile,
    },
    method,
  );
  if (!method.verified) {
    notes.push(`Composite index method ${composite.method} is UNVERIFIED.`);
  }

  return {
    from,
    to,
    ruleSets,
    calendarDays: dayCount(from, to),
    kind,
    requiredDays,
    pollutants,
    validDays,
    goodDays,
    heavyDays,
    levelCounts,
    goodRatio: validDays ? (goodDays / validDays) * 100 : null,
    heavyRatio: validDays ? (heavyDays / validDays) * 100 : null,
    sandDustDays,
    composite,
    compositeMethod: method,
    limitsStandard: limits.standard ?? 'custom',
    notes,
  };
}

export interface PeriodReport {
  /**
   * The whole period, sand-dust and exceptional days deducted: the headline; with spansRuleSets its compliance
   * uses the limits in force at its end.
   */
  whole: PeriodStats;
  /** The whole period with nothing deducted (实况); the same object as `whole` when no marked day falls in it. */
  actual: PeriodStats;
  /** True when the period crosses 2026-03-01 (old and new GB 3095 / HJ 633 / HJ 663). */
  spansRuleSets: boolean;
  /** One entry per rule set (a single entry equal to `whole` when not spanning). */
  parts: { ruleSet: RuleSetId; from: IsoDate; to: IsoDate; stats: PeriodStats }[];
  notes: string[];
}

/**
 * A period, split at 2026-03-01 when it spans it: each part is assessed under its own rule set's
 * limits, and the whole-period figure is given alongside, flagged (air-quality.md §7 item 1).
 */
export function periodReport(records: readonly DailyRecord[], opts: PeriodOptions = {}): PeriodReport {
  const from = opts.from ?? records[0]?.date;
  const to = opts.to ?? records[records.length - 1]?.date;
  if (from === undefined || to === undefined) throw new RangeError('periodReport needs records or from/to');
  const whole = periodStats(records, { ...opts, from, to });
  const actual =
    whole.sandDustDays > 0 ? periodStats(records, { ...opts, from, to, sandDustDates: [] }) : whole;
  const split = splitByRuleSet(from, to);
  if (split.length === 1) {
    const only = split[0] as (typeof split)[number];
    return { whole, actual, spansRuleSets: false, parts: [{ ...only, stats: whole }], notes: [] };
  }
  const parts = split.map((s) => ({
    ...s,
    stats: periodStats(records, { ...opts, from: s.from, to: s.to }),
  }));
  const note =
    `Period ${from}…${to} spans 2026-03-01: daily AQI follows each day's rule set; ` +
    `whole-period compliance uses the limits in force on ${to} (${whole.limitsStandard}) and is indicative; ` +
    'see the per-rule-set parts.';
  whole.notes.push(note);
  if (actual !== whole) actual.notes.push(note);
  return { whole, actual, spansRuleSets: true, parts, notes: [note] };
}
