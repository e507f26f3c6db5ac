/**
 * Which national rule set applies to a date, and the GB 3095 limits in force on it.
 * Dates are local calendar dates (Asia/Shanghai) as 'YYYY-MM-DD'; the switch is decided on the
 * date of the data, never on "today", so historical reports are not recomputed with new rules.
 */
import type { RuleSetId } from './types.ts';

/** First day of the 2026 set (GB 3095-2026, HJ 633-2026, HJ 663-2026 all in force). */
export const RULE_SET_2026_FROM = '2026-03-01';
/** GB 3095-2026 §4.4: transition limits to 2030-12-31, final limits nationwide from this date. */
export const GB3095_2026_FINAL_FROM = '2031-01-01';

export interface StandardRef {
  code: string;
  title: string;
  /** Inclusive; null = no end date known. */
  from: string;
  to: string | null;
}

export interface RuleSetInfo {
  id: RuleSetId;
  /** Days on which this set is chosen by `ruleSetFor` (inclusive). */
  from: string;
  to: string | null;
  aqi: StandardRef;
  assessment: StandardRef;
  limits: StandardRef;
}

// Titles: HJ 633 titles from the file names of the official PDFs (research notes S1, S2); the
// HJ 663-2026 title was not read and is assumed unchanged apart from "（试行）" [M].
// Dates: research notes §1 heading, §2.1–2.3, §3 heading (HJ 663-2013 from 2013-10-01;
// GB 3095-2012 nationwide from 2016-01-01, 2018 amendment from 2018-09-01).
export const RULE_SETS: Readonly<Record<RuleSetId, RuleSetInfo>> = {
  '2012': {
    id: '2012',
    // Earlier data (GB 3095-1996 / API) is not modelled: ruleSetFor gives '2012' for it too.
    from: '2016-01-01',
    to: '2026-02-28',
    aqi: {
      code: 'HJ 633-2012',
      title: '环境空气质量指数（AQI）技术规定（试行）',
      from: '2016-01-01',
      to: '2026-02-28',
    },
    assessment: {
      code: 'HJ 663-2013',
      title: '环境空气质量评价技术规范（试行）',
      from: '2013-10-01',
      to: '2026-02-28',
    },
    limits: {
      code: 'GB 3095-2012 (2018 修改单)',
      title: '环境空气质量标准',
      from: '2016-01-01',
      to: '2026-02-28',
    },
  },
  '2026': {
    id: '2026',
    from: RULE_SET_2026_FROM,
    to: null,
    aqi: {
      code: 'HJ 633-2026',
      title: '环境空气质量指数（AQI）技术规定（试行）',
      from: RULE_SET_2026_FROM,
      to: null,
    },
    assessment: {
      code: 'HJ 663-2026',
      title: '环境空气质量评价技术规范',
      from: RULE_SET_2026_FROM,
      to: null,
    },
    limits: { code: 'GB 3095-2026', title: '环境空气质量标准', from: RULE_SET_2026_FROM, to: null },
  },
};

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Throws RangeError unless `date` is a real calendar date written 'YYYY-MM-DD'. */
export function assertIsoDate(date: string): void {
  const m = DATE_RE.exec(date);
  const [, y, mo, d] = m ?? [];
  const t = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  // Round-tripping rejects 2026-02-30 and the like, which Date.UTC would silently roll over.
  if (m === null || Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== date) {
    throw new RangeError(`expected a calendar date 'YYYY-MM-DD', got '${date}'`);
  }
}

/** Rule set for data of a local (Asia/Shanghai) calendar date; ISO dates compare as strings. */
export function ruleSetFor(date: string): RuleSetId {
  assertIsoDate(date);
  return date < RULE_SET_2026_FROM ? '2012' : '2026';
}

export interface RuleSetRange {
  ruleSet: RuleSetId;
  /** Inclusive. */
  from: string;
  to: string;
}

/** Splits an inclusive date range at 2026-03-01, so each part is evaluated under one rule set. */
export function splitByRuleSet(from: string, to: string): RuleSetRange[] {
  assertIsoDate(from);
  assertIsoDate(to);
  if (from > to) throw new RangeError(`from (${from}) is after to (${to})`);
  if (to < RULE_SET_2026_FROM) return [{ ruleSet: '2012', from, to }];
  if (from >= RULE_SET_2026_FROM) return [{ ruleSet: '2026', from, to }];
  return [
    { ruleSet: '2012', from, to: '2026-02-28' },
    { ruleSet: '2026', from: RULE_SET_2026_FROM, to },
  ];
}

// ---------------------------------------------------------------------------------------------
// GB 3095 limits (basic items, Table 1). µg/m³, CO mg/m³.

export type Grade = 'I' | 'II';
export type LimitPhase = '2012' | '2026-transition' | '2026-final';

export interface Limits {
  annual: { SO2: number; NO2: number; PM10: number; 'PM2.5': number };
  daily: { SO2: number; NO2: number; PM10: number; 'PM2.5': number; CO: number };
  hourly: { SO2: number; NO2: number; CO: number; O3: number };
  /** Daily maximum 8 h mean of O3. */
  o3_8h: number;
}

export interface LimitsInForce extends Limits {
  phase: LimitPhase;
  grade: Grade;
  standard: string;
}

type LimitTable = Readonly<Record<Grade, Limits>>;

// GB 3095-2012 Table 1 (the 2018 amendment changed the reference state, not the values).
const GB3095_2012: LimitTable = {
  I: {
    annual: { SO2: 20, NO2: 40, PM10: 40, 'PM2.5': 15 },
    daily: { SO2: 50, NO2: 80, PM10: 50, 'PM2.5': 35, CO: 4 },
    hourly: { SO2: 150, NO2: 200, CO: 10, O3: 160 },
    o3_8h: 100,
  },
  II: {
    annual: { SO2: 60, NO2: 40, PM10: 70, 'PM2.5': 35 },
    daily: { SO2: 150, NO2: 80, PM10: 150, 'PM2.5': 75, CO: 4 },
    hourly: { SO2: 500, NO2: 200, CO: 10, O3: 200 },
    o3_8h: 160,
  },
};

// GB 3095-2026 Table 1, transition columns (§4.4: 2026-03-01 … 2030-12-31).
const GB3095_2026_TRANSITION: LimitTable = {
  I: {
    annual: { SO2: 20, NO2: 40, PM10: 40, 'PM2.5': 15 },
    daily: { SO2: 50, NO2: 80, PM10: 50, 'PM2.5': 35, CO: 4 },
    hourly: { SO2: 150, NO2: 200, CO: 10, O3: 160 },
    o3_8h: 100,
  },
  II: {
    annual: { SO2: 60, NO2: 40, PM10: 60, 'PM2.5': 30 },
    daily: { SO2: 150, NO2: 80, PM10: 120, 'PM2.5': 60, CO: 4 },
    hourly: { SO2: 500, NO2: 200, CO: 10, O3: 200 },
    o3_8h: 160,
  },
};

// GB 3095-2026 Table 1, final columns (§4.4: nationwide from 2031-01-01).
const GB3095_2026_FINAL: LimitTable = {
  I: {
    annual: { SO2: 20, NO2: 30, PM10: 20, 'PM2.5': 10 },
    daily: { SO2: 50, NO2: 50, PM10: 50, 'PM2.5': 25, CO: 4 },
    hourly: { SO2: 150, NO2: 200, CO: 10, O3: 160 },
    o3_8h: 100,
  },
  II: {
    annual: { SO2: 20, NO2: 30, PM10: 50, 'PM2.5': 25 },
    daily: { SO2: 50, NO2: 50, PM10: 100, 'PM2.5': 50, CO: 4 },
    hourly: { SO2: 150, NO2: 200, CO: 10, O3: 200 },
    o3_8h: 160,
  },
};

export const LIMIT_TABLES: Readonly<Record<LimitPhase, LimitTable>> = {
  '2012': GB3095_2012,
  '2026-transition': GB3095_2026_TRANSITION,
  '2026-final': GB3095_2026_FINAL,
};

export function limitPhaseFor(date: string): LimitPhase {
  assertIsoDate(date);
  if (date < RULE_SET_2026_FROM) return '2012';
  return date < GB3095_2026_FINAL_FROM ? '2026-transition' : '2026-final';
}

/**
 * GB 3095 limits in force on a date. Grade II is for class-2 zones (residential, mixed, industrial,
 * rural — GB 3095-2026 §4.1), which is what a district assessment uses; grade I for class-1 zones.
 */
export function limitsFor(date: string, grade: Grade = 'II'): LimitsInForce {
  const phase = limitPhaseFor(date);
  const t = LIMIT_TABLES[phase][grade];
  // Copies, so a caller mutating its result cannot corrupt the shared table.
  return {
    phase,
    grade,
    standard: phase === '2012' ? RULE_SETS['2012'].limits.code : RULE_SETS['2026'].limits.code,
    annual: { ...t.annual },
    daily: { ...t.daily },
    hourly: { ...t.hourly },
    o3_8h: t.o3_8h,
  };
}
