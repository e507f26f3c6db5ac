/**
 * Individual air quality index (IAQI, 空气质量分指数) of one indicator, HJ 633-2012 / HJ 633-2026.
 */
import {
  BREAKPOINTS,
  columnFor,
  IAQI_LEVELS,
  inputDecimals,
  pollutantOf,
  TOP_GAP_RULES,
} from './breakpoints.ts';
import { roundHalfEven } from './exact.ts';
import type { IaqiResult, Indicator, RuleSetId } from './types.ts';

/** The IAQI the tables end at; no standard defines a higher one. */
export const MAX_IAQI = 500;

/**
 * Input rounding before the IAQI: µg/m³ to integers, CO mg/m³ to 1 decimal, GB/T 8170 half-even
 * (HJ 633-2026 §4.2.2). [M] HJ 633-2012 is silent on input rounding; applying the same rule under
 * 2012 follows HJ 663-2013 reporting practice (integers, CO 1 dp), which is what fed the 2012 AQI.
 */
export function roundConcentration(indicator: Indicator, concentration: number): number {
  return roundHalfEven(concentration, inputDecimals(indicator));
}

/**
 * IAQI of one indicator. Throws RangeError for a negative or non-finite concentration: callers
 * are expected to validate data first, so reaching here with one is a programming error.
 */
/** The IAQI's working assumptions [M], set in the configuration (`air`); the defaults are DEFAULT_IAQI_OPTIONS. */
export interface IaqiOptions {
  /** HJ 633-2012 input rounding: as HJ 633-2026 §4.2.2 (default) or none. */
  inputRounding2012: 'hj633-2026' | 'none';
  /** Above the top breakpoint (outside the footnoted gaps): IAQI 500 (default) or no IAQI. */
  aboveTop: 'cap-500' | 'none';
}

export const DEFAULT_IAQI_OPTIONS: IaqiOptions = { inputRounding2012: 'hj633-2026', aboveTop: 'cap-500' };

export function iaqi(
  indicator: Indicator,
  concentration: number,
  ruleSet: RuleSetId,
  options: IaqiOptions = DEFAULT_IAQI_OPTIONS,
): IaqiResult {
  if (!Number.isFinite(concentration) || concentration < 0) {
    throw new RangeError(`${indicator}: concentration must be a finite number ≥ 0, got ${concentration}`);
  }
  const pollutant = pollutantOf(indicator);
  const unrounded = ruleSet === '2012' && options.inputRounding2012 === 'none';
  const c = unrounded ? concentration : roundConcentration(indicator, concentration);
  const column = columnFor(indicator);
  const bps = BREAKPOINTS[ruleSet][column];
  const base = { indicator, pollutant, concentration: c };
  const notes: string[] = [];
  if (ruleSet === '2012' && column !== indicator) {
    notes.push('HJ 633-2012 has no 1 h PM breakpoints; the 24 h breakpoints were used [M]');
  }
  const withNotes = (value: number | null, extra?: string): IaqiResult => {
    const all = extra === undefined ? notes : [...notes, extra];
    return all.length === 0 ? { ...base, iaqi: value } : { ...base, iaqi: value, note: all.join('; ') };
  };

  const top = bps[bps.length - 1] as number;
  if (c > top) {
    const gap = TOP_GAP_RULES[ruleSet][column];
    if (gap !== undefined && c > gap.above) {
      // HJ 633-2012 Table 1 notes (2)(3): not computed, report the other averaging time instead.
      // HJ 633-2026 Table 3 footnotes b, c: fixed IAQI 200 (SO2 1 h) / 300 (O3 8 h).
      const why =
        gap.iaqi === null
          ? `${indicator} > ${gap.above}: IAQI not computed; report the ${gap.reportInstead} IAQI instead (${gap.clause})`
          : `${indicator} > ${gap.above}: IAQI taken as ${gap.iaqi} (${gap.clause})`;
      return withNotes(gap.iaqi, why);
    }
    // [M] Beyond the last breakpoint neither standard defines an IAQI; capping at 500 ("爆表")
    // is common practice, flagged in the note so reports can mark it.
    return options.aboveTop === 'none'
      ? withNotes(null, `${indicator} ${c} is above the top breakpoint ${top}; no IAQI [M]`)
      : withNotes(
          MAX_IAQI,
          `${indicator} ${c} is above the top breakpoint ${top}; IAQI capped at ${MAX_IAQI} [M]`,
        );
  }

  // HJ 633-2012 eq. 1 / HJ 633-2026 eq. 1: linear between the nearest breakpoints BP_Lo ≤ C ≤ BP_Hi
  // (at a breakpoint both neighbouring segments give the same value).
  // Exactly, in integers: the rounded input has inputDecimals(indicator) decimals and every breakpoint is an
  // integer, so scaling by 10^decimals makes all terms small integers (far below 2^53).
  if (unrounded) {
    // The input as measured: the same equation in doubles (exactness needs the rounded input's few decimals).
    let k = 1;
    while (k < bps.length - 1 && c > (bps[k] as number)) k++;
    const lo = bps[k - 1] as number;
    const hi = bps[k] as number;
    const iL = IAQI_LEVELS[k - 1] as number;
    const iH = IAQI_LEVELS[k] as number;
    return withNotes(iL + Math.ceil(((iH - iL) * (c - lo)) / (hi - lo)));
  }
  const scale = 10 ** inputDecimals(indicator);
  const cs = Math.round(c * scale);
  let i = 1;
  while (i < bps.length - 1 && cs > (bps[i] as number) * scale) i++;
  const bpLo = (bps[i - 1] as number) * scale;
  const bpHi = (bps[i] as number) * scale;
  const iLo = IAQI_LEVELS[i - 1] as number;
  const iHi = IAQI_LEVELS[i] as number;
  // HJ 633-2012 §6.2 "进位取整" / HJ 633-2026 §4.2.6 "向上进位取整": the ceiling of
  // (iHi − iLo)(C − BP_Lo)/(BP_Hi − BP_Lo), taken on integers (with doubles CO 2.2 mg/m³ gives 56, not 55).
  return withNotes(iLo + ceilIntegerDivision((iHi - iLo) * (cs - bpLo), bpHi - bpLo));
}

/** ⌈a/b⌉ for non-negative safe integers a and positive b, exactly (the float quotient only seeds the guess). */
function ceilIntegerDivision(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q -= 1;
  return q * b < a ? q + 1 : q;
}
