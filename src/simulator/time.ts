/** Simulated-time helpers. Times are epoch ms; HJ 212 DataTime is Beijing time (+08:00), whole hours apart from UTC. */

export const SECOND = 1_000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
const BEIJING_OFFSET = 8 * HOUR;

/** Start of the minute/hour/interval containing `t`. */
export function floorTo(t: number, unit: number): number {
  return t - (((t % unit) + unit) % unit);
}

/** First multiple of `unit` strictly after `t`. */
export function nextMultiple(t: number, unit: number): number {
  return floorTo(t, unit) + unit;
}

/** Beijing wall-clock hour (0–23) of `t`. */
export function beijingHour(t: number): number {
  return Math.floor(((((t + BEIJING_OFFSET) % 86_400_000) + 86_400_000) % 86_400_000) / HOUR);
}

/** Day number (Beijing calendar days since the epoch) of `t`. */
export function beijingDay(t: number): number {
  return Math.floor((t + BEIJING_OFFSET) / 86_400_000);
}
