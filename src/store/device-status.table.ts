import type { Generated, Insertable, Selectable } from 'kysely';

export type DeviceState = 'unknown' | 'online' | 'offline';

/** Health of one device, kept by the receiver. */
export interface DeviceStatusTable {
  mn: string;
  last_seen_at: number | null;
  last_peer: string | null;
  /** DataTime of the newest data packet (epoch ms). */
  last_data_time: number | null;
  /** Receive time minus DataTime of the newest real-time packet (ms); a logger clock running behind is > 0. */
  clock_drift_ms: number | null;
  /** Receive time of the newest data packet (migration 0018): offline counts from here. */
  last_data_at: number | null;
  /** Receive time of the newest HJ 212-2025 heartbeat 9015 (migration 0018): it keeps a logger online too. */
  last_alive_at: number | null;
  /**
   * Decided only by the health job (store/device-health.repository.ts), never by ingest. For an 'unknown' device
   * never heard from: when the first check began counting for it (durable, so a restart does not reset it).
   */
  state: DeviceState;
  state_since: number | null;
}

/** Something that happened that other parts of the platform react to (e.g. device_offline). */
export interface EventsTable {
  id: Generated<number>;
  at: number;
  kind: string;
  subject: string;
  /** JSON text. */
  detail: string | null;
}

export type DeviceStatusRow = Selectable<DeviceStatusTable>;
/**
 * What ingest writes (every node): the sighting times, each moving forward only, never the state. The health
 * job decides the state from them.
 */
export type DeviceSightingRow = Omit<DeviceStatusRow, 'state' | 'state_since'>;
export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
