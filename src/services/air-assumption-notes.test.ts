import { describe, expect, it } from 'vitest';
import { airMethodConfig, airMethodOf, DEFAULT_AIR_METHOD } from '#config/air-method.ts';
import { emptyGrid } from '#rules/air/daily-series.ts';
import { periodReport } from '#rules/air/period-stats.ts';
import { rec } from '#rules/air/test-daily-record.ts';
import { hourlyAqiAt } from './air-hourly.service.ts';
import { aboveTopNote, exceptionalDaysNote, methodNotes, targetNotes } from './air-report-notes.ts';

// Issue 13: "Any remaining [M] constant lives in configuration with its flag and a line in the report's notes."

const method = (air: object) => airMethodOf(airMethodConfig.parse(air));

describe('a line in the notes for each configured assumption that affected the figures', () => {
  it('IAQI above the top breakpoint: a line only when a day had one, saying how it was taken', () => {
    const day = rec('2025-03-01');
    const over = {
      ...day,
      aqi: {
        ...day.aqi,
        iaqi: {
          'PM2.5_24h': { note: 'PM2.5_24h 600 is above the top breakpoint 500; IAQI capped at 500 [M]' },
        },
      },
    };
    expect(aboveTopNote([day], DEFAULT_AIR_METHOD)).toEqual([]);
    const [note] = aboveTopNote([day, over], DEFAULT_AIR_METHOD);
    expect(note).toMatchObject({ code: 'iaqi-above-top', unverified: true });
    expect(note?.en).toContain('1 day(s)');
    expect(note?.en).toContain('taken as 500 [M]');
    expect(aboveTopNote([over], method({ iaqiAboveTop: 'none' }))[0]?.en).toContain('none is given');
  });

  it('exceptional days: a line only when the period has one, deducted or not as configured', () => {
    expect(exceptionalDaysNote([{ kind: 'sand_dust' }], DEFAULT_AIR_METHOD)).toEqual([]);
    const marked = [{ kind: 'sand_dust' }, { kind: 'exceptional' }];
    expect(exceptionalDaysNote(marked, DEFAULT_AIR_METHOD)[0]?.en).toContain(
      'deducted like sand-dust days [M]',
    );
    expect(exceptionalDaysNote(marked, method({ exceptionalDays: 'not-deducted' }))[0]?.en).toContain(
      'not deducted',
    );
  });

  it('2012 percentiles and input rounding: the lines follow the configuration', () => {
    const report = periodReport(
      ['2025-01-01', '2025-01-02'].map((d) => rec(d)),
      { from: '2025-01-01', to: '2025-01-02' },
    );
    const codes = (m: typeof DEFAULT_AIR_METHOD) =>
      Object.fromEntries(methodNotes(report, m, true).map((n) => [n.code, n.en]));
    expect(codes(DEFAULT_AIR_METHOD)['percentiles-2012']).toContain('as HJ 663-2026 Table 1');
    const set = codes(method({ percentiles2012: { SO2: 99 }, iaqiInputRounding2012: 'none' }));
    expect(set['percentiles-2012']).toContain('SO2 P99');
    expect(set['iaqi-input-rounding-2012']).toContain('unrounded');
  });

  it('targets: R-T4 at the threshold and the remaining valid days are stated', () => {
    const byDefault = targetNotes(DEFAULT_AIR_METHOD).map((n) => n.code);
    expect(byDefault).toEqual(['r-t4-at-threshold', 'remaining-valid-days']);
    expect(targetNotes(method({ compositeAtThreshold: 'misses' }))[0]?.en).toContain('read strictly');
  });
});

describe('the 2012 real-time PM reading [M]', () => {
  it('reads the 24-h sliding mean by default, the hour’s value on the 24-h breakpoints when configured', () => {
    const grid = emptyGrid('2025-03-01', '2025-03-02');
    // 23 hours at 35 µg/m³ then one at 250: sliding mean (23·35 + 250)/24 = 43.96 → 44 → 50 + ⌈50·9/40⌉ = 62; the hour alone 300.
    for (let h = 0; h < 24; h++) (grid.values['PM2.5'] as Float64Array)[h] = h === 23 ? 250 : 35;
    expect(hourlyAqiAt(grid, 23).aqi).toBe(62);
    expect(hourlyAqiAt(grid, 23, method({ pmHourly2012: '1h-on-24h-breakpoints' })).aqi).toBe(300);
  });
});
