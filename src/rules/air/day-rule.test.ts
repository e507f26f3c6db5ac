import { describe, expect, it } from 'vitest';
import { dayRuleNote, describeVerdict, judgeDay } from './day-rule.ts';

// HJ 633-2026 §5.3.1 [P]: "when a pollutant is missing or invalid, compute AQI, primary pollutant and category from
// the others; publish the AQI if it is above 100, otherwise publish the single indices and mark the AQI NA".
// §5.3.2 [P]: "a pollutant the monitoring plan does not cover does not block publication". A day counts under the
// 2026 rules when its AQI is published (air-2026.md [I]); under 2012 when all six are valid.
describe('judgeDay: when a day counts as assessed', () => {
  it('all six valid counts under both rule sets', () => {
    for (const ruleSet of ['2012', '2026'] as const) {
      const v = judgeDay({ ruleSet, choice: 'by-date', absent: [], aqiFromAvailable: 40 });
      expect([v.counts, v.reason]).toEqual([true, 'all-six-valid']);
    }
  });

  it('2026 §5.3.1: "publish the AQI if it is above 100": 101 counts, 100 is NA and does not', () => {
    const at = (aqi: number) =>
      judgeDay({ ruleSet: '2026', choice: 'by-date', absent: ['CO'], aqiFromAvailable: aqi });
    expect(at(101)).toMatchObject({
      counts: true,
      reason: 'partial-aqi-over-100',
      clause: 'HJ 633-2026 §5.3.1',
    });
    expect(at(100)).toMatchObject({ counts: false, reason: 'partial-aqi-na' });
    expect(describeVerdict(at(132), 'en')).toBe(
      'AQI 132 from 5 of 6 (CO missing) > 100: counts (HJ 633-2026 §5.3.1)',
    );
    expect(describeVerdict(at(132), 'zh')).toBe(
      '由 5/6 项算得 AQI 132（CO 缺测）> 100：计入（HJ 633-2026 §5.3.1）',
    );
    expect(describeVerdict(at(80), 'en')).toBe(
      'AQI 80 from 5 of 6 (CO missing) ≤ 100, AQI NA: does not count (HJ 633-2026 §5.3.1)',
    );
  });

  it('2026 §5.3.1: nothing to compute from is NA', () => {
    const v = judgeDay({
      ruleSet: '2026',
      choice: 'by-date',
      absent: ['SO2', 'NO2', 'PM10', 'PM2.5', 'CO', 'O3'],
      aqiFromAvailable: null,
    });
    expect([v.counts, v.available]).toEqual([false, 0]);
  });

  it('2026 §5.3.2: an exempt pollutant does not block; a non-exempt one still does', () => {
    const ex = judgeDay({
      ruleSet: '2026',
      choice: 'by-date',
      absent: ['SO2'],
      exempt: ['SO2'],
      aqiFromAvailable: 45,
    });
    expect(ex).toMatchObject({
      counts: true,
      reason: 'exempt',
      exempt: ['SO2'],
      missing: [],
      clause: 'HJ 633-2026 §5.3.2',
    });
    const both = judgeDay({
      ruleSet: '2026',
      choice: 'by-date',
      absent: ['SO2', 'CO'],
      exempt: ['SO2'],
      aqiFromAvailable: 45,
    });
    expect(both).toMatchObject({ counts: false, reason: 'partial-aqi-na', missing: ['CO'], exempt: ['SO2'] });
  });

  it('2012 and the all-six choice: any missing pollutant, polluted or not, exemption or not, does not count', () => {
    const old = judgeDay({
      ruleSet: '2012',
      choice: 'by-date',
      absent: ['CO'],
      exempt: ['CO'],
      aqiFromAvailable: 180,
    });
    expect(old).toMatchObject({ counts: false, rule: 'all-six', reason: 'missing', missing: ['CO'] });
    expect(describeVerdict(old, 'zh')).toBe('CO 缺测，六项不全：不计入（GB 3095-2012 表4 [M]）');
    expect(describeVerdict(old, 'en')).toBe(
      'CO missing, not all six: does not count (GB 3095-2012 Table 4 [M])',
    );
    const chosen = judgeDay({ ruleSet: '2026', choice: 'all-six', absent: ['CO'], aqiFromAvailable: 180 });
    expect(chosen).toMatchObject({ counts: false, rule: 'all-six' });
  });

  it('the report note names the rule of each rule set in the period', () => {
    expect(dayRuleNote('by-date', ['2012'])).toMatchObject({
      en: 'Day rule by date: before 2026-03-01: all six valid',
      zh: '有效天规则（按数据日期）：2026-03-01 前：六项指标均有效方计入',
      unverified: true,
    });
    const both = dayRuleNote('by-date', ['2012', '2026']);
    expect(both.en).toContain('HJ 633-2026 §5.3.1/§5.3.2');
    expect(both.zh).toContain('其余项 AQI > 100');
    expect(dayRuleNote('by-date', ['2026']).unverified).toBe(false);
    expect(dayRuleNote('all-six', ['2026']).en).toContain('air.dayRule = all-six');
  });
});
