/**
 * Public API of the air-quality rules. Pure functions and data; nothing here does I/O.
 */

// AQI (HJ 633-2012 / HJ 633-2026).
export type { AqiComputation, AqiInput } from './aqi.ts';
export { computeAqi, REPORT_INDICATORS } from './aqi.ts';
export type { BreakpointColumn, BreakpointTable, TopGapRule } from './breakpoints.ts';
export {
  BREAKPOINTS,
  columnFor,
  IAQI_LEVELS,
  INDICATORS,
  inputDecimals,
  pollutantOf,
  TOP_GAP_RULES,
} from './breakpoints.ts';
export type { AqiCategoryInfo } from './categories.ts';
export { AQI_CATEGORIES, categoryOf } from './categories.ts';
export type { Decimal, Rational } from './exact.ts';
export { ceilDiv, decimalOf, floorDiv, rationalOf, roundHalfEven } from './exact.ts';
export { iaqi, MAX_IAQI, roundConcentration } from './iaqi.ts';
// Rule sets and GB 3095 limits.
export type {
  Grade,
  LimitPhase,
  Limits,
  LimitsInForce,
  RuleSetInfo,
  RuleSetRange,
  StandardRef,
} from './rule-sets.ts';
export {
  assertIsoDate,
  GB3095_2026_FINAL_FROM,
  LIMIT_TABLES,
  limitPhaseFor,
  limitsFor,
  RULE_SET_2026_FROM,
  RULE_SETS,
  ruleSetFor,
  splitByRuleSet,
} from './rule-sets.ts';
// Shared vocabulary.
export type {
  AqiCategory,
  AqiResult,
  IaqiResult,
  Indicator,
  IndicatorValues,
  Pollutant,
  ReportKind,
  RuleSetId,
} from './types.ts';
export { POLLUTANTS } from './types.ts';

// Statistics (percentiles, validity, period statistics, composite index, targets): exported below.

// Statistics: calendar, validity, percentiles, daily series, period statistics, composite index,
// district aggregation, plan targets.
export * from '../time/calendar.ts';
export * from './composite-index.ts';
export * from './daily-series.ts';
export * from './day-rule.ts';
export * from './district.ts';
export * from './percentile.ts';
export * from './period-compare.ts';
export * from './period-stats.ts';
export * from './targets.ts';
export * from './validity.ts';
