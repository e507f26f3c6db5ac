/**
 * IAQI breakpoint tables: HJ 633-2012 Table 1 and HJ 633-2026 Table 3, as data.
 * Units: µg/m³, CO mg/m³. Each column lists the concentration at IAQI 0, 50, 100, 150, 200, 300,
 * 400, 500; a column that stops early has no breakpoints above its last entry (a top-end gap).
 */
import type { Indicator, Pollutant, RuleSetId } from './types.ts';

/** IAQI at each breakpoint row, same in both tables. */
export const IAQI_LEVELS: readonly number[] = [0, 50, 100, 150, 200, 300, 400, 500];

/** The columns the tables actually print; 1 h PM has none (see `columnFor`). */
export type BreakpointColumn =
  | 'SO2_24h'
  | 'SO2_1h'
  | 'NO2_24h'
  | 'NO2_1h'
  | 'PM10_24h'
  | 'PM2.5_24h'
  | 'CO_24h'
  | 'CO_1h'
  | 'O3_1h'
  | 'O3_8h';

export type BreakpointTable = Readonly<Record<BreakpointColumn, readonly number[]>>;

// HJ 633-2012 Table 1. SO2 1 h stops at 800 (note 2), O3 8 h stops at 800 (note 3).
const HJ_633_2012: BreakpointTable = {
  SO2_24h: [0, 50, 150, 475, 800, 1600, 2100, 2620],
  SO2_1h: [0, 150, 500, 650, 800],
  NO2_24h: [0, 40, 80, 180, 280, 565, 750, 940],
  NO2_1h: [0, 100, 200, 700, 1200, 2340, 3090, 3840],
  PM10_24h: [0, 50, 150, 250, 350, 420, 500, 600],
  'PM2.5_24h': [0, 35, 75, 115, 150, 250, 350, 500],
  CO_24h: [0, 2, 4, 14, 24, 36, 48, 60],
  CO_1h: [0, 5, 10, 35, 60, 90, 120, 150],
  O3_1h: [0, 160, 200, 300, 400, 800, 1000, 1200],
  O3_8h: [0, 100, 160, 215, 265, 800],
};

// HJ 633-2026 Table 3. Differs from 2012 only at IAQI 100 for PM10 (150 → 120) and PM2.5 (75 → 60);
// SO2 1 h and O3 8 h keep their gaps above 800 (footnotes b, c handle them, see TOP_GAP_RULES).
const HJ_633_2026: BreakpointTable = {
  SO2_24h: [0, 50, 150, 475, 800, 1600, 2100, 2620],
  SO2_1h: [0, 150, 500, 650, 800],
  NO2_24h: [0, 40, 80, 180, 280, 565, 750, 940],
  NO2_1h: [0, 100, 200, 700, 1200, 2340, 3090, 3840],
  PM10_24h: [0, 50, 120, 250, 350, 420, 500, 600],
  'PM2.5_24h': [0, 35, 60, 115, 150, 250, 350, 500],
  CO_24h: [0, 2, 4, 14, 24, 36, 48, 60],
  CO_1h: [0, 5, 10, 35, 60, 90, 120, 150],
  O3_1h: [0, 160, 200, 300, 400, 800, 1000, 1200],
  O3_8h: [0, 100, 160, 215, 265, 800],
};

export const BREAKPOINTS: Readonly<Record<RuleSetId, BreakpointTable>> = {
  '2012': HJ_633_2012,
  '2026': HJ_633_2026,
};

/**
 * The column an indicator reads. 1 h PM has no column of its own:
 * - 2026: HJ 633-2026 eq. 1 notes, "取表3中日平均的高位值/低位值" — the daily column.
 * - 2012: [M] Table 1 has only 24 h PM breakpoints and §5.1.3 does not say which PM value feeds the
 *   real-time IAQI; using the 24 h column is the common reading, but national practice varied.
 */
export function columnFor(indicator: Indicator): BreakpointColumn {
  if (indicator === 'PM10_1h') return 'PM10_24h';
  if (indicator === 'PM2.5_1h') return 'PM2.5_24h';
  return indicator;
}

/** What the standard says happens above the last breakpoint of a gapped column. */
export interface TopGapRule {
  /** Concentration (after input rounding) above which the rule applies. */
  above: number;
  /** Fixed IAQI, or null where the standard computes no IAQI for this indicator. */
  iaqi: number | null;
  /** Indicator whose IAQI is reported instead when `iaqi` is null. */
  reportInstead?: Indicator;
  clause: string;
}

export const TOP_GAP_RULES: Readonly<Record<RuleSetId, Partial<Record<BreakpointColumn, TopGapRule>>>> = {
  '2012': {
    SO2_1h: { above: 800, iaqi: null, reportInstead: 'SO2_24h', clause: 'HJ 633-2012 Table 1 note (2)' },
    O3_8h: { above: 800, iaqi: null, reportInstead: 'O3_1h', clause: 'HJ 633-2012 Table 1 note (3)' },
  },
  '2026': {
    SO2_1h: { above: 800, iaqi: 200, clause: 'HJ 633-2026 Table 3 footnote b' },
    O3_8h: { above: 800, iaqi: 300, clause: 'HJ 633-2026 Table 3 footnote c' },
  },
};

const POLLUTANT_OF: Readonly<Record<Indicator, Pollutant>> = {
  SO2_24h: 'SO2',
  SO2_1h: 'SO2',
  NO2_24h: 'NO2',
  NO2_1h: 'NO2',
  PM10_24h: 'PM10',
  PM10_1h: 'PM10',
  'PM2.5_24h': 'PM2.5',
  'PM2.5_1h': 'PM2.5',
  CO_24h: 'CO',
  CO_1h: 'CO',
  O3_1h: 'O3',
  O3_8h: 'O3',
};

export const INDICATORS: readonly Indicator[] = Object.keys(POLLUTANT_OF) as Indicator[];

export const pollutantOf = (indicator: Indicator): Pollutant => POLLUTANT_OF[indicator];

/**
 * Decimals the input concentration is rounded to before the IAQI (HJ 633-2026 §4.2.2):
 * µg/m³ pollutants to integers, CO (mg/m³) to one decimal.
 */
export const inputDecimals = (indicator: Indicator): number => (pollutantOf(indicator) === 'CO' ? 1 : 0);
