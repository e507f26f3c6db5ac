import { describe, expect, it } from 'vitest';
import { hourGaps, offlinePeriods } from './hour-gaps.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 0);

describe('hourGaps', () => {
  it('groups missing hours into runs, each with why: offline, invalid (with its flag), or no data', () => {
    const missing = [false, true, true, false, true, true, true, false];
    const gaps = hourGaps({
      t0: T0,
      count: missing.length,
      missing,
      invalid: new Map([[T0 + 4 * H, 'D']]),
      offline: [[{ from: T0 + H + 10 * 60_000, to: T0 + 3 * H }]],
    });
    expect(gaps).toEqual([
      { from: 1, to: 3, reason: 'offline', flag: null },
      { from: 4, to: 5, reason: 'invalid', flag: 'D' },
      { from: 5, to: 7, reason: 'no-data', flag: null },
    ]);
  });

  it('is offline only while every logger of the station is (a backup that stayed up keeps it)', () => {
    const base = { t0: T0, count: 2, missing: [true, true], invalid: new Map<number, string | null>() };
    const main = [{ from: T0, to: null }];
    const backup = [{ from: T0 + H, to: null }];
    expect(hourGaps({ ...base, offline: [main, backup] }).map((g) => g.reason)).toEqual([
      'no-data',
      'offline',
    ]);
  });

  it('has no gap where there is a value', () => {
    expect(
      hourGaps({ t0: T0, count: 3, missing: [false, false, false], invalid: new Map(), offline: [] }),
    ).toEqual([]);
  });

  it('an offline period still open covers every later hour', () => {
    const gaps = hourGaps({
      t0: T0,
      count: 3,
      missing: [false, true, true],
      invalid: new Map(),
      offline: [[{ from: T0 + H, to: null }]],
    });
    expect(gaps).toEqual([{ from: 1, to: 3, reason: 'offline', flag: null }]);
  });
});

describe('offlinePeriods', () => {
  it('pairs each device_offline with the next device_online; a logger offline before the window starts it', () => {
    expect(
      offlinePeriods('offline', T0, [
        { at: T0 + H, kind: 'device_online' },
        { at: T0 + 2 * H, kind: 'device_offline' },
        { at: T0 + 2.5 * H, kind: 'device_offline' },
        { at: T0 + 4 * H, kind: 'device_online' },
        { at: T0 + 5 * H, kind: 'device_offline' },
      ]),
    ).toEqual([
      { from: T0, to: T0 + H },
      { from: T0 + 2 * H, to: T0 + 4 * H },
      { from: T0 + 5 * H, to: null },
    ]);
    expect(offlinePeriods(undefined, T0, [])).toEqual([]);
  });
});
