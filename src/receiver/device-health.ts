import type { DeviceState, DeviceStatusRow, NewEvent } from '#store/device-status.table.ts';

/**
 * Health of each device in memory (last seen, last DataTime, clock drift, online/offline), updated packet by
 * packet on the ingest path and persisted with each group commit. Pure state: no timers, no I/O; the monitor
 * (health-monitor.ts) drives the offline check with its own clock.
 */
export interface HealthSighting {
  mn: string;
  peer: string;
  receivedAt: number;
  /** Data packets only (2011/2051/2061/2031): DataTime as epoch ms. */
  dataTime?: number;
  /** Real-time packets only: receive time − DataTime (ms); > 0 when the logger clock runs behind. */
  driftMs?: number;
  /**
   * A HJ 212-2025 heartbeat (9015, "to judge whether the connection is online"): the logger is online although
   * it sends no data — it counts for the offline check and brings the logger online, without a DataTime.
   */
  alive?: boolean;
}

interface Health {
  lastSeenAt: number | null;
  lastPeer: string | null;
  lastDataTime: number | null;
  /** Receive time of the newest data packet (offline detection counts intervals from here). */
  lastDataAt: number | null;
  /** Receive time of the newest heartbeat (9015). */
  lastAliveAt: number | null;
  driftMs: number | null;
  state: DeviceState;
  stateSince: number | null;
}

export interface OnlineTransition {
  mn: string;
  at: number;
  offlineSince: number | null;
}

export interface OfflineCandidate {
  mn: string;
  expectedIntervalS: number;
  offlineAfterMissed: number;
}

export interface DeviceHealthTable {
  /** Seed from device_status (after a restart a device that was offline stays offline until data come). */
  load(rows: readonly DeviceStatusRow[]): void;
  /** Note a packet from an authenticated device; returns the status row to persist and a transition, if any. */
  sight(s: HealthSighting): { row: DeviceStatusRow; online?: OnlineTransition };
  /**
   * Devices whose last data are older than offline_after_missed × expected_interval_s at `now` (a device never
   * heard from counts from `since`, the monitor's start); they are marked offline here.
   */
  markOffline(
    devices: readonly OfflineCandidate[],
    now: number,
    since: number,
  ): { row: DeviceStatusRow; lastSeenAt: number | null; missed: number }[];
  row(mn: string): DeviceStatusRow | undefined;
  rows(): DeviceStatusRow[];
}

function toRow(mn: string, h: Health): DeviceStatusRow {
  return {
    mn,
    last_seen_at: h.lastSeenAt,
    last_peer: h.lastPeer,
    last_data_time: h.lastDataTime,
    clock_drift_ms: h.driftMs,
    state: h.state,
    state_since: h.stateSince,
  };
}

export function createDeviceHealth(): DeviceHealthTable {
  const table = new Map<string, Health>();
  const fresh = (): Health => ({
    lastSeenAt: null,
    lastPeer: null,
    lastDataTime: null,
    lastDataAt: null,
    lastAliveAt: null,
    driftMs: null,
    state: 'unknown',
    stateSince: null,
  });

  return {
    load(rows) {
      for (const r of rows) {
        table.set(r.mn, {
          lastSeenAt: r.last_seen_at,
          lastPeer: r.last_peer,
          lastDataTime: r.last_data_time,
          lastDataAt: r.last_seen_at,
          lastAliveAt: null,
          driftMs: r.clock_drift_ms,
          state: r.state,
          stateSince: r.state_since,
        });
      }
    },
    sight(s) {
      let h = table.get(s.mn);
      if (!h) {
        h = fresh();
        table.set(s.mn, h);
      }
      h.lastSeenAt = Math.max(h.lastSeenAt ?? 0, s.receivedAt);
      h.lastPeer = s.peer;
      let online: OnlineTransition | undefined;
      if (s.alive === true) h.lastAliveAt = Math.max(h.lastAliveAt ?? 0, s.receivedAt);
      if (s.dataTime !== undefined || s.alive === true) {
        if (s.dataTime !== undefined) {
          h.lastDataAt = Math.max(h.lastDataAt ?? 0, s.receivedAt);
          // Back-fill (补传) of old periods does not move the newest DataTime backwards.
          if (h.lastDataTime === null || s.dataTime > h.lastDataTime) h.lastDataTime = s.dataTime;
          if (s.driftMs !== undefined) h.driftMs = s.driftMs;
        }
        if (h.state !== 'online') {
          if (h.state === 'offline') online = { mn: s.mn, at: s.receivedAt, offlineSince: h.stateSince };
          h.state = 'online';
          h.stateSince = s.receivedAt;
        }
      }
      return online ? { row: toRow(s.mn, h), online } : { row: toRow(s.mn, h) };
    },
    markOffline(devices, now, since) {
      const out: { row: DeviceStatusRow; lastSeenAt: number | null; missed: number }[] = [];
      for (const d of devices) {
        let h = table.get(d.mn);
        if (h?.state === 'offline') continue;
        const intervalMs = d.expectedIntervalS * 1000;
        // Data or a heartbeat (9015) keep the logger online.
        const from = Math.max(h?.lastDataAt ?? since, h?.lastAliveAt ?? 0);
        if (intervalMs <= 0 || now - from < d.offlineAfterMissed * intervalMs) continue;
        if (!h) {
          h = fresh();
          table.set(d.mn, h);
        }
        h.state = 'offline';
        h.stateSince = now;
        out.push({
          row: toRow(d.mn, h),
          lastSeenAt: h.lastSeenAt,
          missed: Math.floor((now - from) / intervalMs),
        });
      }
      return out;
    },
    row(mn) {
      const h = table.get(mn);
      return h ? toRow(mn, h) : undefined;
    },
    rows: () => [...table.entries()].map(([mn, h]) => toRow(mn, h)),
  };
}

/** The events row of a transition (kind device_offline / device_online, subject = MN, detail = JSON). */
export function healthEvent(
  kind: 'device_offline' | 'device_online',
  mn: string,
  at: number,
  detail: object,
): NewEvent {
  return { at, kind, subject: mn, detail: JSON.stringify(detail) };
}
