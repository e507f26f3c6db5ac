/**
 * Shared vocabulary of the air-quality rules. Pure data types: nothing here does I/O.
 * Concentrations are µg/m³ except CO, which is mg/m³ everywhere in the rules.
 */

/** The six basic pollutants of GB 3095 Table 1 (基本项目). */
export type Pollutant = 'SO2' | 'NO2' | 'PM10' | 'PM2.5' | 'CO' | 'O3';

export const POLLUTANTS: readonly Pollutant[] = ['SO2', 'NO2', 'PM10', 'PM2.5', 'CO', 'O3'];

/**
 * An IAQI indicator: a pollutant at an averaging time (HJ 633 Table 1 / Table 3 columns).
 * `O3_8h` is the (daily maximum) 8-hour sliding mean; `*_24h` is the daily (24-hour) mean.
 */
export type Indicator =
  | 'SO2_24h'
  | 'SO2_1h'
  | 'NO2_24h'
  | 'NO2_1h'
  | 'PM10_24h'
  | 'PM10_1h'
  | 'PM2.5_24h'
  | 'PM2.5_1h'
  | 'CO_24h'
  | 'CO_1h'
  | 'O3_1h'
  | 'O3_8h';

/** Identifies the national rule set in force for a date (see rule-sets.ts). */
export type RuleSetId = '2012' | '2026';

/** Daily report (日报) or real-time hourly report (实时报), HJ 633 §5. */
export type ReportKind = 'daily' | 'hourly';

/** AQI category, HJ 633 Table 2 (2012) / Table 1 (2026). */
export interface AqiCategory {
  level: 1 | 2 | 3 | 4 | 5 | 6;
  /** 优, 良, 轻度污染, 中度污染, 重度污染, 严重污染 */
  nameZh: string;
  nameEn: string;
  /** #RRGGBB as given by the standard. */
  color: string;
}

/** Inputs of one AQI computation; an absent indicator is missing (缺测, NA). */
export type IndicatorValues = Partial<Record<Indicator, number>>;

export interface IaqiResult {
  indicator: Indicator;
  pollutant: Pollutant;
  /** The concentration after the standard's input rounding. */
  concentration: number;
  /** Integer IAQI (ceiling, HJ 633-2026 §4.2.6), or null where the standard computes none. */
  iaqi: number | null;
  /** Why the IAQI came out as it did when a special rule applied (e.g. SO2 1h > 800). */
  note?: string;
}

export interface AqiResult {
  ruleSet: RuleSetId;
  kind: ReportKind;
  /** null = NA (HJ 633-2026 §5.3.1: missing pollutants and AQI ≤ 100, or nothing given). */
  aqi: number | null;
  /** AQI computed from the available pollutants even when it is published as NA. */
  aqiFromAvailable: number | null;
  category: AqiCategory | null;
  /** Empty when AQI ≤ 50; all tied pollutants otherwise (HJ 633 §4.4 / 2026 §3). */
  primaryPollutants: Pollutant[];
  /** IAQI > 100 (超标污染物). HJ 633-2012 only; null under 2026, which removed the definition. */
  exceedingPollutants: Pollutant[] | null;
  iaqi: Partial<Record<Indicator, IaqiResult>>;
  missing: Pollutant[];
}
