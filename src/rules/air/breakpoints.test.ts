import { describe, expect, it } from 'vitest';
import {
  BREAKPOINTS,
  type BreakpointColumn,
  columnFor,
  IAQI_LEVELS,
  INDICATORS,
  inputDecimals,
  pollutantOf,
  TOP_GAP_RULES,
} from './breakpoints.ts';

const columns = Object.keys(BREAKPOINTS['2012']) as BreakpointColumn[];

describe('breakpoint tables', () => {
  it('have IAQI rows 0, 50, 100, 150, 200, 300, 400, 500', () => {
    expect(IAQI_LEVELS).toEqual([0, 50, 100, 150, 200, 300, 400, 500]);
  });

  it('start at 0 and strictly increase in every column', () => {
    for (const rs of ['2012', '2026'] as const) {
      for (const col of columns) {
        const bps = BREAKPOINTS[rs][col];
        expect(bps[0]).toBe(0);
        for (let i = 1; i < bps.length; i++) expect(bps[i]).toBeGreaterThan(bps[i - 1] as number);
      }
    }
  });

  it('differ between HJ 633-2012 and HJ 633-2026 only at PM10/PM2.5 IAQI 100', () => {
    const diffs: string[] = [];
    for (const col of columns) {
      const a = BREAKPOINTS['2012'][col];
      const b = BREAKPOINTS['2026'][col];
      expect(b.length).toBe(a.length);
      a.forEach((v, i) => {
        if (b[i] !== v) diffs.push(`${col}@${IAQI_LEVELS[i]}: ${v}→${b[i]}`);
      });
    }
    expect(diffs).toEqual(['PM10_24h@100: 150→120', 'PM2.5_24h@100: 75→60']);
  });

  it('match HJ 633-2012 Table 1 / HJ 633-2026 Table 3 row IAQI 100', () => {
    const row = (rs: '2012' | '2026') => Object.fromEntries(columns.map((c) => [c, BREAKPOINTS[rs][c][2]]));
    const common = { SO2_24h: 150, SO2_1h: 500, NO2_24h: 80, NO2_1h: 200, CO_24h: 4, CO_1h: 10 };
    expect(row('2012')).toEqual({ ...common, PM10_24h: 150, 'PM2.5_24h': 75, O3_1h: 200, O3_8h: 160 });
    expect(row('2026')).toEqual({ ...common, PM10_24h: 120, 'PM2.5_24h': 60, O3_1h: 200, O3_8h: 160 });
  });

  it('end SO2 1 h at 800 (IAQI 200) and O3 8 h at 800 (IAQI 300)', () => {
    for (const rs of ['2012', '2026'] as const) {
      expect(BREAKPOINTS[rs].SO2_1h).toEqual([0, 150, 500, 650, 800]);
      expect(BREAKPOINTS[rs].O3_8h).toEqual([0, 100, 160, 215, 265, 800]);
    }
    expect(TOP_GAP_RULES['2012'].SO2_1h).toMatchObject({ above: 800, iaqi: null, reportInstead: 'SO2_24h' });
    expect(TOP_GAP_RULES['2012'].O3_8h).toMatchObject({ above: 800, iaqi: null, reportInstead: 'O3_1h' });
    expect(TOP_GAP_RULES['2026'].SO2_1h).toMatchObject({ above: 800, iaqi: 200 });
    expect(TOP_GAP_RULES['2026'].O3_8h).toMatchObject({ above: 800, iaqi: 300 });
  });

  it('top out at IAQI 500 for every other column', () => {
    expect(BREAKPOINTS['2026']['PM2.5_24h'][7]).toBe(500);
    expect(BREAKPOINTS['2026'].PM10_24h[7]).toBe(600);
    expect(BREAKPOINTS['2026'].SO2_24h[7]).toBe(2620);
    expect(BREAKPOINTS['2026'].CO_1h[7]).toBe(150);
  });
});

describe('indicators', () => {
  it('read 1 h PM from the daily column (HJ 633-2026 eq. 1 notes)', () => {
    expect(columnFor('PM2.5_1h')).toBe('PM2.5_24h');
    expect(columnFor('PM10_1h')).toBe('PM10_24h');
    expect(columnFor('O3_8h')).toBe('O3_8h');
  });

  it('map to pollutants and input precision (HJ 633-2026 §4.2.2)', () => {
    expect(INDICATORS).toHaveLength(12);
    expect(pollutantOf('PM2.5_1h')).toBe('PM2.5');
    expect(pollutantOf('O3_8h')).toBe('O3');
    expect(inputDecimals('CO_24h')).toBe(1);
    expect(inputDecimals('CO_1h')).toBe(1);
    expect(inputDecimals('SO2_1h')).toBe(0);
    expect(inputDecimals('PM2.5_24h')).toBe(0);
  });
});
