/**
 * `air` in the configuration (issue 13): the choices behind every period figure that a standard we could read
 * does not settle, and the reported rounding table. Each choice names its source tag (air-2026.md): a value
 * marked [M] or [I] is a working assumption, and a report that uses it says so in its notes.
 */
import { z } from 'zod';
import { COMPOSITE_DIVISORS, type CompositeChoice } from '#rules/air/composite-index.ts';
import { type DayRuleChoice, DEFAULT_DAY_RULE } from '#rules/air/day-rule.ts';
import { DISTRICT_METHODS, type DistrictMethod } from '#rules/air/district.ts';
import { DISPLAY_DECIMALS, type RoundingTable } from '#rules/air/period-rounding.ts';
import { COMPLIANCE_DECIMALS } from '#rules/air/period-stats.ts';
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
  };
}

/**
 * The defaults: hour-first, divisors by data date, equal weights, the national rounding table, days judged by the
 * rule set of their date, no exemptions.
 */
export const DEFAULT_AIR_METHOD: AirMethod = airMethodOf();
