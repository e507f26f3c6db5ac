import { z } from 'zod';
import { siteAdminBody } from './admin-data.ts';
import { dayVerdict, periodChange, roundingTable } from './dashboard.ts';

/** Response shapes of the air endpoints; an answer's fields are all declared (api-contract.test.ts checks). */

const pollutant = z.enum(['SO2', 'NO2', 'PM10', 'PM2.5', 'CO', 'O3']);

export const aqiAnswer = z.object({
  ruleSet: z.enum(['2012', '2026']),
  standard: z.string(),
  kind: z.enum(['daily', 'hourly']),
  date: z.string(),
  /** null = NA (HJ 633-2026 §5.3.1). */
  aqi: z.number().int().nullable(),
  aqiFromAvailable: z.number().int().nullable(),
  category: z.string().nullable(),
  categoryEn: z.string().nullable(),
  level: z.number().int().nullable(),
  color: z.string().nullable(),
  primaryPollutants: z.array(pollutant),
  /** IAQI > 100; HJ 633-2012 only (null under 2026, which dropped the definition). */
  exceedingPollutants: z.array(pollutant).nullable(),
  iaqi: z.record(z.string(), z.number().int().nullable()),
  /** Concentrations after the standard's input rounding. */
  concentrations: z.record(z.string(), z.number()),
  missing: z.array(pollutant),
  notes: z.array(z.string()),
});

const pollutantFigures = z.object({
  validDays: z.number().int(),
  mean: z.number().nullable(),
  /** The percentile each pollutant is assessed by (HJ 663): p98 for SO2/NO2/PM, p95 for CO, p90 for O3. */
  p98: z.number().nullable().optional(),
  p95: z.number().nullable().optional(),
  p90: z.number().nullable().optional(),
  complies: z.boolean().nullable(),
});

export const reportFigures = z.object({
  validDays: z.number().int(),
  goodDays: z.number().int(),
  heavyDays: z.number().int(),
  goodRatio: z.number().nullable(),
  heavyRatio: z.number().nullable(),
  compositeIndex: z.number().nullable(),
  compositeMethod: z.string(),
  sandDustDays: z.number().int(),
  /** Enough valid days for an assessment; null when the period is not assessable. */
  enoughDays: z.boolean().nullable(),
  /** Days per AQI level, I…VI. */
  levelCounts: z.array(z.number().int()),
  pollutants: z.record(pollutant, pollutantFigures),
});
export type ReportFiguresBody = z.infer<typeof reportFigures>;

const dateRange = z.object({ from: z.string(), to: z.string() });

/**
 * One line of a period report's notes (issue 13): which rule, method, divisor set and rounding table produced
 * the figures, and which unverified [M] values were used. `code` is stable for machines (e.g. 'district-method',
 * 'rounding', 'day-rule'); `zh` and `en` are the same sentence in each language; `unverified` marks a line
 * that names a value not confirmed by a standard's text.
 */
export const reportNote = z.object({
  code: z.string(),
  zh: z.string(),
  en: z.string(),
  unverified: z.boolean().optional(),
});
export type ReportNote = z.infer<typeof reportNote>;

/** A change against another period (环比 / 同比) of the displayed figures; null when not computed. */
const periodChangeOrNull = periodChange.nullable();

/** Rank by composite index (ties shared), its change since the period before, 环比 and 同比. */
export const placeComparison = z.object({
  rank: z.number().int().nullable(),
  previousRank: z.number().int().nullable(),
  rankChange: z.number().int().nullable(),
  mom: periodChangeOrNull,
  yoy: periodChangeOrNull,
});
export type PlaceComparisonBody = z.infer<typeof placeComparison>;
const comparison = placeComparison.shape;

export const airReportBody = z.object({
  /** The complete days reported (rules/air/periods.ts): `to` is never a day that is not over. */
  from: z.string(),
  to: z.string(),
  period: z.object({
    requestedFrom: z.string(),
    requestedTo: z.string(),
    kind: z.enum(['year', 'quarter', 'month', 'custom']),
    calendarDays: z.number().int(),
    completeDays: z.number().int(),
    partial: z.boolean(),
    lastCompleteDay: z.string(),
    /** A whole calendar year: only then is `complies` given (GB 3095 表1 has no monthly limits). */
    assessable: z.boolean(),
    previous: dateRange.nullable(),
    lastYear: dateRange.nullable(),
    notCompared: z.enum(['too-long']).nullable(),
  }),
  ruleSets: z.array(z.enum(['2012', '2026'])),
  spansRuleSets: z.boolean(),
  limitsStandard: z.string(),
  stations: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      isSample: z.boolean(),
      townshipId: z.string().nullable(),
    }),
  ),
  /**
   * Sand-dust and exceptional days (HJ 663-2026 例外事件): the figures are given with those days deducted (the
   * headline, as the Ministry's 2025 national figure) and actual (`district.actual`, nothing deducted).
   */
  headline: z.literal('deducted'),
  deductedDays: z.array(
    z.object({
      date: z.string(),
      kind: z.enum(['sand_dust', 'exceptional']),
      noticeRef: z.string().nullable(),
    }),
  ),
  /** Which day rule decided the assessed days (config air.dayRule; rules/air/day-rule.ts). */
  dayRule: z.enum(['by-date', 'all-six']),
  district: reportFigures.extend({ mom: periodChangeOrNull, yoy: periodChangeOrNull, actual: reportFigures }),
  sites: z.record(z.string(), reportFigures.extend({ name: z.string(), ...comparison })),
  townships: z.array(
    reportFigures.extend({ id: z.string(), name: z.string(), stations: z.array(z.string()), ...comparison }),
  ),
  /** The decimals the figures were rounded to (config `air.rounding`). */
  rounding: roundingTable,
  /** How the figures were produced, one line per rule and method in effect (issue 13). */
  notes: z.array(reportNote),
});
export type AirReportBody = z.infer<typeof airReportBody>;

const dailyValue = z.number().nullable();
export const dailyTableBody = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  rows: z.array(
    z.object({
      date: z.string(),
      /** 'district' for the district value, otherwise a site code. */
      site: z.string(),
      siteName: z.string(),
      ruleSet: z.enum(['2012', '2026']),
      aqi: z.number().int().nullable(),
      level: z.number().int().nullable(),
      category: z.string().nullable(),
      color: z.string().nullable(),
      primaryPollutants: z.array(pollutant),
      'PM2.5': dailyValue,
      PM10: dailyValue,
      SO2: dailyValue,
      NO2: dailyValue,
      CO: dailyValue,
      O3_8h: dailyValue,
      O3_1h_max: dailyValue,
      valid: z.boolean(),
      /** Which day rule made the day count or not, and why (issue 13). */
      verdict: dayVerdict,
    }),
  ),
});

/**
 * GET /api/air/targets (rules/air/targets.ts TargetProgress). Loose on purpose: the progress carries the year's
 * whole period statistics; the dashboard reads the targets through /api/dashboard/overview, which is strict.
 */
export const targetsBody = z.looseObject({
  year: z.number().int(),
  asOf: z.string(),
  remainingDays: z.number().int(),
});

/** A site as GET /api/sites lists it (the same shape the district office edits). */
export const siteBody = siteAdminBody;
export type SiteBody = z.infer<typeof siteBody>;
/** GET /api/sites. */
export const sitesBody = z.object({ sites: z.array(siteBody) });
export type SitesBody = z.infer<typeof sitesBody>;

/** A township, street, department or the district (GET /api/places; GB/T 2260 codes). */
export const placeBody = z.object({
  id: z.string(),
  kind: z.enum(['district', 'township', 'street', 'department']),
  code: z.string().nullable(),
  name: z.string(),
  name_en: z.string(),
  parent_id: z.string().nullable(),
});
export type PlaceBody = z.infer<typeof placeBody>;
export const placesBody = z.object({ places: z.array(placeBody) });
export type PlacesBody = z.infer<typeof placesBody>;
