/**
 * Ambient air quality composite index (环境空气质量综合指数), air-quality.md §4.1:
 * I_sum = Σ w_i · C_i / S_i over the six pollutants, with C = period mean for SO2, NO2, PM10,
 * PM2.5; the 95th percentile of daily means for CO; the 90th percentile of MDA8 for O3
 * (城市环境空气质量排名技术规定, 环办〔2014〕64号 / 环办监测〔2018〕19号 [S]).
 */
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
 * Default for both rule-set periods: until a new ranking notice is read, the 2012 method keeps
 * year-on-year comparisons across 2026-03-01 consistent (§4.1 "open question"). [M]
 */
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
