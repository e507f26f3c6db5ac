import { describe, expect, it } from 'vitest';
import { daysInRange } from '../time/calendar.ts';
import { iaqi } from './iaqi.ts';
import { periodStats } from './period-stats.ts';
import { targetProgress } from './targets.ts';
import { rec } from './test-daily-record.ts';

// Issue 13: each remaining [M] constant is a parameter of the pure rule, its default today's behaviour.

describe('IAQI above the top breakpoint [M]', () => {
  it('caps at 500 by default and gives no IAQI when so configured (HJ 633 defines none there)', () => {
    const capped = iaqi('PM2.5_24h', 600, '2026');
    expect(capped.iaqi).toBe(500);
    expect(capped.note).toContain('capped at 500 [M]');
    const none = iaqi('PM2.5_24h', 600, '2026', { inputRounding2012: 'hj633-2026', aboveTop: 'none' });
    expect(none.iaqi).toBeNull();
    expect(none.note).toContain('no IAQI [M]');
  });
});

describe('HJ 633-2012 input rounding [M]', () => {
  it('rounds PM2.5 75.4 to 75 (IAQI 100) by default; unrounded it is 101; 2026 always rounds (§4.2.2)', () => {
    expect(iaqi('PM2.5_24h', 75.4, '2012').iaqi).toBe(100);
    const raw = { inputRounding2012: 'none', aboveTop: 'cap-500' } as const;
    // 100 + ⌈50 · (75.4 − 75) / (115 − 75)⌉ = 100 + ⌈0.5⌉
    expect(iaqi('PM2.5_24h', 75.4, '2012', raw).iaqi).toBe(101);
    expect(iaqi('PM2.5_24h', 75.4, '2026', raw)).toEqual(iaqi('PM2.5_24h', 75.4, '2026'));
  });
});

describe('HJ 663-2013 percentiles [M]', () => {
  // SO2 daily means 1…100 over 100 days of 2025 (2012 rule set) and of 2026-04…07 (2026 rule set).
  const series = (from: string, to: string) =>
    daysInRange(from, to)
      .slice(0, 100)
      .map((d, i) => rec(d, { SO2: i + 1 }));
  it('uses P98 by default and the configured percentile for a 2012 period only', () => {
    const y2025 = series('2025-01-01', '2025-04-10');
    const to = y2025[y2025.length - 1]?.date as string;
    const byDefault = periodStats(y2025, { from: '2025-01-01', to });
    expect(byDefault.pollutants.SO2.percentileP).toBe(98);
    const p50 = { SO2: 50, NO2: 98, PM10: 95, 'PM2.5': 95, CO: 95, O3: 90 } as const;
    const configured = periodStats(y2025, { from: '2025-01-01', to, percentiles2012: p50 });
    expect(configured.pollutants.SO2.percentileP).toBe(50);
    expect(configured.pollutants.SO2.percentile).toBeLessThan(byDefault.pollutants.SO2.percentile as number);
    const y2026 = series('2026-04-01', '2026-07-09');
    const to26 = y2026[y2026.length - 1]?.date as string;
    expect(
      periodStats(y2026, { from: '2026-04-01', to: to26, percentiles2012: p50 }).pollutants.SO2.percentileP,
    ).toBe(98);
  });
});

describe('targets: the "≤" reading of R-T4 and the remaining days of the projection [M]', () => {
  const records = daysInRange('2025-01-01', '2025-06-30').map((d, i) =>
    rec(d, { pm25: 50, aqi: i % 2 === 0 ? 80 : null }),
  );
  it('an index equal to the threshold meets R-T4 by default (≤) and misses it when read strictly', () => {
    // composite 2.8 + 50/35 = 4.2286 → 4.23 reported
    const at = { year: 2025, records, compositeThreshold: 4.23 };
    expect(targetProgress(at).composite.status).toBe('on-track');
    expect(targetProgress({ ...at, compositeAtThreshold: 'misses' }).composite.status).toBe('at-risk');
  });
  it('expects every remaining day valid by default, or the share valid so far (91 of 181)', () => {
    expect(targetProgress({ year: 2025, records }).expectedRemainingValidDays).toBe(184);
    const share = targetProgress({ year: 2025, records, remainingValidDays: 'valid-share' });
    expect(share.expectedRemainingValidDays).toBe(Math.floor((184 * 91) / 181));
  });
});
