import { UserError } from '#services/errors.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Longest real-time window one request may read: its cost grows with every logger's traffic in it. */
export const REALTIME_MAX_WINDOW_MS = 7 * DAY;

/**
 * The window a real-time read covers. Real-time values are stored by time first (migration 0007), so an
 * open-ended read would scan every logger's history: without bounds it is the day up to the device's newest
 * DataTime (an hour past it, for a clock running ahead), and no request may span more than 7 days.
 */
export function realtimeWindow(
  q: { from?: number | undefined; to?: number | undefined },
  lastDataTime: number | null,
  now: number,
): { from: number; to: number } {
  const to = q.to ?? (q.from !== undefined ? q.from + REALTIME_MAX_WINDOW_MS : (lastDataTime ?? now) + HOUR);
  const from = q.from ?? to - DAY;
  if (to - from > REALTIME_MAX_WINDOW_MS) {
    throw new UserError(
      'window_too_long',
      `实时数据一次最多查询 7 天 / a real-time read may span at most 7 days (asked: ${((to - from) / DAY).toFixed(1)} days)`,
      400,
    );
  }
  return { from, to };
}
