/**
 * `air` in the configuration (issue 13): the choices behind every period figure that a standard we could read
 * does not settle, and the reported rounding table. Each choice names its source tag (air-2026.md): a value
 * marked [M] or [I] is a working assumption, and a report that uses it says so in its notes.
 */
import { z } from 'zod';
import { COMPOSITE_DIVISORS, type CompositeChoice } from '#rules/air/composite-index.ts';
import { type DayRuleChoice, DEFAULT_DAY_RULE } from '#rules/air/day-rule.ts';
import { DISTRICT_METHODS, type DistrictMethod } from '#rules/air/district.ts';
import type { IaqiOptions } from '#rules/air/iaqi.ts';
import { DISPLAY_DECIMALS, type RoundingTable } from '#rules/air/period-rounding.ts';
import { ASSESSMENT_PERCENTILE, COMPLIANCE_DECIMALS } from '#rules/air/period-stats.ts';
import type { RemainingValidDays } from '#rules/air/targets.ts';
import { POLLUTANTS, type Pollutant } from '#rules/air/types.ts';

const decimals = z.number().int().min(0).max(4);
const perPollutant = z
  .object(Object.fromEntries(POLLUTANTS.map((p) => [p, decimals])) as Record<Pollutant, typeof decimals>)
  .partial()
  .strict();

export const airMethodConfig = z
  .object({
    /** [M] air-2026.md: hour-first vs station-first is not found in HJ 663-2026 (district.ts). */
    districtMethod: z.enum(DISTRICT_METHODS as [DistrictMethod, ...DistrictMethod[]]).default('hour-first'),
    /** [I] air-2026.md: the composite index divides by the GB 3095 limits in force on the data date. */
    compositeDivisors: z
      .enum(COMPOSITE_DIVISORS as [CompositeChoice['divisors'], ...CompositeChoice['divisors'][]])
      .default('by-data-date'),
    /** [M] UNVERIFIED: weights PM2.5 × 3, NO2 × 2, O3 × 2 (one third-party project only). */
    compositeWeighted: z.boolean().default(false),
    /** The reported rounding table (period-rounding.ts), merged over its defaults; GB/T 8170 half-even. */
    rounding: z
      .object({
        concentration: perPollutant,
        composite: decimals,
        ratio: decimals,
        ratioChangePp: decimals,
        changeRate: decimals,
      })
      .partial()
      .strict()
      .default({}),
    /**
     * [M] Hours an O3 daily max 1-h needs (HJ 633-2012 daily report only): no rule found; the daily-mean minimum
     * of GB 3095 表4 (20 h) by analogy, with the over-limit exception of HJ 663 §6.1.2 (validity.ts).
     */
    o3Max1hMinHours: z.number().int().min(1).max(24).default(20),
    /** [M] 达标评价数据 decimals for the GB 3095 comparison (HJ 663 修约, period-stats.ts), merged over defaults. */
    complianceDecimals: perPollutant.default({}),
    /**
     * Which days count as assessed (day-rule.ts): 'by-date' (default) by the rule set of each day's date (2012: all
     * six indicators valid; from 2026-03-01: its AQI is published, HJ 633-2026 §5.3.1/§5.3.2); 'all-six' keeps the
     * old rule for every date.
     */
    dayRule: z.enum(['by-date', 'all-six']).default(DEFAULT_DAY_RULE),
    /**
     * Per station code, the pollutants its monitoring plan does not cover (HJ 633-2026 §5.3.2; the operator asserts
     * that none was the primary pollutant of a 轻度-or-worse day in the last three years), e.g. {"410611001": ["CO"]}.
     */
    exemptPollutants: z
      .record(z.string().min(1), z.array(z.enum(POLLUTANTS as [Pollutant, ...Pollutant[]])).max(6))
      .default({}),
    /**
     * [M] HJ 633-2012 is silent on rounding the IAQI's input concentrations: 'hj633-2026' (default) rounds them as
     * HJ 633-2026 §4.2.2 does (integers, CO 1 decimal, GB/T 8170), 'none' uses them as measured (iaqi.ts).
     */
    iaqiInputRounding2012: z.enum(['hj633-2026', 'none']).default('hj633-2026'),
    /**
     * [M] Above the top breakpoint neither HJ 633 edition defines an IAQI (outside the footnoted gaps): 'cap-500'
     * (default) reports 500 ("爆表"), 'none' reports no IAQI for that indicator (iaqi.ts).
     */
    iaqiAboveTop: z.enum(['cap-500', 'none']).default('cap-500'),
    /**
     * [M] HJ 633-2012 has 24-h PM breakpoints only and §5.1.3 does not say which PM value feeds the real-time AQI:
     * '24h-sliding-mean' (default) reads the 24-h sliding mean, '1h-on-24h-breakpoints' the hour's value on the
     * 24-h breakpoints (as HJ 633-2026 eq. 1 does) (air-hourly.service.ts).
     */
    pmHourly2012: z.enum(['24h-sliding-mean', '1h-on-24h-breakpoints']).default('24h-sliding-mean'),
    /**
     * [M] HJ 663-2013 assessment percentiles for a period under the 2012 rule set; default the HJ 663-2026 Table 1
     * values (SO2, NO2 98; PM10, PM2.5, CO 95; O3 90), merged over them (period-stats.ts).
     */
    percentiles2012: z
      .object(
        Object.fromEntries(POLLUTANTS.map((p) => [p, z.number().int().min(50).max(100)])) as Record<
          Pollutant,
          z.ZodNumber
        >,
      )
      .partial()
      .strict()
      .default({}),
    /**
     * [M] R-T4 "不劣于" (no worse than) the rank-threshold city: 'meets' (default) reads an equal index as met (≤),
     * 'misses' as not met (<) (targets.ts).
     */
    compositeAtThreshold: z.enum(['meets', 'misses']).default('meets'),
    /**
     * [M] Valid days the year-end projection expects for the rest of the year: 'every-day' (default) every remaining
     * calendar day, 'valid-share' the remaining days times the share of days valid so far (targets.ts).
     */
    remainingValidDays: z.enum(['every-day', 'valid-share']).default('every-day'),
    /**
     * [M] Exceptional days (异常日, HJ 663-2026 例外事件) entered beside sand-dust days: 'like-sand-dust' (default)
     * deducts them alike, 'not-deducted' deducts sand-dust days only (dust-days).
     */
    exceptionalDays: z.enum(['like-sand-dust', 'not-deducted']).default('like-sand-dust'),
  })
  .strict();

export type AirMethodConfig = z.infer<typeof airMethodConfig>;

/** The settings the air services use, resolved from `air` in the configuration. */
export interface AirMethod {
  districtMethod: DistrictMethod;
  composite: CompositeChoice;
  rounding: RoundingTable;
  complianceDecimals: Readonly<Record<Pollutant, number>>;
  o3Max1hMinHours: number;
  /** Which days count as assessed (day-rule.ts). */
  dayRule: DayRuleChoice;
  /** Station code → pollutants outside its monitoring plan (HJ 633-2026 §5.3.2). */
  exemptPollutants: Readonly<Record<string, readonly Pollutant[]>>;
  /** How the IAQI reads its input (iaqi.ts): 2012 input rounding and what lies above the top breakpoint [M]. */
  iaqi: IaqiOptions;
  /** Which PM value feeds the 2012 real-time AQI [M]. */
  pmHourly2012: '24h-sliding-mean' | '1h-on-24h-breakpoints';
  /** HJ 663-2013 percentiles for a period under the 2012 rule set [M]. */
  percentiles2012: Readonly<Record<Pollutant, number>>;
  /** R-T4 at exactly the threshold [M]. */
  compositeAtThreshold: 'meets' | 'misses';
  /** Valid days expected in the rest of the year [M]. */
  remainingValidDays: RemainingValidDays;
  /** Whether exceptional days are deducted like sand-dust days [M]. */
  exceptionalDays: 'like-sand-dust' | 'not-deducted';
}

export function airMethodOf(config: AirMethodConfig = airMethodConfig.parse({})): AirMethod {
  const r = config.rounding;
  return {
    districtMethod: config.districtMethod,
    composite: { divisors: config.compositeDivisors, weighted: config.compositeWeighted },
    rounding: {
      concentration: { ...DISPLAY_DECIMALS.concentration, ...r.concentration },
      composite: r.composite ?? DISPLAY_DECIMALS.composite,
      ratio: r.ratio ?? DISPLAY_DECIMALS.ratio,
      ratioChangePp: r.ratioChangePp ?? DISPLAY_DECIMALS.ratioChangePp,
      changeRate: r.changeRate ?? DISPLAY_DECIMALS.changeRate,
    },
    complianceDecimals: { ...COMPLIANCE_DECIMALS, ...config.complianceDecimals },
    o3Max1hMinHours: config.o3Max1hMinHours,
    dayRule: config.dayRule,
    exemptPollutants: config.exemptPollutants,
    iaqi: { inputRounding2012: config.iaqiInputRounding2012, aboveTop: config.iaqiAboveTop },
    pmHourly2012: config.pmHourly2012,
    percentiles2012: { ...ASSESSMENT_PERCENTILE, ...config.percentiles2012 },
    compositeAtThreshold: config.compositeAtThreshold,
    remainingValidDays: config.remainingValidDays,
    exceptionalDays: config.exceptionalDays,
  };
}

/**
 * The defaults: hour-first, divisors by data date, equal weights, the national rounding table, days judged by the
 * rule set of their date, no exemptions.
 */
export const DEFAULT_AIR_METHOD: AirMethod = airMethodOf();
