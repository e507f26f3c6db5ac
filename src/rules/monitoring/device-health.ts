/**
 * Device health (issue 14, "no process-local truth"): online / offline decided from a device's STORED sighting
 * times at a given instant, by one job, never on the ingest path. Pure: the same inputs give the same decision on
 * every node, so N nodes running the check give the events of one.
 *
 * - offline: no data and no heartbeat (HJ 212-2025 9015, "to judge whether the connection is online") for
 *   offline_after_missed × expected_interval_s; `missed` = whole intervals since the last of them. A device never
 *   heard from counts from `since` (when checking began for it, stored durably by the caller).
 * - online again: data or a heartbeat received after the instant it went offline (an event).
 * - unknown → online: heard from and not overdue, without an event (a device's first sighting is no recovery).
 *
 * Packets that are no data (1013, 3020, implausible ones) move only last_seen_at and count for nothing here.
 */
export type HealthState = 'unknown' | 'online' | 'offline';

export interface HealthConfig {
  enabled: boolean;
  /** Seconds between the data packets the device is expected to send; ≤ 0 = never judged offline. */
  expectedIntervalS: number;
  offlineAfterMissed: number;
}

export interface StoredHealth {
  state: HealthState;
  /** When the state began (for 'unknown': when counting began for a device never heard from, or null). */
  stateSince: number | null;
  /** Receive time of the newest data packet. */
  lastDataAt: number | null;
  /** Receive time of the newest heartbeat. */
  lastAliveAt: number | null;
}

export type HealthDecision =
  | { kind: 'none' }
  /** Went offline at `at` (= now); `from` is the last data/heartbeat (or `since`), `missed` whole intervals. */
  | { kind: 'offline'; at: number; from: number; missed: number }
  /** Back online: `at` = the newest data/heartbeat; `offlineSince` = when it had gone offline. */
  | { kind: 'online'; at: number; offlineSince: number | null }
  /** First heard: online from `at`, no event. */
  | { kind: 'first-online'; at: number };

/** The newest of the data and heartbeat receive times, or null when neither was ever received. */
export function lastActivityOf(h: Pick<StoredHealth, 'lastDataAt' | 'lastAliveAt'>): number | null {
  if (h.lastDataAt === null) return h.lastAliveAt;
  if (h.lastAliveAt === null) return h.lastDataAt;
  return Math.max(h.lastDataAt, h.lastAliveAt);
}

/**
 * The decision for one device at `now`. `since` is the instant a device never heard from counts from (its
 * stored first-check time); it is not used for a device with any data or heartbeat.
 */
export function decideDeviceHealth(
  config: HealthConfig,
  stored: StoredHealth,
  now: number,
  since: number,
): HealthDecision {
  if (!config.enabled) return { kind: 'none' };
  const last = lastActivityOf(stored);
  if (stored.state === 'offline') {
    // Offline is left only by something received after it began (a packet before it changed nothing).
    if (last !== null && (stored.stateSince === null || last > stored.stateSince))
      return { kind: 'online', at: last, offlineSince: stored.stateSince };
    return { kind: 'none' };
  }
  const intervalMs = config.expectedIntervalS * 1000;
  const from = last ?? since;
  if (intervalMs > 0 && now - from >= config.offlineAfterMissed * intervalMs)
    return { kind: 'offline', at: now, from, missed: Math.floor((now - from) / intervalMs) };
  if (stored.state === 'unknown' && last !== null) return { kind: 'first-online', at: last };
  return { kind: 'none' };
}
