import type { AqiQuery } from '#contract/air.ts';
import { computeAqi } from '#rules/air/aqi.ts';
import { ruleSetFor } from '#rules/air/rule-sets.ts';
import type { Indicator, IndicatorValues, Pollutant, RuleSetId } from '#rules/air/types.ts';

type ConcentrationKey = Exclude<keyof AqiQuery, 'kind' | 'date'>;

/**
 * Which indicator each given concentration is, per report kind and rule set. Under HJ 633-2012 the real-time PM
 * IAQI reads the 24-hour sliding mean (§5.1.3), so --pm10/--pm25 are taken as that mean there.
 */
const INDICATOR_OF: Record<'daily' | 'hourly-2012' | 'hourly-2026', Record<ConcentrationKey, Indicator>> = {
  daily: {
    so2: 'SO2_24h',
    no2: 'NO2_24h',
    pm10: 'PM10_24h',
    pm25: 'PM2.5_24h',
    co: 'CO_24h',
    o3_8h: 'O3_8h',
    o3_1h: 'O3_1h',
  },
  'hourly-2012': {
    so2: 'SO2_1h',
    no2: 'NO2_1h',
    pm10: 'PM10_24h',
    pm25: 'PM2.5_24h',
    co: 'CO_1h',
    o3_8h: 'O3_8h',
    o3_1h: 'O3_1h',
  },
  'hourly-2026': {
    so2: 'SO2_1h',
    no2: 'NO2_1h',
    pm10: 'PM10_1h',
    pm25: 'PM2.5_1h',
    co: 'CO_1h',
    o3_8h: 'O3_8h',
    o3_1h: 'O3_1h',
  },
};

export interface AqiAnswer {
  ruleSet: RuleSetId;
  standard: string;
  kind: 'daily' | 'hourly';
  date: string;
  /** null = NA (HJ 633-2026 §5.3.1). */
  aqi: number | null;
  aqiFromAvailable: number | null;
  /** 优 / 良 / 轻度污染 / 中度污染 / 重度污染 / 严重污染 */
  category: string | null;
  categoryEn: string | null;
  level: number | null;
  color: string | null;
  primaryPollutants: Pollutant[];
  /** IAQI > 100; HJ 633-2012 only (null under 2026, which dropped the definition). */
  exceedingPollutants: Pollutant[] | null;
  /** Integer IAQI per indicator used; null where the standard computes none. */
  iaqi: Partial<Record<Indicator, number | null>>;
  /** Concentrations after the standard's input rounding. */
  concentrations: Partial<Record<Indicator, number>>;
  missing: Pollutant[];
  notes: string[];
}

/** One AQI from given concentrations, under the rule set in force on `date`. */
export function aqiFromConcentrations(query: AqiQuery): AqiAnswer {
  const ruleSet = ruleSetFor(query.date);
  const mapping = INDICATOR_OF[query.kind === 'daily' ? 'daily' : (`hourly-${ruleSet}` as const)];
  const values: IndicatorValues = {};
  for (const [key, indicator] of Object.entries(mapping) as [ConcentrationKey, Indicator][]) {
    const v = query[key];
    if (v !== undefined) values[indicator] = v;
  }
  const result = computeAqi({ kind: query.kind, ruleSet, values });
  const iaqi: AqiAnswer['iaqi'] = {};
  const concentrations: AqiAnswer['concentrations'] = {};
  const notes: string[] = [];
  for (const [indicator, r] of Object.entries(result.iaqi)) {
    if (!r) continue;
    iaqi[indicator as Indicator] = r.iaqi;
    concentrations[indicator as Indicator] = r.concentration;
    if (r.note) notes.push(`${indicator}: ${r.note}`);
  }
  return {
    ruleSet,
    standard: ruleSet === '2012' ? 'HJ 633-2012' : 'HJ 633-2026',
    kind: query.kind,
    date: query.date,
    aqi: result.aqi,
    aqiFromAvailable: result.aqiFromAvailable,
    category: result.category?.nameZh ?? null,
    categoryEn: result.category?.nameEn ?? null,
    level: result.category?.level ?? null,
    color: result.category?.color ?? null,
    primaryPollutants: result.primaryPollutants,
    exceedingPollutants: result.exceedingPollutants,
    iaqi,
    concentrations,
    missing: result.missing,
    notes,
  };
}
