/**
 * Why an hour of a station has no value (issue 12: "gaps explained"), from what the data tell: the station's
 * data logger was offline then (device_offline … device_online), values came but none was usable (stored as
 * null, negative or absurd, with the logger's HJ 212 flag when it sent one), or nothing came at all. The chart
 * shows such hours as gaps, never bridged, with this reason.
 */

export type GapReason = 'offline' | 'invalid' | 'no-data';

/** A run of missing hours: hour indexes [from, to) of the series, one reason, the flag of invalid values. */
export interface HourGap {
  from: number;
  to: number;
  reason: GapReason;
  flag: string | null;
}

export interface GapInputs {
  /** Start of the first hour (epoch ms) and the number of hours. */
  t0: number;
  count: number;
  /** Per hour: true when no pollutant has a usable value (the whole station is missing). */
  missing: readonly boolean[];
  /** Hour starts (epoch ms) with stored but unusable values, and the flag sent with them (or null). */
  invalid: ReadonlyMap<number, string | null>;
  /**
   * Per logger of the station, its periods [from, to) (epoch ms) offline; `to` null = still offline. An hour is
   * an offline gap only when every logger was offline in it (a backup logger that stayed up keeps the station).
   */
  offline: readonly (readonly { from: number; to: number | null }[])[];
}

const HOUR = 3_600_000;

function reasonAt(inputs: GapInputs, i: number): { reason: GapReason; flag: string | null } {
  const start = inputs.t0 + i * HOUR;
  const end = start + HOUR;
  // Offline first: a logger that was down explains the silence better than the silence itself.
  const down = (periods: readonly { from: number; to: number | null }[]) =>
    periods.some((p) => p.from < end && (p.to === null || p.to > start));
  if (inputs.offline.length > 0 && inputs.offline.every(down)) return { reason: 'offline', flag: null };
  if (inputs.invalid.has(start)) return { reason: 'invalid', flag: inputs.invalid.get(start) ?? null };
  return { reason: 'no-data', flag: null };
}

/** The missing hours as runs of one reason each, in order. */
export function hourGaps(inputs: GapInputs): HourGap[] {
  const gaps: HourGap[] = [];
  for (let i = 0; i < inputs.count; i++) {
    if (!inputs.missing[i]) continue;
    const { reason, flag } = reasonAt(inputs, i);
    const last = gaps[gaps.length - 1];
    if (last && last.to === i && last.reason === reason && last.flag === flag) last.to = i + 1;
    else gaps.push({ from: i, to: i + 1, reason, flag });
  }
  return gaps;
}

/**
 * Offline periods from a logger's state changes in time order (`before`: its state when the window opens):
 * each device_offline opens a period, the next device_online closes it.
 */
export function offlinePeriods(
  before: 'offline' | 'online' | undefined,
  windowStart: number,
  changes: readonly { at: number; kind: 'device_offline' | 'device_online' }[],
): { from: number; to: number | null }[] {
  const out: { from: number; to: number | null }[] = [];
  let openAt: number | null = before === 'offline' ? windowStart : null;
  for (const c of changes) {
    if (c.kind === 'device_offline' && openAt === null) openAt = c.at;
    else if (c.kind === 'device_online' && openAt !== null) {
      out.push({ from: openAt, to: c.at });
      openAt = null;
    }
  }
  if (openAt !== null) out.push({ from: openAt, to: null });
  return out;
}
