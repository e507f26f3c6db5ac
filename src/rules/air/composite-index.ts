/**
 * Ambient air quality composite index (环境空气质量综合指数), air-quality.md §4.1:
 * I_sum = Σ w_i · C_i / S_i over the six pollutants, with C = period mean for SO2, NO2, PM10,
 * PM2.5; the 95th percentile of daily means for CO; the 90th percentile of MDA8 for O3
 * (城市环境空气质量排名技术规定, 环办〔2014〕64号 / 环办监测〔2018〕19号 [S]).
 */
import { LIMIT_TABLES, type LimitPhase, limitPhaseFor } from './rule-sets.ts';
import type { Pollutant } from './types.ts';
import { POLLUTANTS } from './types.ts';

/** The C_i the index is built from (units as everywhere: µg/m³, CO mg/m³). */
export type CompositeInputs = Record<Pollutant, number | null>;

export interface CompositeIndexMethod {
  id: string;
  description: string;
  /** S_i */
  denominators: Readonly<Record<Pollutant, number>>;
  /** w_i */
  weights: Readonly<Record<Pollutant, number>>;
  verified: boolean;
  source: string;
}

/**
 * The method in use since 2014: S_i = GB 3095-2012 grade II annual limits for SO2/NO2/PM10/PM2.5,
 * the 24-h limit for CO and the 8-h limit for O3; all weights 1 [S: CNEMC / Anhui bulletins].
 */
export const COMPOSITE_INDEX_2012: CompositeIndexMethod = {
  id: 'gb3095-2012',
  description:
    'Σ C_i/S_i with GB 3095-2012 grade II limits (SO2 60, NO2 40, PM10 70, PM2.5 35, CO 4, O3 160)',
  denominators: { SO2: 60, NO2: 40, PM10: 70, 'PM2.5': 35, CO: 4, O3: 160 },
  weights: { SO2: 1, NO2: 1, PM10: 1, 'PM2.5': 1, CO: 1, O3: 1 },
  verified: true,
  source: 'air-quality.md §4.1 [S]',
};

/**
 * [M] UNVERIFIED. A third-party 168-city implementation (2026-04) attributes to HJ 663-2026 the
 * weights SO2 1, NO2 2, PM10 1, PM2.5 3, CO 1, O3 2 and S(PM10, PM2.5) = 60/30 (GB 3095-2026
 * transition grade II). No primary or news source was found (air-quality.md §4.1); do not use for
 * published figures until the HJ 663-2026 text or an MEE ranking notice confirms it.
 */
export const COMPOSITE_INDEX_2026_UNVERIFIED: CompositeIndexMethod = {
  id: 'hj663-2026-unverified',
  description: 'Σ w_i·C_i/S_i, weights 1/2/1/3/1/2, S(PM10, PM2.5) = 60/30 — UNVERIFIED',
  denominators: { SO2: 60, NO2: 40, PM10: 60, 'PM2.5': 30, CO: 4, O3: 160 },
  weights: { SO2: 1, NO2: 2, PM10: 1, 'PM2.5': 3, CO: 1, O3: 2 },
  verified: false,
  source: 'third-party implementation only [M]',
};

/**
 * Which divisors S_i a period's index uses (a configured choice):
 * - 'by-data-date' (default): the GB 3095 grade II limits in force on the period's last day — GB 3095-2012
 *   before 2026-03-01, the GB 3095-2026 transition limits to 2030-12-31 and its final limits from 2031-01-01
 *   (GB 3095-2026 §4.4 [P]; that the index follows the limits in force is our inference, air-2026.md [I]).
 * - 'gb3095-2012': the 2012 divisors for every date, which keeps an index comparable across 2026-03-01.
 */
export type CompositeDivisors = 'by-data-date' | 'gb3095-2012';
export const COMPOSITE_DIVISORS: readonly CompositeDivisors[] = ['by-data-date', 'gb3095-2012'];

export interface CompositeChoice {
  divisors: CompositeDivisors;
  /** The PM2.5 × 3, NO2 × 2, O3 × 2 weights of COMPOSITE_INDEX_2026_UNVERIFIED [M]; default false. */
  weighted: boolean;
}

export const DEFAULT_COMPOSITE_CHOICE: Readonly<CompositeChoice> = {
  divisors: 'by-data-date',
  weighted: false,
};

const PHASE_STANDARD: Readonly<Record<LimitPhase, string>> = {
  '2012': 'GB 3095-2012',
  '2026-transition': 'GB 3095-2026 过渡期 transition',
  '2026-final': 'GB 3095-2026',
};

/**
 * S_i from a limit table (grade II): the annual limits for SO2, NO2, PM10 and PM2.5, the 24-h limit for CO
 * and the 8-h limit for O3 (air-quality.md §4.1 [S]).
 */
export function compositeDivisorsOf(phase: LimitPhase): Record<Pollutant, number> {
  const t = LIMIT_TABLES[phase].II;
  return {
    SO2: t.annual.SO2,
    NO2: t.annual.NO2,
    PM10: t.annual.PM10,
    'PM2.5': t.annual['PM2.5'],
    CO: t.daily.CO,
    O3: t.o3_8h,
  };
}

/** The index method for a period ending on `date` (see CompositeDivisors). */
export function compositeMethodFor(
  date: string,
  choice: CompositeChoice = DEFAULT_COMPOSITE_CHOICE,
): CompositeIndexMethod {
  const phase = choice.divisors === 'gb3095-2012' ? '2012' : limitPhaseFor(date);
  const denominators = compositeDivisorsOf(phase);
  const weights = choice.weighted ? COMPOSITE_INDEX_2026_UNVERIFIED.weights : COMPOSITE_INDEX_2012.weights;
  const d = POLLUTANTS.map((p) => `${p} ${denominators[p]}`).join(', ');
  const id = `${phase === '2012' ? 'gb3095-2012' : `gb3095-${phase}`}${choice.weighted ? '-weighted-unverified' : ''}`;
  return {
    id,
    description: choice.weighted
      ? `Σ w_i·C_i/S_i, weights 1/2/1/3/1/2 — UNVERIFIED; S_i ${PHASE_STANDARD[phase]} (${d})`
      : `Σ C_i/S_i, S_i ${PHASE_STANDARD[phase]} grade II (${d})`,
    denominators,
    weights,
    verified: !choice.weighted,
    source: choice.weighted
      ? COMPOSITE_INDEX_2026_UNVERIFIED.source
      : 'air-quality.md §4.1 [S]; air-2026.md [I]',
  };
}

/** compositeIndex's method when called without one (period statistics choose by date: compositeMethodFor). */
export const DEFAULT_COMPOSITE_METHOD: CompositeIndexMethod = COMPOSITE_INDEX_2012;

export interface CompositeIndexResult {
  /** I_sum at full precision; null when any C_i is missing. */
  value: number | null;
  /** w_i·C_i/S_i per pollutant (null where C_i is missing). */
  parts: Record<Pollutant, number | null>;
  method: string;
  missing: Pollutant[];
}

export function compositeIndex(
  inputs: CompositeInputs,
  method: CompositeIndexMethod = DEFAULT_COMPOSITE_METHOD,
): CompositeIndexResult {
  const parts = {} as Record<Pollutant, number | null>;
  const missing: Pollutant[] = [];
  let sum = 0;
  for (const p of POLLUTANTS) {
    const c = inputs[p];
    if (c === null || !Number.isFinite(c)) {
      parts[p] = null;
      missing.push(p);
      continue;
    }
    const part = (method.weights[p] * c) / method.denominators[p];
    parts[p] = part;
    sum += part;
  }
  return { value: missing.length === 0 ? sum : null, parts, method: method.id, missing };
}

/**
 * Change rate (this − last)/last × 100 %; > 0 worse, < 0 better (城市环境空气质量变化程度排名方案,
 * 环办监测函〔2017〕197号 [S]).
 */
export function compositeChangeRate(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return ((current - previous) / previous) * 100;
}
