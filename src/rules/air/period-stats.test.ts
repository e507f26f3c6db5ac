import { describe, expect, it } from 'vitest';
import { daysInRange } from '../time/calendar.ts';
import type { DailyRecord } from './daily-series.ts';
import { compareYearOnYear, roundForReport } from './period-compare.ts';
import { periodReport, periodStats } from './period-stats.ts';
import { rec } from './test-daily-record.ts';

/** April 2025: PM2.5 = day of month (1..30); AQI 50 on days 1–20, 120 on 21–28, 250 on 29–30. */
function april(): DailyRecord[] {
  return daysInRange('2025-04-01', '2025-04-30').map((d) => {
    const n = Number(d.slice(8));
    return rec(d, { pm25: n, PM10: 2 * n, aqi: n <= 20 ? 50 : n <= 28 ? 120 : 250 });
  });
}

describe('periodStats — a month', () => {
  const s = periodStats(april());

  it('means and percentiles of daily values', () => {
    expect(s.kind).toBe('month');
    expect(s.pollutants['PM2.5'].mean).toBeCloseTo(15.5, 12); // (1 + 30)/2
    // P95 of 1..30: k = 1 + 29·0.95 = 28.55 → 28.55
    expect(s.pollutants['PM2.5'].percentile).toBeCloseTo(28.55, 12);
    expect(s.pollutants.SO2.percentileP).toBe(98);
    expect(s.pollutants.O3.percentile).toBe(160);
  });

  it('day counts, ratios and levels over valid days', () => {
    expect(s.validDays).toBe(30);
    expect(s.goodDays).toBe(20);
    expect(s.heavyDays).toBe(2);
    expect(s.goodRatio).toBeCloseTo(200 / 3, 10); // 20/30
    expect(s.heavyRatio).toBeCloseTo(20 / 3, 10); // 2/30
    expect(s.levelCounts).toEqual([20, 0, 8, 0, 2, 0]);
  });

  it('composite index from period means, CO P95 and O3 P90', () => {
    // SO2 6/60 + NO2 20/40 + PM10 31/70 + PM2.5 15.5/35 + CO 0.8/4 + O3 160/160
    expect(s.composite.value).toBeCloseTo(0.1 + 0.5 + 31 / 70 + 15.5 / 35 + 0.2 + 1, 12);
  });

  it('needs 27 valid days in a 30-day month', () => {
    expect(s.requiredDays).toBe(27);
    expect(s.pollutants['PM2.5'].enoughDays).toBe(true);
    const short = april().map((r, i) => (i < 4 ? rec(r.date, { pm25: null, aqi: null }) : r));
    const t = periodStats(short);
    expect(t.pollutants['PM2.5'].validDays).toBe(26);
    expect(t.pollutants['PM2.5'].enoughDays).toBe(false);
    expect(t.validDays).toBe(26);
  });

  it('February needs 25', () => {
    const feb = daysInRange('2025-02-01', '2025-02-28').map((d) =>
      Number(d.slice(8)) <= 25 ? rec(d) : rec(d, { pm25: null }),
    );
    const f = periodStats(feb);
    expect(f.requiredDays).toBe(25);
    expect(f.pollutants['PM2.5'].enoughDays).toBe(true);
    const f24 = periodStats(feb.map((r) => (r.date === '2025-02-25' ? rec(r.date, { pm25: null }) : r)));
    expect(f24.pollutants['PM2.5'].enoughDays).toBe(false);
  });
});

describe('sand-dust days', () => {
  it('are deducted from PM10/PM2.5, the composite index and the day counts; the actual figures keep them', () => {
    const s = periodStats(april(), { sandDustDates: ['2025-04-29', '2025-04-30'] });
    expect(s.pollutants['PM2.5'].mean).toBeCloseTo(14.5, 12); // 1..28
    expect(s.pollutants['PM2.5'].validDays).toBe(30);
    expect(s.pollutants['PM2.5'].usedDays).toBe(28);
    expect(s.pollutants.PM10.mean).toBeCloseTo(29, 12);
    expect(s.pollutants.SO2.usedDays).toBe(30);
    expect(s.heavyDays).toBe(0);
    expect(s.validDays).toBe(28);
    expect(s.sandDustDays).toBe(2);
    expect(s.composite.value).toBeCloseTo(0.1 + 0.5 + 29 / 70 + 14.5 / 35 + 0.2 + 1, 12);
    const r = periodReport(april(), { sandDustDates: ['2025-04-29', '2025-04-30'] });
    expect([r.whole.validDays, r.whole.heavyDays]).toEqual([28, 0]);
    expect([r.actual.validDays, r.actual.heavyDays, r.actual.sandDustDays]).toEqual([30, 2, 0]);
    expect(r.actual.pollutants['PM2.5'].usedDays).toBe(30);
  });
});

describe('compliance (GB 3095 grade II of the rule set in force)', () => {
  const year = (y: number, pm25: number) =>
    daysInRange(`${y}-01-01`, `${y}-12-31`).map((d) => rec(d, { pm25 }));

  it('2025: PM2.5 35.4 rounds to 35 ≤ 35 (complies), 35.6 → 36 (fails)', () => {
    const ok = periodStats(year(2025, 35.4));
    expect(ok.kind).toBe('year');
    expect(ok.pollutants['PM2.5'].complies).toBe(true);
    const bad = periodStats(year(2025, 35.6));
    expect(bad.pollutants['PM2.5'].checks[0]).toMatchObject({
      statistic: 'annual-mean',
      limit: 35,
      complies: false,
    });
    expect(bad.pollutants['PM2.5'].complies).toBe(false);
  });

  it('2027 uses the GB 3095-2026 transition limit 30', () => {
    const s = periodStats(year(2027, 35));
    expect(s.pollutants['PM2.5'].checks[0]?.limit).toBe(30);
    expect(s.pollutants['PM2.5'].complies).toBe(false);
    expect(s.pollutants.O3.complies).toBe(true); // 160 ≤ 160
    expect(s.notes).toHaveLength(0);
  });

  it('a year needs 324 days', () => {
    expect(periodStats(year(2025, 30)).pollutants['PM2.5'].enoughDays).toBe(true);
  });
});

describe('periods spanning 2026-03-01', () => {
  const records = daysInRange('2026-02-01', '2026-03-31').map((d) =>
    rec(d, { pm25: d < '2026-03-01' ? 40 : 20 }),
  );

  it('are split into a 2012 and a 2026 part, each with its own limits', () => {
    const r = periodReport(records);
    expect(r.spansRuleSets).toBe(true);
    expect(r.parts.map((p) => [p.ruleSet, p.from, p.to])).toEqual([
      ['2012', '2026-02-01', '2026-02-28'],
      ['2026', '2026-03-01', '2026-03-31'],
    ]);
    expect(r.parts[0]?.stats.pollutants['PM2.5'].mean).toBe(40);
    expect(r.parts[0]?.stats.pollutants['PM2.5'].checks[0]?.limit).toBe(35);
    expect(r.parts[1]?.stats.pollutants['PM2.5'].checks[0]?.limit).toBe(30);
    // Whole period: (28·40 + 31·20)/59
    expect(r.whole.pollutants['PM2.5'].mean).toBeCloseTo((28 * 40 + 31 * 20) / 59, 12);
    expect(r.whole.ruleSets).toEqual(['2012', '2026']);
    expect(r.notes[0]).toMatch(/spans 2026-03-01/);
  });

  it('a period inside one rule set has one part', () => {
    const r = periodReport(records, { from: '2026-03-01', to: '2026-03-31' });
    expect(r.spansRuleSets).toBe(false);
    expect(r.parts).toHaveLength(1);
    expect(r.whole.validDays).toBe(31);
  });
});

describe('year-on-year and report rounding', () => {
  it('changes of means, good ratio in points, composite change rate', () => {
    const last = periodStats(
      daysInRange('2024-04-01', '2024-04-30').map((d) => rec(d, { pm25: 40, aqi: 50 })),
    );
    const self = periodStats(
      daysInRange('2025-04-01', '2025-04-30').map((d, i) => rec(d, { pm25: 30, aqi: i < 27 ? 50 : 150 })),
    );
    const y = compareYearOnYear(self, last);
    expect(y.concentrations['PM2.5'].change).toBeCloseTo(-10, 12);
    expect(y.concentrations['PM2.5'].changePercent).toBeCloseTo(-25, 12);
    expect(y.goodRatioChangePp).toBeCloseTo(-10, 10); // 90 % − 100 %
    // I_last = 0.1 + 0.5 + 1 + 40/35 + 0.2 + 1; I_this has 30/35 instead
    const iLast = 2.8 + 40 / 35;
    const iThis = 2.8 + 30 / 35;
    expect(y.compositeChangeRate).toBeCloseTo(((iThis - iLast) / iLast) * 100, 10);
  });

  it('rounds half-even: PM2.5 and CO 1 dp, others integers, composite 2 dp, ratios 1 dp', () => {
    const s = periodStats(
      daysInRange('2025-04-01', '2025-04-30').map((d, i) =>
        rec(d, { pm25: i < 15 ? 14 : 14.5, SO2: 6.5, CO: 0.85, aqi: i < 20 ? 50 : 150 }),
      ),
    );
    const r = roundForReport(s);
    expect(r.concentrations['PM2.5'].mean).toBe(14.2); // 14.25 → 14.2
    expect(r.concentrations.SO2.mean).toBe(6); // 6.5 → 6
    expect(r.concentrations.CO.percentile).toBe(0.8); // 0.85 → 0.8
    expect(r.goodRatio).toBe(66.7); // 66.666…
    // 6.5/60 + 20/40 + 70/70 + 14.25/35 + 0.85/4 + 160/160 = 0.10833 + 0.5 + 1 + 0.40714 + 0.2125 + 1 = 3.22798
    expect(r.composite).toBe(3.23);
  });
});
