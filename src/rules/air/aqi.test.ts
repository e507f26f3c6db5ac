import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAqi, REPORT_INDICATORS } from './aqi.ts';
import { INDICATORS, pollutantOf } from './breakpoints.ts';
import { iaqi } from './iaqi.ts';
import type { Indicator, IndicatorValues, Pollutant, ReportKind, RuleSetId } from './types.ts';

// Low values, IAQI ≤ 40 each under both tables: SO2 10→10, NO2 20→25, PM10 40→40, PM2.5 20→29,
// CO 0.5→13, O3 1 h 50→16, O3 8 h 50→25.
const LOW_DAILY: IndicatorValues = {
  SO2_24h: 10,
  NO2_24h: 20,
  PM10_24h: 40,
  'PM2.5_24h': 20,
  CO_24h: 0.5,
  O3_1h: 50,
  O3_8h: 50,
};
// SO2 1 h 20→7, NO2 1 h 40→20, CO 1 h 1→10, PM 1 h as daily; plus 24 h PM for the 2012 report.
const LOW_HOURLY: IndicatorValues = {
  SO2_1h: 20,
  NO2_1h: 40,
  CO_1h: 1,
  O3_1h: 50,
  O3_8h: 50,
  PM10_1h: 40,
  'PM2.5_1h': 20,
  PM10_24h: 40,
  'PM2.5_24h': 20,
};
const daily = (ruleSet: RuleSetId, over: IndicatorValues = {}) =>
  computeAqi({ kind: 'daily', ruleSet, values: { ...LOW_DAILY, ...over } });
const hourly = (ruleSet: RuleSetId, over: IndicatorValues = {}) =>
  computeAqi({ kind: 'hourly', ruleSet, values: { ...LOW_HOURLY, ...over } });

describe('set A — daily AQI', () => {
  it('A1: PM2.5 75 → 2012 100 良 (primary PM2.5), 2026 114 轻度污染', () => {
    const old = daily('2012', { 'PM2.5_24h': 75 });
    expect(old).toMatchObject({ aqi: 100, aqiFromAvailable: 100, primaryPollutants: ['PM2.5'] });
    expect(old.category?.nameZh).toBe('良');
    expect(old.exceedingPollutants).toEqual([]);
    const neu = daily('2026', { 'PM2.5_24h': 75 });
    expect(neu).toMatchObject({ aqi: 114, primaryPollutants: ['PM2.5'], exceedingPollutants: null });
    expect(neu.category?.nameZh).toBe('轻度污染');
  });

  it('A7: CO 4.1 → 101, exceeding pollutant CO under 2012 only', () => {
    expect(daily('2012', { CO_24h: 4.1 })).toMatchObject({ aqi: 101, exceedingPollutants: ['CO'] });
    expect(daily('2026', { CO_24h: 4.1 })).toMatchObject({ aqi: 101, exceedingPollutants: null });
  });

  it('A8: CO 2.2 → AQI 55 (not 56), primary CO', () => {
    for (const rs of ['2012', '2026'] as const) {
      expect(daily(rs, { CO_24h: 2.2 })).toMatchObject({ aqi: 55, primaryPollutants: ['CO'] });
    }
  });

  it('A12: PM2.5 115 and PM10 250 → AQI 150, primary PM10 and PM2.5 (tie)', () => {
    for (const rs of ['2012', '2026'] as const) {
      const r = daily(rs, { 'PM2.5_24h': 115, PM10_24h: 250 });
      expect(r.aqi).toBe(150);
      expect(r.category?.nameZh).toBe('轻度污染');
      expect(r.primaryPollutants).toEqual(['PM10', 'PM2.5']);
    }
    expect(daily('2012', { 'PM2.5_24h': 115, PM10_24h: 250 }).exceedingPollutants).toEqual(['PM10', 'PM2.5']);
  });

  it('A13: all IAQIs ≤ 50 → no primary pollutant', () => {
    for (const rs of ['2012', '2026'] as const) {
      const r = daily(rs);
      expect(r.aqi).toBe(40);
      expect(r.category?.nameZh).toBe('优');
      expect(r.primaryPollutants).toEqual([]);
    }
    // Exactly 50 is still 优 and has no primary pollutant; 51 has one.
    expect(daily('2026', { NO2_24h: 40 })).toMatchObject({ aqi: 50, primaryPollutants: [] });
    expect(daily('2026', { PM10_24h: 51 }).primaryPollutants).toEqual(['PM10']);
  });
});

describe('which indicators feed which report', () => {
  it('2012 daily uses the O3 daily max 1 h; 2026 daily does not', () => {
    expect(daily('2012', { O3_1h: 250 })).toMatchObject({ aqi: 125, primaryPollutants: ['O3'] });
    const neu = daily('2026', { O3_1h: 250 });
    expect(neu.aqi).toBe(40);
    expect(neu.iaqi.O3_1h).toBeUndefined();
  });

  it('2012 daily: O3 8 h > 800 is not computed and O3 1 h stands for O3', () => {
    const r = daily('2012', { O3_8h: 850, O3_1h: 250 });
    expect(r.iaqi.O3_8h?.iaqi).toBeNull();
    expect(r).toMatchObject({ aqi: 125, primaryPollutants: ['O3'], missing: [] });
  });

  it('2012 hourly: SO2 1 h > 800 falls back to the SO2 24 h IAQI', () => {
    const r = hourly('2012', { SO2_1h: 900, SO2_24h: 120 }); // 50 + 50·70/100 = 85
    expect(r.iaqi.SO2_1h?.iaqi).toBeNull();
    expect(r.iaqi.SO2_24h?.iaqi).toBe(85);
    expect(r).toMatchObject({ aqi: 85, primaryPollutants: ['SO2'], missing: [] });
  });

  it('2012 hourly: without an SO2 24 h value, SO2 has no IAQI and counts as missing', () => {
    const r = hourly('2012', { SO2_1h: 900 });
    expect(r.missing).toEqual(['SO2']);
    expect(r.missingIndicators).toEqual(['SO2_24h']);
    expect(r.aqi).toBe(40); // 2012 publishes the AQI of the available pollutants
  });

  it('2012 hourly ignores SO2 24 h when SO2 1 h is computable', () => {
    const r = hourly('2012', { SO2_24h: 400 });
    expect(r.iaqi.SO2_24h).toBeUndefined();
    expect(r.aqi).toBe(40);
  });

  it('2026 hourly: SO2 1 h 900 → 200 中度污染', () => {
    const r = hourly('2026', { SO2_1h: 900 });
    expect(r).toMatchObject({ aqi: 200, primaryPollutants: ['SO2'] });
    expect(r.category?.nameZh).toBe('中度污染');
  });

  it('PM: 2026 hourly reads the 1 h value, 2012 hourly the 24 h sliding mean', () => {
    expect(hourly('2026', { 'PM2.5_1h': 75, 'PM2.5_24h': 20 }).aqi).toBe(114);
    expect(hourly('2012', { 'PM2.5_1h': 200, 'PM2.5_24h': 75 }).aqi).toBe(100);
  });

  it('2026 hourly ignores O3 8 h; 2012 hourly uses it', () => {
    expect(hourly('2026', { O3_8h: 200 }).aqi).toBe(40);
    expect(hourly('2012', { O3_8h: 200 }).aqi).toBe(137);
  });

  it('lists the report indicators of each standard', () => {
    expect(REPORT_INDICATORS['2012'].daily).toHaveLength(7);
    expect(REPORT_INDICATORS['2012'].hourly).toHaveLength(7);
    expect(REPORT_INDICATORS['2026'].daily).toHaveLength(6);
    expect(REPORT_INDICATORS['2026'].hourly).toHaveLength(6);
    expect(REPORT_INDICATORS['2026'].daily).not.toContain('O3_1h');
  });
});

describe('missing pollutants (HJ 633-2026 §5.3.1)', () => {
  const without = (v: IndicatorValues, ...drop: Indicator[]) =>
    Object.fromEntries(Object.entries(v).filter(([k]) => !drop.includes(k as Indicator))) as IndicatorValues;

  it('2026: AQI ≤ 100 with a pollutant missing is published as NA', () => {
    const r = computeAqi({ kind: 'daily', ruleSet: '2026', values: without(LOW_DAILY, 'PM2.5_24h') });
    expect(r).toMatchObject({ aqi: null, aqiFromAvailable: 40, category: null, primaryPollutants: [] });
    expect(r.missing).toEqual(['PM2.5']);
    expect(r.missingIndicators).toEqual(['PM2.5_24h']);
    // Exactly 100 is still NA ("AQI > 100" is required to publish).
    const at100 = computeAqi({
      kind: 'daily',
      ruleSet: '2026',
      values: { ...without(LOW_DAILY, 'PM2.5_24h'), PM10_24h: 120 },
    });
    expect(at100).toMatchObject({ aqi: null, aqiFromAvailable: 100 });
  });

  it('2026: AQI > 100 with a pollutant missing is published', () => {
    const r = computeAqi({
      kind: 'daily',
      ruleSet: '2026',
      values: { ...without(LOW_DAILY, 'PM2.5_24h'), PM10_24h: 180 },
    });
    expect(r).toMatchObject({
      aqi: 124,
      aqiFromAvailable: 124,
      primaryPollutants: ['PM10'],
      missing: ['PM2.5'],
    });
  });

  it('2012: the missing indicator is NA but the AQI of the others is published', () => {
    const r = computeAqi({ kind: 'daily', ruleSet: '2012', values: without(LOW_DAILY, 'PM2.5_24h') });
    expect(r).toMatchObject({ aqi: 40, aqiFromAvailable: 40, missing: ['PM2.5'] });
  });

  it('2026 §5.3.2: a pollutant outside the monitoring plan does not block publication', () => {
    const r = computeAqi({
      kind: 'daily',
      ruleSet: '2026',
      values: without(LOW_DAILY, 'CO_24h'),
      notMonitored: ['CO'],
    });
    expect(r).toMatchObject({ aqi: 40, missing: [], missingIndicators: [] });
  });

  it('no input at all → NA', () => {
    for (const rs of ['2012', '2026'] as const) {
      const r = computeAqi({ kind: 'daily', ruleSet: rs, values: {} });
      expect(r).toMatchObject({ aqi: null, aqiFromAvailable: null, category: null, primaryPollutants: [] });
      expect(r.missing).toEqual(['SO2', 'NO2', 'PM10', 'PM2.5', 'CO', 'O3']);
    }
  });
});

describe('AQI range', () => {
  const zeros = (ind: readonly Indicator[]) => Object.fromEntries(ind.map((i) => [i, 0])) as IndicatorValues;

  it('all-zero input: 2012 AQI 0 (Table 2 "0～50"), 2026 AQI 1 (§4.1.1 "1～500")', () => {
    expect(computeAqi({ kind: 'daily', ruleSet: '2012', values: zeros(INDICATORS) }).aqi).toBe(0);
    const r = computeAqi({ kind: 'daily', ruleSet: '2026', values: zeros(INDICATORS) });
    expect(r.aqi).toBe(1);
    expect(r.category?.nameZh).toBe('优');
  });

  it('throws on a negative concentration', () => {
    expect(() => daily('2026', { NO2_24h: -5 })).toThrow(RangeError);
  });
});

describe('properties', () => {
  const ruleSet = fc.constantFrom<RuleSetId>('2012', '2026');
  const kind = fc.constantFrom<ReportKind>('daily', 'hourly');
  const conc = fc.oneof(fc.integer({ min: 0, max: 1300 }), fc.double({ min: 0, max: 150, noNaN: true }));
  const allValues = fc.record(
    Object.fromEntries(INDICATORS.map((i) => [i, conc])) as Record<Indicator, fc.Arbitrary<number>>,
  );

  // Independent of computeAqi: IAQI per used indicator, with the 2012 SO2 1 h → 24 h fallback.
  const expectedIaqis = (rs: RuleSetId, k: ReportKind, v: Record<Indicator, number>) => {
    const out: Array<[Pollutant, number]> = [];
    for (const ind of REPORT_INDICATORS[rs][k]) {
      const r = iaqi(ind, v[ind], rs).iaqi;
      if (r !== null) out.push([pollutantOf(ind), r]);
      else if (ind === 'SO2_1h') out.push(['SO2', iaqi('SO2_24h', v.SO2_24h, rs).iaqi as number]);
    }
    return out;
  };

  it('AQI = max IAQI (2026: at least 1) and primary pollutants = argmax set when AQI > 50', () => {
    fc.assert(
      fc.property(ruleSet, kind, allValues, (rs, k, v) => {
        const r = computeAqi({ kind: k, ruleSet: rs, values: v });
        const pairs = expectedIaqis(rs, k, v);
        const max = Math.max(...pairs.map(([, x]) => x));
        expect(r.aqi).toBe(rs === '2026' ? Math.max(1, max) : max);
        expect(r.missing).toEqual([]);
        const argmax = new Set(pairs.filter(([, x]) => x === max).map(([p]) => p));
        expect(new Set(r.primaryPollutants)).toEqual(max > 50 ? argmax : new Set());
        expect(r.primaryPollutants.length).toBe(new Set(r.primaryPollutants).size);
      }),
      { numRuns: 1000 },
    );
  });

  it('2026: AQI is NA exactly when something is missing and the available AQI ≤ 100', () => {
    fc.assert(
      fc.property(kind, allValues, fc.subarray([...INDICATORS]), (k, v, drop) => {
        const values = Object.fromEntries(
          Object.entries(v).filter(([i]) => !drop.includes(i as Indicator)),
        ) as IndicatorValues;
        const r = computeAqi({ kind: k, ruleSet: '2026', values });
        const na = r.missing.length > 0 && (r.aqiFromAvailable === null || r.aqiFromAvailable <= 100);
        expect(r.aqi).toBe(na ? null : r.aqiFromAvailable);
        const needed = REPORT_INDICATORS['2026'][k];
        expect(r.missingIndicators).toEqual(needed.filter((i) => drop.includes(i)));
      }),
      { numRuns: 500 },
    );
  });
});
