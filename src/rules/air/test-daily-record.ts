/** Test support: daily records with hand-set values, for the period and target statistics tests. */
import type { DailyRecord } from './daily-series.ts';
import { ruleSetFor } from './rule-sets.ts';

export interface Vals {
  SO2?: number | null;
  NO2?: number | null;
  PM10?: number | null;
  pm25?: number | null;
  CO?: number | null;
  O3?: number | null;
  aqi?: number | null;
}

/** A daily record with hand-set values (defaults: SO2 6, NO2 20, PM10 70, PM2.5 35, CO 0.8, O3 160). */
export function rec(date: string, v: Vals = {}): DailyRecord {
  const aqi = v.aqi === undefined ? 50 : v.aqi;
  const ruleSet = ruleSetFor(date);
  return {
    date,
    ruleSet,
    means: {
      SO2: v.SO2 === undefined ? 6 : v.SO2,
      NO2: v.NO2 === undefined ? 20 : v.NO2,
      PM10: v.PM10 === undefined ? 70 : v.PM10,
      'PM2.5': v.pm25 === undefined ? 35 : v.pm25,
      CO: v.CO === undefined ? 0.8 : v.CO,
    },
    o3Max1h: null,
    o3Mda8: v.O3 === undefined ? 160 : v.O3,
    validHours: { SO2: 24, NO2: 24, PM10: 24, 'PM2.5': 24, CO: 24, O3: 24 },
    o3ValidWindows: 17,
    aqi: {
      ruleSet,
      kind: 'daily',
      aqi,
      aqiFromAvailable: aqi,
      category: null,
      primaryPollutants: [],
      exceedingPollutants: null,
      iaqi: {},
      missing: [],
    },
    valid: aqi !== null,
    verdict: {
      counts: aqi !== null,
      rule: 'all-six',
      reason: aqi !== null ? 'all-six-valid' : 'missing',
      missing: [],
      exempt: [],
      aqiFromAvailable: aqi,
      available: 6,
      clause: 'test',
    },
  };
}
