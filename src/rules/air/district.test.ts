import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, startOfDay } from '../time/calendar.ts';
import { emptyGrid } from './daily-series.ts';
import { assessDistrict, districtGrid, gridsFromWideRows, type StationHourlyRow } from './district.ts';
import { POLLUTANTS } from './types.ts';

describe('districtGrid (hour-by-hour mean of valid stations, air-quality.md §3.4 [M])', () => {
  it('averages the stations that have a value, leaving hours with none missing', () => {
    const t0 = startOfDay('2025-06-01');
    const grids = gridsFromWideRows(
      [
        { station: 'A', time: t0, values: { 'PM2.5': 10 } },
        { station: 'B', time: t0, values: { 'PM2.5': 20 } },
        { station: 'C', time: t0, values: { 'PM2.5': null } },
        { station: 'A', time: t0 + HOUR_MS, values: { 'PM2.5': 30 } },
      ],
      '2025-06-01',
      '2025-06-01',
    );
    const d = districtGrid([...grids.values()]);
    expect(d.values['PM2.5'][0]).toBe(15); // (10 + 20)/2; C is not counted
    expect(d.values['PM2.5'][1]).toBe(30);
    expect(d.values['PM2.5'][2]).toBeNaN();
  });

  it('lies between the station min and max in every hour (property)', () => {
    const value = fc.option(fc.double({ min: 0, max: 1000, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { minLength: 24, maxLength: 24 }), { minLength: 1, maxLength: 8 }),
        (st) => {
          const grids = st.map((hours) => {
            const g = emptyGrid('2025-01-01', '2025-01-01');
            hours.forEach((v, h) => {
              g.values.O3[h] = v ?? Number.NaN;
            });
            return g;
          });
          const d = districtGrid(grids);
          for (let h = 0; h < 24; h++) {
            const vs = st.map((s) => s[h]).filter((v): v is number => v !== null && v !== undefined);
            const m = d.values.O3[h] as number;
            if (vs.length === 0) {
              if (!Number.isNaN(m)) return false;
            } else if (m < Math.min(...vs) - 1e-9 || m > Math.max(...vs) + 1e-9) return false;
          }
          return true;
        },
      ),
    );
  });
});

describe('assessDistrict', () => {
  it('goes from station rows to district and per-station daily values', () => {
    const t0 = startOfDay('2025-06-01');
    const rows: StationHourlyRow[] = [];
    for (let h = 0; h < 24; h++) {
      for (const p of POLLUTANTS) {
        const base = p === 'CO' ? 0.5 : p === 'O3' ? 100 : 40;
        rows.push({ station: 'A', time: t0 + h * HOUR_MS, pollutant: p, value: base });
        // Station B reports PM2.5 only for 18 hours (invalid day on its own) at 60.
        if (p !== 'PM2.5' || h < 18)
          rows.push({ station: 'B', time: t0 + h * HOUR_MS, pollutant: p, value: p === 'PM2.5' ? 60 : base });
      }
    }
    const r = assessDistrict(rows, { from: '2025-06-01', to: '2025-06-01' });
    expect(r.stations).toEqual(['A', 'B']);
    expect(r.perStation.B?.days[0]?.means['PM2.5']).toBeNull();
    expect(r.perStation.A?.days[0]?.means['PM2.5']).toBe(40);
    // District: 18 hours of (40 + 60)/2 = 50 and 6 hours of 40 → (18·50 + 6·40)/24 = 47.5
    expect(r.district.days[0]?.means['PM2.5']).toBe(47.5);
    expect(r.district.days[0]?.valid).toBe(true);
    expect(r.district.report.whole.validDays).toBe(1);
  });

  it('assesses a whole year of 12 stations with a few missing hours: every day valid', () => {
    const from = '2025-01-01';
    const to = '2025-12-31';
    const t0 = startOfDay(from);
    const rows: StationHourlyRow[] = [];
    let seed = 1;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let s = 0; s < 12; s++) {
      for (let h = 0; h < 365 * 24; h++) {
        for (const p of POLLUTANTS) {
          const scale = p === 'CO' ? 2 : p === 'O3' ? 250 : 120;
          rows.push({
            station: `S${s}`,
            time: t0 + h * HOUR_MS,
            pollutant: p,
            value: rnd() < 0.03 ? null : rnd() * scale,
          });
        }
      }
    }
    const r = assessDistrict(rows, { from, to, sandDustDates: ['2025-03-15'] });
    expect(r.district.days).toHaveLength(365);
    expect(Object.keys(r.perStation)).toHaveLength(12);
    // The marked sand-dust day leaves the deducted (headline) day count; the actual figures keep it.
    expect(r.district.report.whole.validDays).toBe(364);
    expect(r.district.report.actual.validDays).toBe(365);
  });
});

describe('district method (air-quality.md §3.4, air-2026.md [NF]: configured, hour-first by default [M])', () => {
  // One day, two stations. A reports every pollutant at a constant level all 24 hours; B reports the same
  // except PM2.5, which it has for 18 hours only (at 60): short of the 20 hours a daily mean needs (GB 3095 表4).
  const t0 = startOfDay('2025-06-01');
  const rows: StationHourlyRow[] = [];
  for (let h = 0; h < 24; h++) {
    for (const p of POLLUTANTS) {
      const base = p === 'CO' ? 0.5 : p === 'O3' ? 100 : 40;
      rows.push({ station: 'A', time: t0 + h * HOUR_MS, pollutant: p, value: base });
      if (p !== 'PM2.5' || h < 18)
        rows.push({ station: 'B', time: t0 + h * HOUR_MS, pollutant: p, value: p === 'PM2.5' ? 60 : base });
    }
  }
  const opts = { from: '2025-06-01', to: '2025-06-01' } as const;

  it('hour-first (default): B’s 18 hours enter the hourly means, (18·50 + 6·40)/24 = 47.5', () => {
    const r = assessDistrict(rows, opts);
    expect(r.district.days[0]?.means['PM2.5']).toBe(47.5);
    expect(
      assessDistrict(rows, { ...opts, districtMethod: 'hour-first' }).district.days[0]?.means['PM2.5'],
    ).toBe(47.5);
  });

  it('station-first: B has no valid PM2.5 day, so the district PM2.5 is A’s alone, 40', () => {
    const r = assessDistrict(rows, { ...opts, districtMethod: 'station-first' });
    const day = r.district.days[0];
    expect(day?.means['PM2.5']).toBe(40);
    // The other pollutants are complete at both stations: both methods agree on them.
    expect(day?.means.PM10).toBe(40);
    expect(day?.o3Mda8).toBe(100);
    // The district AQI comes from the district concentrations (HJ 633-2026 §4.2.2), here PM10/PM2.5 40 → 2012
    // IAQI: PM2.5 40 → 57, the largest.
    expect(day?.aqi.aqi).toBe(57);
    expect(day?.valid).toBe(true);
    expect(r.district.report.whole.pollutants['PM2.5'].mean).toBe(40);
  });

  it('station-first averages the stations’ MDA8, not the MDA8 of the hourly mean', () => {
    // A peaks in the morning, B in the evening: the hourly mean never reaches either peak.
    const o3: StationHourlyRow[] = [];
    for (let h = 0; h < 24; h++) {
      o3.push({ station: 'A', time: t0 + h * HOUR_MS, pollutant: 'O3', value: h < 8 ? 200 : 40 });
      o3.push({ station: 'B', time: t0 + h * HOUR_MS, pollutant: 'O3', value: h >= 16 ? 200 : 40 });
    }
    const hourFirst = assessDistrict(o3, opts).district.days[0]?.o3Mda8;
    const stationFirst = assessDistrict(o3, { ...opts, districtMethod: 'station-first' }).district.days[0]
      ?.o3Mda8;
    expect(hourFirst).toBe(120); // max over windows of (200 + 40)/2 = 120
    expect(stationFirst).toBe(200); // (200 + 200)/2
  });

  it('both methods agree on daily means when every station has every hour (property)', () => {
    const value = fc.double({ min: 0, max: 500, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { minLength: 24, maxLength: 24 }), { minLength: 1, maxLength: 5 }),
        (st) => {
          const r: StationHourlyRow[] = [];
          st.forEach((hours, s) => {
            hours.forEach((v, h) => {
              r.push({ station: `S${s}`, time: t0 + h * HOUR_MS, pollutant: 'NO2', value: v });
            });
          });
          const a = assessDistrict(r, opts).district.days[0]?.means.NO2 as number;
          const b = assessDistrict(r, { ...opts, districtMethod: 'station-first' }).district.days[0]?.means
            .NO2 as number;
          return Math.abs(a - b) <= 1e-9 * Math.max(1, a);
        },
      ),
    );
  });
});
