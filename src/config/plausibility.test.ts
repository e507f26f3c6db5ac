import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { DEFAULT_PLAUSIBILITY, plausibilityPolicies } from './plausibility.ts';
import { DEFAULT_RANGES } from './plausibility-defaults.ts';

const DAY = 86_400_000;

function withFile(content: unknown) {
  const file = join(mkdtempSync(join(tmpdir(), 'qs-plaus-')), 'c.json');
  writeFileSync(file, JSON.stringify(content));
  return loadConfig({ file, env: {} });
}

describe('plausibility config', () => {
  it('has documented defaults: 90 days back-fill, 10 min skew, a range for every seeded parameter', () => {
    const config = loadConfig({ env: {} });
    expect(config.plausibility).toEqual({ backfillDays: 90, clockSkewS: 600, ranges: {}, devices: {} });
    expect(DEFAULT_PLAUSIBILITY.base).toMatchObject({ backfillMs: 90 * DAY, clockSkewMs: 600_000 });
    for (const p of ['PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3', 'a21026', 'w01001']) {
      expect(DEFAULT_RANGES[p], p).toBeDefined();
    }
    for (const r of Object.values(DEFAULT_RANGES)) expect(r.min).toBeLessThan(r.max);
  });

  it('merges file ranges over the defaults and applies per-device overrides by MN', () => {
    const config = withFile({
      plausibility: {
        clockSkewS: 120,
        ranges: { PM10: { min: 0, max: 20000 } },
        devices: { QUARRY01: { backfillDays: 400, ranges: { 'PM2.5': { min: 0, max: 5000 } } } },
      },
    });
    const policies = plausibilityPolicies(config.plausibility);
    expect(policies.base.clockSkewMs).toBe(120_000);
    expect(policies.base.ranges.PM10).toEqual({ min: 0, max: 20000 });
    expect(policies.base.ranges.CO).toEqual(DEFAULT_RANGES.CO);
    const quarry = policies.forDevice('QUARRY01');
    expect(quarry).toMatchObject({ backfillMs: 400 * DAY, clockSkewMs: 120_000 });
    expect(quarry.ranges['PM2.5']).toEqual({ min: 0, max: 5000 });
    expect(quarry.ranges.PM10).toEqual({ min: 0, max: 20000 });
    expect(policies.forDevice('OTHER')).toBe(policies.base);
  });

  it('refuses a bad key at start, naming it', () => {
    expect(() => withFile({ plausibility: { backfilDays: 3 } })).toThrow(ConfigError);
    expect(() => withFile({ plausibility: { clockSkewS: -1 } })).toThrow(/plausibility\.clockSkewS/);
    expect(() => withFile({ plausibility: { ranges: { CO: { min: 5, max: 1 } } } })).toThrow(
      /plausibility\.ranges\.CO/,
    );
    expect(() => withFile({ plausibility: { devices: { X: { ranges: { CO: { min: 0 } } } } } })).toThrow(
      /plausibility\.devices\.X\.ranges\.CO\.max/,
    );
  });
});
