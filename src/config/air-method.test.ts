import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISPLAY_DECIMALS } from '#rules/air/period-rounding.ts';
import { airMethodOf, DEFAULT_AIR_METHOD } from './air-method.ts';
import { ConfigError, loadConfig } from './config.ts';

describe('config `air` (issue 13)', () => {
  it('defaults: hour-first [M], divisors by data date, no weights, the one rounding table', () => {
    const m = airMethodOf(loadConfig({ env: {} }).air);
    expect(m).toEqual(DEFAULT_AIR_METHOD);
    expect(m.districtMethod).toBe('hour-first');
    expect(m.composite).toEqual({ divisors: 'by-data-date', weighted: false });
    // PM2.5 0.1, other µg/m³ integers, CO 0.1 mg/m³, composite index 0.01.
    expect(m.rounding).toEqual(DISPLAY_DECIMALS);
    expect(m.rounding.concentration).toEqual({ SO2: 0, NO2: 0, PM10: 0, 'PM2.5': 1, CO: 1, O3: 0 });
    expect(m.rounding.composite).toBe(2);
    expect(m.o3Max1hMinHours).toBe(20);
  });

  it('a file overrides single entries of the table, the rest keeps the defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qs-air-'));
    const file = join(dir, 'c.json');
    writeFileSync(
      file,
      JSON.stringify({ air: { districtMethod: 'station-first', rounding: { concentration: { PM10: 1 } } } }),
    );
    const m = airMethodOf(loadConfig({ file, env: {} }).air);
    expect(m.districtMethod).toBe('station-first');
    expect(m.rounding.concentration.PM10).toBe(1);
    expect(m.rounding.concentration['PM2.5']).toBe(1);
    expect(m.rounding.composite).toBe(2);
  });

  it('the environment overrides the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qs-air-'));
    const file = join(dir, 'c.json');
    writeFileSync(
      file,
      JSON.stringify({ air: { districtMethod: 'station-first', compositeWeighted: true } }),
    );
    const config = loadConfig({
      file,
      env: {
        QINGSHAN_AIR_DISTRICT_METHOD: 'hour-first',
        QINGSHAN_AIR_COMPOSITE_DIVISORS: 'gb3095-2012',
        QINGSHAN_AIR_ROUNDING: '{"composite": 3}',
      },
    });
    const m = airMethodOf(config.air);
    expect(m.districtMethod).toBe('hour-first');
    expect(m.composite).toEqual({ divisors: 'gb3095-2012', weighted: true });
    expect(m.rounding.composite).toBe(3);
  });

  it('is validated at start: unknown methods, negative or fractional decimals and unknown keys are refused', () => {
    expect(() => loadConfig({ env: { QINGSHAN_AIR_DISTRICT_METHOD: 'station-last' } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { QINGSHAN_AIR_ROUNDING: '{"composite": -1}' } })).toThrow(
      /air\.rounding/,
    );
    expect(() => loadConfig({ env: { QINGSHAN_AIR_ROUNDING: '{"ratio": 1.5}' } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { QINGSHAN_AIR_ROUNDING: '{"concentration": {"PM1": 1}}' } })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ env: { QINGSHAN_AIR_ROUNDING: 'not json' } })).toThrow(/QINGSHAN_AIR_ROUNDING/);
  });

  it('holds every remaining [M] assumption with today’s behaviour as default, validated at start', () => {
    const m = DEFAULT_AIR_METHOD;
    expect(m.iaqi).toEqual({ inputRounding2012: 'hj633-2026', aboveTop: 'cap-500' });
    expect(m.pmHourly2012).toBe('24h-sliding-mean');
    expect(m.percentiles2012).toEqual({ SO2: 98, NO2: 98, PM10: 95, 'PM2.5': 95, CO: 95, O3: 90 });
    expect(m.compositeAtThreshold).toBe('meets');
    expect(m.remainingValidDays).toBe('every-day');
    expect(m.exceptionalDays).toBe('like-sand-dust');
    const dir = mkdtempSync(join(tmpdir(), 'qs-air-'));
    const file = join(dir, 'c.json');
    const write = (air: object) => writeFileSync(file, JSON.stringify({ air }));
    write({ percentiles2012: { SO2: 99 }, iaqiAboveTop: 'none', exceptionalDays: 'not-deducted' });
    const set = airMethodOf(loadConfig({ file, env: {} }).air);
    expect(set.percentiles2012.SO2).toBe(99);
    expect(set.percentiles2012.NO2).toBe(98);
    expect(set.iaqi.aboveTop).toBe('none');
    expect(set.exceptionalDays).toBe('not-deducted');
    for (const bad of [
      { percentiles2012: { SO2: 101 } },
      { percentiles2012: { PM1: 95 } },
      { iaqiAboveTop: 'cap-1000' },
      { pmHourly2012: 'nowcast' },
      { compositeAtThreshold: 'maybe' },
      { remainingValidDays: 'half' },
      { exceptionalDays: 'sometimes' },
      { iaqiInputRounding2012: 'ceil' },
    ]) {
      write(bad);
      expect(() => loadConfig({ file, env: {} })).toThrow(ConfigError);
    }
  });
});
