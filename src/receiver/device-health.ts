import type { DeviceSightingRow, DeviceStatusRow } from '#store/device-status.table.ts';

/**
 * This node's cache of each device's sightings (last seen, last DataTime, clock drift, newest data/heartbeat
 * receive times), updated packet by packet on the ingest path; it builds the sighting row persisted with each group
 * commit. It decides NOTHING about online/offline (issue 14): the stored times are the truth, several nodes write
 * them forward-only (receiver-batch.repository.ts), and one job decides the state from them
 * (store/device-health.repository.ts, rules/monitoring/device-health.ts). Pure state: no timers, no I/O.
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
  /** Receive time of the newest data packet. */
  lastDataAt: number | null;
  /** Receive time of the newest heartbeat (9015). */
  lastAliveAt: number | null;
  driftMs: number | null;
}

export interface DeviceHealthTable {
  /** Seed from device_status (after a restart the row keeps the stored times). */
  load(rows: readonly DeviceStatusRow[]): void;
  /** Note a packet from an authenticated device; returns the sighting row to persist. */
  sight(s: HealthSighting): { row: DeviceSightingRow };
  row(mn: string): DeviceSightingRow | undefined;
  rows(): DeviceSightingRow[];
}

function toRow(mn: string, h: Health): DeviceSightingRow {
  return {
    mn,
    last_seen_at: h.lastSeenAt,
    last_peer: h.lastPeer,
    last_data_time: h.lastDataTime,
    last_data_at: h.lastDataAt,
    last_alive_at: h.lastAliveAt,
    clock_drift_ms: h.driftMs,
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
  });

  return {
    load(rows) {
      for (const r of rows) {
        table.set(r.mn, {
          lastSeenAt: r.last_seen_at,
          lastPeer: r.last_peer,
          lastDataTime: r.last_data_time,
          lastDataAt: r.last_data_at,
          lastAliveAt: r.last_alive_at,
          driftMs: r.clock_drift_ms,
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
      if (s.alive === true) h.lastAliveAt = Math.max(h.lastAliveAt ?? 0, s.receivedAt);
      if (s.dataTime !== undefined) {
        h.lastDataAt = Math.max(h.lastDataAt ?? 0, s.receivedAt);
        // Back-fill (补传) of old periods does not move the newest DataTime backwards.
        if (h.lastDataTime === null || s.dataTime > h.lastDataTime) h.lastDataTime = s.dataTime;
        if (s.driftMs !== undefined) h.driftMs = s.driftMs;
      }
      return { row: toRow(s.mn, h) };
    },
    row(mn) {
      const h = table.get(mn);
      return h ? toRow(mn, h) : undefined;
    },
    rows: () => [...table.entries()].map(([mn, h]) => toRow(mn, h)),
  };
}
