import { describe, expect, it } from 'vitest';
import { HOUR_MS, startOfDay } from '../time/calendar.ts';
import { dailyFromHours, dailySeries, emptyGrid, gridFromSeries, type HourlyPoint } from './daily-series.ts';
import { describeVerdict } from './day-rule.ts';
import { POLLUTANTS, type Pollutant } from './types.ts';

const NaN24 = () => new Array<number>(24).fill(Number.NaN);

/** A full day: every pollutant present every hour with the given constant, then overrides. */
function day(base: Partial<Record<Pollutant, number>>, edits: Partial<Record<Pollutant, number[]>> = {}) {
  const out = {} as Record<Pollutant, number[]>;
  const defaults: Record<Pollutant, number> = { SO2: 10, NO2: 20, PM10: 50, 'PM2.5': 30, CO: 0.5, O3: 100 };
  for (const p of Object.keys(defaults) as Pollutant[]) {
    out[p] = edits[p] ?? new Array<number>(24).fill(base[p] ?? defaults[p]);
  }
  return out;
}

describe('daily means (GB 3095 表4: ≥ 20 hours)', () => {
  it('19 hours → null, 20 hours → mean of those hours', () => {
    const pm19 = NaN24();
    const pm20 = NaN24();
    // 20 hours: ten of 40 and ten of 60 → 50; the 19-hour day drops one of them.
    for (let h = 0; h < 20; h++) pm20[h] = h < 10 ? 40 : 60;
    for (let h = 0; h < 19; h++) pm19[h] = pm20[h] as number;
    const d19 = dailyFromHours('2025-06-01', day({}, { 'PM2.5': pm19 }));
    const d20 = dailyFromHours('2025-06-01', day({}, { 'PM2.5': pm20 }));
    expect(d19.means['PM2.5']).toBeNull();
    expect(d19.validHours['PM2.5']).toBe(19);
    expect(d19.valid).toBe(false); // all-six rule
    expect(d20.means['PM2.5']).toBe(50);
    expect(d20.valid).toBe(true);
  });
});

describe('O3 MDA8 (17 windows, ≥ 6 h each, ≥ 14 windows or over the limit)', () => {
  it('takes the max 8-hour mean of windows inside the day', () => {
    const o3 = new Array<number>(24).fill(80);
    // Hours 10..17 at 200 → the window starting at 10 averages 200; 1-h max is 200.
    for (let h = 10; h < 18; h++) o3[h] = 200;
    const d = dailyFromHours('2025-07-01', day({}, { O3: o3 }));
    expect(d.o3ValidWindows).toBe(17);
    expect(d.o3Mda8).toBe(200);
    expect(d.o3Max1h).toBe(200);
  });

  it('does not use windows reaching into the next day', () => {
    const o3 = new Array<number>(24).fill(50);
    // Hours 20..23 high: the best window inside the day is 16..23 = (4·50 + 4·300)/8 = 175.
    for (let h = 20; h < 24; h++) o3[h] = 300;
    expect(dailyFromHours('2025-07-01', day({}, { O3: o3 })).o3Mda8).toBe(175);
  });

  it('hours 0–4 missing → 14 valid windows (valid); 0–5 missing → 13 (invalid at 100)', () => {
    // Missing hours 0..k−1 invalidate windows starting at 0..k−3 (fewer than 6 valid): k−2 windows.
    const o3a = new Array<number>(24).fill(100);
    const o3b = new Array<number>(24).fill(100);
    for (let h = 0; h < 5; h++) o3a[h] = Number.NaN;
    for (let h = 0; h < 6; h++) o3b[h] = Number.NaN;
    const a = dailyFromHours('2025-07-01', day({}, { O3: o3a }));
    const b = dailyFromHours('2025-07-01', day({}, { O3: o3b }));
    expect(a.o3ValidWindows).toBe(14);
    expect(a.o3Mda8).toBe(100);
    expect(b.o3ValidWindows).toBe(13);
    expect(b.o3Mda8).toBeNull();
    expect(b.valid).toBe(false);
  });

  it('13 windows still count when MDA8 exceeds 160 (HJ 663 §6.1.2), not when equal to it', () => {
    const over = new Array<number>(24).fill(170);
    const equal = new Array<number>(24).fill(160);
    for (let h = 0; h < 6; h++) {
      over[h] = Number.NaN;
      equal[h] = Number.NaN;
    }
    expect(dailyFromHours('2025-07-01', day({}, { O3: over })).o3Mda8).toBe(170);
    expect(dailyFromHours('2025-07-01', day({}, { O3: equal })).o3Mda8).toBeNull();
  });
});

describe('daily AQI by rule set', () => {
  it('PM2.5 75 is AQI 100 on 2026-02-28 and 114 on 2026-03-01 (HJ 633 A1)', () => {
    const hours = day({ 'PM2.5': 75 });
    const before = dailyFromHours('2026-02-28', hours);
    const after = dailyFromHours('2026-03-01', hours);
    expect(before.ruleSet).toBe('2012');
    expect(before.aqi.aqi).toBe(100);
    expect(after.ruleSet).toBe('2026');
    expect(after.aqi.aqi).toBe(114);
    expect(after.aqi.primaryPollutants).toEqual(['PM2.5']);
  });

  it('2012 daily AQI includes the O3 1-h max; 2026 does not', () => {
    // O3 300 for one hour (1-h IAQI 150), else 20 → MDA8 = (300 + 7·20)/8 = 55 (IAQI 28).
    const o3 = new Array<number>(24).fill(20);
    o3[12] = 300;
    const hours = day({ PM10: 10, 'PM2.5': 10 }, { O3: o3 });
    expect(dailyFromHours('2025-07-01', hours).aqi.aqi).toBe(150);
    expect(dailyFromHours('2026-07-01', hours).aqi.aqi).toBe(28);
  });

  // HJ 633-2026 §5.3.1: "if a pollutant is missing or invalid, compute AQI … from the others; publish the AQI if
  // it is above 100, otherwise … mark the AQI NA" (air-2026.md [P]); under 2026 a published AQI makes the day count.
  it('2026 by date: a day with PM2.5 missing counts when the other pollutants give AQI > 100', () => {
    const hours = day({ PM10: 250 }, { 'PM2.5': NaN24() });
    const d = dailyFromHours('2026-04-01', hours);
    expect(d.aqi.aqi).toBe(150); // PM10 250 → IAQI 150 (HJ 633-2026 表3)
    expect(d.valid).toBe(true);
    expect(d.verdict).toMatchObject({
      rule: 'aqi-published-2026',
      reason: 'partial-aqi-over-100',
      missing: ['PM2.5'],
    });
    expect(describeVerdict(d.verdict, 'en')).toBe(
      'AQI 150 from 5 of 6 (PM2.5 missing) > 100: counts (HJ 633-2026 §5.3.1)',
    );
    // The old behaviour stays selectable: all six or the day does not count.
    const old = dailyFromHours('2026-04-01', hours, 0, { dayRule: 'all-six' });
    expect([old.valid, old.verdict.reason]).toEqual([false, 'missing']);
  });

  it('2026 by date: a day with CO missing and AQI of the others ≤ 100 is NA and does not count', () => {
    const d = dailyFromHours('2026-04-01', day({}, { CO: NaN24() }));
    expect(d.aqi.aqi).toBeNull();
    expect(d.aqi.aqiFromAvailable).toBe(50);
    expect([d.valid, d.verdict.reason]).toEqual([false, 'partial-aqi-na']);
  });

  it('2012 by date: the same polluted day with PM2.5 missing does not count (all six)', () => {
    const d = dailyFromHours('2025-04-01', day({ PM10: 250 }, { 'PM2.5': NaN24() }));
    expect(d.aqi.aqi).toBe(150); // HJ 633-2012 publishes the AQI of the others
    expect([d.valid, d.verdict.rule, d.verdict.reason]).toEqual([false, 'all-six', 'missing']);
  });

  // HJ 633-2026 §5.3.2: a pollutant the monitoring plan does not cover does not block publication.
  it('2026: a station exempt from CO counts its clean days without CO; 2012 ignores the exemption', () => {
    const hours = day({}, { CO: NaN24() });
    const d = dailyFromHours('2026-04-01', hours, 0, { exempt: ['CO'] });
    expect(d.aqi.aqi).toBe(50);
    expect([d.valid, d.verdict.reason, d.verdict.exempt]).toEqual([true, 'exempt', ['CO']]);
    expect(dailyFromHours('2025-04-01', hours, 0, { exempt: ['CO'] }).valid).toBe(false);
  });
});

describe('grid and series', () => {
  it('labels an hour by its start: 00:00 Shanghai belongs to that day', () => {
    const t0 = startOfDay('2025-06-02');
    const pts: HourlyPoint[] = [];
    // 2025-06-01 23:00 (value 999) then 24 hours of 2025-06-02 at 40.
    pts.push({ time: t0 - HOUR_MS, value: 999 });
    for (let h = 0; h < 24; h++) pts.push({ time: t0 + h * HOUR_MS, value: 40 });
    const grid = gridFromSeries('2025-06-01', '2025-06-02', { 'PM2.5': pts });
    const days = dailySeries(grid);
    expect(days.map((d) => d.date)).toEqual(['2025-06-01', '2025-06-02']);
    expect(days[0]?.means['PM2.5']).toBeNull(); // only 1 hour
    expect(days[1]?.means['PM2.5']).toBe(40);
  });

  it('an empty grid yields days that are not valid', () => {
    const days = dailySeries(emptyGrid('2025-01-01', '2025-01-03'));
    expect(days).toHaveLength(3);
    expect(days.every((d) => !d.valid && d.aqi.aqi === null)).toBe(true);
  });
});

describe('O3 daily max 1-h hours (2012 daily report; configured, default 20 by analogy [M])', () => {
  // 19 valid O3 hours at 100 (below the 200 µg/m³ 1-h limit of GB 3095-2012), the other pollutants complete.
  const grid = emptyGrid('2025-06-01', '2025-06-01');
  for (const p of POLLUTANTS) grid.values[p].fill(p === 'CO' ? 0.5 : 40);
  grid.values.O3.fill(100);
  for (let h = 19; h < 24; h++) grid.values.O3[h] = Number.NaN;

  it('with the default 20 h, 19 hours give no max 1-h', () => {
    expect(dailyFromHours('2025-06-01', grid.values).o3Max1h).toBeNull();
  });

  it('a deployment that sets 18 h gets it', () => {
    expect(dailyFromHours('2025-06-01', grid.values, 0, { o3Max1hMinHours: 18 }).o3Max1h).toBe(100);
  });
});
