import { describe, expect, it } from 'vitest';
import { limitPhaseFor, limitsFor, RULE_SETS, ruleSetFor, splitByRuleSet } from './rule-sets.ts';

describe('ruleSetFor', () => {
  it('switches on 2026-03-01', () => {
    expect(ruleSetFor('2026-02-28')).toBe('2012');
    expect(ruleSetFor('2026-03-01')).toBe('2026');
    expect(ruleSetFor('2024-02-29')).toBe('2012');
    expect(ruleSetFor('2031-06-30')).toBe('2026');
  });

  it('rejects malformed or impossible dates', () => {
    for (const bad of [
      '2026-3-1',
      '2026/03/01',
      '2026-02-30',
      '2025-02-29',
      '2026-13-01',
      '',
      '2026-03-01T00:00',
    ]) {
      expect(() => ruleSetFor(bad)).toThrow(RangeError);
    }
  });

  it('names the standards of each set', () => {
    expect(RULE_SETS['2012'].aqi.code).toBe('HJ 633-2012');
    expect(RULE_SETS['2012'].assessment.code).toBe('HJ 663-2013');
    expect(RULE_SETS['2012'].limits.code).toBe('GB 3095-2012 (2018 修改单)');
    expect(RULE_SETS['2012'].to).toBe('2026-02-28');
    expect(RULE_SETS['2026'].aqi.code).toBe('HJ 633-2026');
    expect(RULE_SETS['2026'].assessment.code).toBe('HJ 663-2026');
    expect(RULE_SETS['2026'].limits.code).toBe('GB 3095-2026');
    expect(RULE_SETS['2026'].from).toBe('2026-03-01');
  });
});

describe('splitByRuleSet', () => {
  it('keeps a range on one side whole', () => {
    expect(splitByRuleSet('2025-01-01', '2025-12-31')).toEqual([
      { ruleSet: '2012', from: '2025-01-01', to: '2025-12-31' },
    ]);
    expect(splitByRuleSet('2026-03-01', '2026-03-01')).toEqual([
      { ruleSet: '2026', from: '2026-03-01', to: '2026-03-01' },
    ]);
    expect(splitByRuleSet('2026-02-28', '2026-02-28')).toEqual([
      { ruleSet: '2012', from: '2026-02-28', to: '2026-02-28' },
    ]);
  });

  it('splits a range spanning 2026-03-01 in two', () => {
    expect(splitByRuleSet('2026-01-01', '2026-12-31')).toEqual([
      { ruleSet: '2012', from: '2026-01-01', to: '2026-02-28' },
      { ruleSet: '2026', from: '2026-03-01', to: '2026-12-31' },
    ]);
    expect(splitByRuleSet('2026-02-28', '2026-03-01')).toEqual([
      { ruleSet: '2012', from: '2026-02-28', to: '2026-02-28' },
      { ruleSet: '2026', from: '2026-03-01', to: '2026-03-01' },
    ]);
  });

  it('rejects a reversed range', () => {
    expect(() => splitByRuleSet('2026-03-02', '2026-03-01')).toThrow(RangeError);
  });
});

describe('limitsFor (GB 3095 grade II unless stated)', () => {
  it('GB 3095-2012 Table 1 up to 2026-02-28', () => {
    const l = limitsFor('2026-02-28');
    expect(l.phase).toBe('2012');
    expect(l.annual).toEqual({ SO2: 60, NO2: 40, PM10: 70, 'PM2.5': 35 });
    expect(l.daily).toEqual({ SO2: 150, NO2: 80, PM10: 150, 'PM2.5': 75, CO: 4 });
    expect(l.hourly).toEqual({ SO2: 500, NO2: 200, CO: 10, O3: 200 });
    expect(l.o3_8h).toBe(160);
  });

  it('GB 3095-2026 transition limits from 2026-03-01 to 2030-12-31', () => {
    for (const d of ['2026-03-01', '2030-12-31']) {
      const l = limitsFor(d);
      expect(l.phase).toBe('2026-transition');
      expect(l.standard).toBe('GB 3095-2026');
      expect(l.annual).toEqual({ SO2: 60, NO2: 40, PM10: 60, 'PM2.5': 30 });
      expect(l.daily).toEqual({ SO2: 150, NO2: 80, PM10: 120, 'PM2.5': 60, CO: 4 });
      expect(l.hourly).toEqual({ SO2: 500, NO2: 200, CO: 10, O3: 200 });
      expect(l.o3_8h).toBe(160);
    }
  });

  it('GB 3095-2026 final limits from 2031-01-01 (§4.4)', () => {
    const l = limitsFor('2031-01-01');
    expect(l.phase).toBe('2026-final');
    expect(l.annual).toEqual({ SO2: 20, NO2: 30, PM10: 50, 'PM2.5': 25 });
    expect(l.daily).toEqual({ SO2: 50, NO2: 50, PM10: 100, 'PM2.5': 50, CO: 4 });
    expect(l.hourly).toEqual({ SO2: 150, NO2: 200, CO: 10, O3: 200 });
    expect(l.o3_8h).toBe(160);
  });

  it('grade I', () => {
    expect(limitsFor('2025-06-01', 'I').annual).toEqual({ SO2: 20, NO2: 40, PM10: 40, 'PM2.5': 15 });
    expect(limitsFor('2027-06-01', 'I').daily).toEqual({ SO2: 50, NO2: 80, PM10: 50, 'PM2.5': 35, CO: 4 });
    expect(limitsFor('2031-06-01', 'I').annual).toEqual({ SO2: 20, NO2: 30, PM10: 20, 'PM2.5': 10 });
    expect(limitsFor('2031-06-01', 'I').daily['PM2.5']).toBe(25);
    expect(limitsFor('2031-06-01', 'I').o3_8h).toBe(100);
    expect(limitsFor('2031-06-01', 'I').hourly.O3).toBe(160);
  });

  it('phases switch on the boundary days', () => {
    expect(limitPhaseFor('2026-02-28')).toBe('2012');
    expect(limitPhaseFor('2026-03-01')).toBe('2026-transition');
    expect(limitPhaseFor('2030-12-31')).toBe('2026-transition');
    expect(limitPhaseFor('2031-01-01')).toBe('2026-final');
  });

  it('returns copies that cannot corrupt the tables', () => {
    limitsFor('2025-01-01').annual['PM2.5'] = 999;
    expect(limitsFor('2025-01-01').annual['PM2.5']).toBe(35);
  });
});
