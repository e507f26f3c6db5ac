import { describe, expect, it } from 'vitest';
import { REALTIME_MAX_WINDOW_MS, realtimeWindow } from './realtime-window.ts';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-29T12:00:00+08:00');

describe('realtimeWindow (real-time reads are bounded: realtime_values is keyed by time first)', () => {
  it('without bounds reads the day up to the device’s newest DataTime, whenever that was', () => {
    const last = Date.parse('2025-06-01T08:30:00+08:00');
    expect(realtimeWindow({}, last, NOW)).toEqual({ from: last + HOUR - 24 * HOUR, to: last + HOUR });
    expect(realtimeWindow({}, null, NOW)).toEqual({ from: NOW + HOUR - 24 * HOUR, to: NOW + HOUR });
  });

  it('fills the missing end from the given one', () => {
    expect(realtimeWindow({ to: NOW }, null, NOW)).toEqual({ from: NOW - 24 * HOUR, to: NOW });
    expect(realtimeWindow({ from: NOW }, null, NOW)).toEqual({ from: NOW, to: NOW + REALTIME_MAX_WINDOW_MS });
  });

  it('refuses more than 7 days with a 400 that says so in both languages', () => {
    expect(realtimeWindow({ from: 0, to: REALTIME_MAX_WINDOW_MS }, null, NOW)).toEqual({
      from: 0,
      to: REALTIME_MAX_WINDOW_MS,
    });
    expect(() => realtimeWindow({ from: 0, to: REALTIME_MAX_WINDOW_MS + 1 }, null, NOW)).toThrow(
      /最多查询 7 天.*at most 7 days/,
    );
    const refused = (() => {
      try {
        return realtimeWindow({ from: 0, to: 30 * 24 * HOUR }, null, NOW);
      } catch (e) {
        return e;
      }
    })();
    expect(refused).toMatchObject({ status: 400, code: 'window_too_long' });
  });
});
