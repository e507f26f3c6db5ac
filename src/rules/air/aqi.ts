/**
 * Air quality index (AQI) of one daily or real-time report, HJ 633-2012 / HJ 633-2026.
 */
import { pollutantOf } from './breakpoints.ts';
import { categoryOf } from './categories.ts';
import { type IaqiOptions, iaqi } from './iaqi.ts';
import type {
  AqiResult,
  IaqiResult,
  Indicator,
  IndicatorValues,
  Pollutant,
  ReportKind,
  RuleSetId,
} from './types.ts';
import { POLLUTANTS } from './types.ts';

/** Indicators that feed each report. */
export const REPORT_INDICATORS: Readonly<
  Record<RuleSetId, Readonly<Record<ReportKind, readonly Indicator[]>>>
> = {
  '2012': {
    // HJ 633-2012 §5.1.2: 24 h means, O3 daily max 1 h and daily max 8 h sliding mean.
    daily: ['SO2_24h', 'NO2_24h', 'PM10_24h', 'PM2.5_24h', 'CO_24h', 'O3_1h', 'O3_8h'],
    // HJ 633-2012 §5.1.3: 1 h values, O3 8 h sliding mean, PM 24 h sliding means. [M] the text
    // does not say which PM value feeds the real-time IAQI; the 24 h sliding mean is used here.
    hourly: ['SO2_1h', 'NO2_1h', 'PM10_24h', 'PM2.5_24h', 'CO_1h', 'O3_1h', 'O3_8h'],
  },
  '2026': {
    // HJ 633-2026 §4.2.2: daily means and O3 daily max 8 h only (the O3 1 h column is real-time only).
    daily: ['SO2_24h', 'NO2_24h', 'PM10_24h', 'PM2.5_24h', 'CO_24h', 'O3_8h'],
    // HJ 633-2026 §4.2.3: 1 h means only; PM 1 h reads the daily breakpoints (eq. 1 notes).
    hourly: ['SO2_1h', 'NO2_1h', 'PM10_1h', 'PM2.5_1h', 'CO_1h', 'O3_1h'],
  },
};

export interface AqiInput {
  kind: ReportKind;
  ruleSet: RuleSetId;
  /** Absent indicators are missing (缺测). Indicators the report does not use are ignored. */
  values: IndicatorValues;
  /**
   * Pollutants the monitoring plan does not cover and that had no ≥ 轻度 primary-pollutant episode
   * in 3 years (HJ 633-2026 §5.3.2, shown as "/"): their absence does not make the AQI NA.
   * The caller asserts both conditions. Ignored under 2012.
   */
  notMonitored?: readonly Pollutant[];
  /** The IAQI's working assumptions [M] (iaqi.ts); default DEFAULT_IAQI_OPTIONS. */
  iaqi?: IaqiOptions;
}

export interface AqiComputation extends AqiResult {
  /** Indicators the report needed but did not get, in report order. */
  missingIndicators: Indicator[];
}

export function computeAqi(input: AqiInput): AqiComputation {
  const { kind, ruleSet, values } = input;
  const notMonitored = new Set(ruleSet === '2026' ? (input.notMonitored ?? []) : []);
  const results: Partial<Record<Indicator, IaqiResult>> = {};
  const missingIndicators: Indicator[] = [];

  const evaluate = (indicator: Indicator): IaqiResult | undefined => {
    const c = values[indicator];
    if (c === undefined) {
      if (!notMonitored.has(pollutantOf(indicator))) missingIndicators.push(indicator);
      return undefined;
    }
    const r = iaqi(indicator, c, ruleSet, input.iaqi);
    results[indicator] = r;
    return r;
  };

  for (const indicator of REPORT_INDICATORS[ruleSet][kind]) {
    const r = evaluate(indicator);
    // HJ 633-2012 Table 1 note (2): SO2 1 h > 800 is reported with the SO2 24 h IAQI. (Note (3),
    // O3 8 h > 800 → O3 1 h, needs nothing extra: both 2012 reports already include O3 1 h.)
    if (r?.iaqi === null && indicator === 'SO2_1h' && results.SO2_24h === undefined) evaluate('SO2_24h');
  }

  const byPollutant = new Map<Pollutant, number>();
  for (const r of Object.values(results)) {
    if (r.iaqi === null) continue;
    byPollutant.set(r.pollutant, Math.max(byPollutant.get(r.pollutant) ?? 0, r.iaqi));
  }

  // A pollutant is missing if a required input is absent, or if it ended with no IAQI at all
  // (2012: SO2 1 h > 800 without an SO2 24 h value to fall back on).
  const missingSet = new Set(missingIndicators.map(pollutantOf));
  for (const r of Object.values(results)) {
    if (!byPollutant.has(r.pollutant)) missingSet.add(r.pollutant);
  }
  const missing = POLLUTANTS.filter((p) => missingSet.has(p));

  // AQI = max(IAQI_1 … IAQI_n): HJ 633-2012 / HJ 633-2026 AQI formula (research notes §1.2; the
  // equation number was not re-read).
  const maxIaqi = byPollutant.size === 0 ? null : Math.max(...byPollutant.values());
  // HJ 633-2026 §4.1.1: "空气质量指数的范围为1～500". The formula gives 0 only when every input
  // rounds to 0, so only that case is lifted to 1; 2012 (Table 2 "0～50") keeps 0.
  const aqiFromAvailable = maxIaqi === null ? null : ruleSet === '2026' ? Math.max(1, maxIaqi) : maxIaqi;

  let aqi = aqiFromAvailable;
  // HJ 633-2026 §5.3.1: with a pollutant missing, publish the AQI only if it exceeds 100 (it cannot
  // fall by adding pollutants); otherwise the AQI is NA. HJ 633-2012 only marks the missing
  // indicator itself as NA, so under 2012 the AQI from the available pollutants is published.
  if (ruleSet === '2026' && missing.length > 0 && (aqi === null || aqi <= 100)) aqi = null;

  // HJ 633-2012 §4.4 / HJ 633-2026 §3 (首要污染物): primary pollutant only when AQI > 50; ties all listed.
  const primaryPollutants =
    aqi !== null && aqi > 50 ? POLLUTANTS.filter((p) => byPollutant.get(p) === maxIaqi) : [];

  // HJ 633-2012 §3.4, §4.4.2: exceeding pollutant = IAQI > 100. HJ 633-2026 deleted the definition.
  const exceedingPollutants =
    ruleSet === '2012' ? POLLUTANTS.filter((p) => (byPollutant.get(p) ?? 0) > 100) : null;

  return {
    ruleSet,
    kind,
    aqi,
    aqiFromAvailable,
    category: aqi === null ? null : categoryOf(aqi),
    primaryPollutants,
    exceedingPollutants,
    iaqi: results,
    missing,
    missingIndicators,
  };
}
