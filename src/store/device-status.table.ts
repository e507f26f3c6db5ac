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
export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
